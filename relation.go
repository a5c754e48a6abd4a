package thingsboard

// RelationService manages entity relations. See Client.Relations.
type RelationService service
