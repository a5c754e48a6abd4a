// Package query is the emulator's Entity Data Query engine: it resolves entity filters,
// applies key filters, sorts, searches and pages entities and alarms the way
// ThingsBoard's SQL query repository does, over any data Source.
package query
