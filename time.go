package thingsboard

import "time"

// Millis converts t to epoch milliseconds, the unit of every ThingsBoard timestamp.
// The zero time converts to 0.
func Millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// TimeOf converts epoch milliseconds to a time.Time in UTC. 0 converts to the zero time.
func TimeOf(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
