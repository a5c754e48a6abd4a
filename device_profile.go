package thingsboard

// DeviceProfileService manages device profiles. See Client.DeviceProfiles.
type DeviceProfileService service
