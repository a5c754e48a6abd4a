package thingsboard

// ResourceService manages resources (JavaScript modules, LwM2M models, files). See Client.Resources.
type ResourceService service
