package thingsboard

// TenantProfileService manages tenant profiles (system administrator). See Client.TenantProfiles.
type TenantProfileService service
