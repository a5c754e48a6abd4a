package thingsboard

// SchedulerEventService manages scheduler events (Professional Edition). See Client.SchedulerEvents.
type SchedulerEventService service
