package thingsboard

// EdgeService manages edges. See Client.Edges.
type EdgeService service
