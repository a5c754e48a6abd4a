package thingsboard

// AdminService reads and writes system and tenant settings: mail, SMS, security, repository and auto-commit settings, update checks. See Client.Admin.
type AdminService service
