package thingsboard

// QueueService manages rule engine queues. See Client.Queues.
type QueueService service
