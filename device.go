package thingsboard

// DeviceService manages devices and their credentials. See Client.Devices.
type DeviceService service
