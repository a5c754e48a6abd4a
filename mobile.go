package thingsboard

// MobileService reads mobile application settings and QR codes. See Client.Mobile.
type MobileService service
