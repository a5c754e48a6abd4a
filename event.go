package thingsboard

// EventService reads entity events (lifecycle, errors, debug). See Client.Events.
type EventService service
