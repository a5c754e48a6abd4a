package thingsboard

// APIKeyService manages API keys (ThingsBoard 4.3+). See Client.APIKeys.
type APIKeyService service
