package thingsboard

// AlarmService manages alarms and alarm comments. See Client.Alarms.
type AlarmService service
