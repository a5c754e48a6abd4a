package thingsboard

// AuditLogService reads audit logs. See Client.AuditLogs.
type AuditLogService service
