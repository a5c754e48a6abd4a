package thingsboard

// RoleService manages roles (Professional Edition). See Client.Roles.
type RoleService service
