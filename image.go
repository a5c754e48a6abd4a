package thingsboard

// ImageService manages images. See Client.Images.
type ImageService service
