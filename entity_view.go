package thingsboard

// EntityViewService manages entity views. See Client.EntityViews.
type EntityViewService service
