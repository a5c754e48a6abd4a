package thingsboard

// GroupPermissionService manages group permissions (Professional Edition). See Client.GroupPermissions.
type GroupPermissionService service
