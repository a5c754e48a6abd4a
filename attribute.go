package thingsboard

// AttributeService reads, writes and deletes entity attributes over REST. See Client.Attributes.
type AttributeService service
