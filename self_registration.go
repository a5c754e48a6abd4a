package thingsboard

// SelfRegistrationService manages self-registration settings (Professional Edition). See Client.SelfRegistration.
type SelfRegistrationService service
