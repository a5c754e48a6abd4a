package thingsboard

// UserPermissionService reads the current user's permissions (Professional Edition). See Client.UserPermissions.
type UserPermissionService service
