package thingsboard

// EntityQueryService runs Entity Data Query API requests: find and count entities and alarms. See Client.EntityQuery.
type EntityQueryService service
