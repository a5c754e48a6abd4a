package thingsboard

// ConverterService manages data converters (Professional Edition). See Client.Converters.
type ConverterService service
