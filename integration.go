package thingsboard

// IntegrationService manages integrations (Professional Edition). See Client.Integrations.
type IntegrationService service
