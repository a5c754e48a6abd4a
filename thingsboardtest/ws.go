package thingsboardtest

import (
	"time"

	"github.com/tbgo/thingsboard/internal/emulator"
)

// WithWebSocketPing sets how often the WebSocket server pings a session that has not
// answered a ping for interval (default 10s), and after how long without a pong it
// closes the session with 4500 (default 30s).
func WithWebSocketPing(interval, timeout time.Duration) Option {
	return emulator.WithWebSocketPing(interval, timeout)
}

// WithWebSocketAuthTimeout sets how long a WebSocket session may stay without an
// authCmd before it is closed with 1008 (default 10s).
func WithWebSocketAuthTimeout(d time.Duration) Option { return emulator.WithWebSocketAuthTimeout(d) }

// WithWebSocketQueueLimit sets how many messages may wait to be sent to one WebSocket
// session before it is closed with 1008 "Max pending updates limit reached!" (default 1000).
func WithWebSocketQueueLimit(n int) Option { return emulator.WithWebSocketQueueLimit(n) }
