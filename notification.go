package thingsboard

// NotificationService manages notifications, notification targets, templates, rules and requests over REST. See Client.Notifications.
type NotificationService service
