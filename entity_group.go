package thingsboard

// EntityGroupService manages entity groups (Professional Edition). See Client.EntityGroups.
type EntityGroupService service
