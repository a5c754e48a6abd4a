package thingsboard

// OwnerService changes the owner of entities (Professional Edition). See Client.Owners.
type OwnerService service
