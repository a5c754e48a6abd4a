package thingsboard

// TenantService manages tenants (system administrator). See Client.Tenants.
type TenantService service
