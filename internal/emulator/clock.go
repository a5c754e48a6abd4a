package emulator

import (
	"sync"
	"time"
)

// Clock is the emulator's time source: real time shifted by an adjustable offset.
// Tokens, createdTime values, attribute and time-series timestamps and error
// timestamps all come from it. It is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
	now    func() time.Time
}

// NewClock returns a clock that reads start now and then advances with real time.
// A zero start gives a clock that follows real time.
func NewClock(start time.Time) *Clock {
	c := &Clock{now: time.Now}
	if !start.IsZero() {
		c.offset = time.Until(start)
	}
	return c
}

// Now returns the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now().Add(c.offset)
}

// Millis returns the current time in epoch milliseconds.
func (c *Clock) Millis() int64 { return c.Now().UnixMilli() }

// Advance moves the clock forward by d (backward when d is negative).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// Set makes the clock read t now; it keeps advancing with real time afterwards.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = t.Sub(c.now())
}
