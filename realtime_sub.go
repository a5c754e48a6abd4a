package thingsboard

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
)

// SubscriptionEvent is one item of a subscription's stream: an update from the server,
// an error, or the signal that the connection was re-established.
type SubscriptionEvent[T any] struct {
	// Update is the server's message. It is set when Err is nil and Reconnected is false.
	Update T
	// Err is set when the server reported an error for this subscription
	// (a *SubscriptionError), when the connection was lost (an error wrapping
	// ErrConnectionLost and the cause, often a *CloseError; the client reconnects and
	// the stream goes on), when an update could not be decoded, and on the last event
	// of a subscription that ended for a reason other than its own Close (then
	// Subscription.Err returns the same error).
	Err error
	// Reconnected is set when the connection was re-established and the subscription's
	// command sent again. The server then starts over: for data subscriptions the next
	// update is a fresh snapshot, so a subscriber that keeps state should reset it.
	Reconnected bool
	// Dropped counts the events discarded just before this one because the subscriber
	// did not keep up (see Subscription). A subscriber that keeps state from deltas
	// should consider it stale and ask for a fresh snapshot.
	Dropped int
}

// Subscription is one live subscription on the client's WebSocket connection.
//
// Its events arrive on the channel returned by Events, in the order the server sent
// them. The channel is buffered (RealtimeOptions.Buffer events); reading never blocks
// the connection or other subscriptions. When the buffer is full, the oldest buffered
// event is discarded to make room and the next event delivered reports, in Dropped, how
// many were lost; Dropped returns the running total. So a slow reader loses old updates
// but always sees the newest ones, and learns that it lost some.
//
// The channel is closed when the subscription ends: after Close, or after a last event
// with Err set when it ends for another reason (TelemetryService.Close, a connection
// failure the client does not retry, an authentication failure). Err then tells why.
//
// All methods are safe for concurrent use. Close may be called more than once.
type Subscription[T any] struct {
	base   subBase
	ss     *session
	ch     chan SubscriptionEvent[T]
	status func(*T) (SubscriptionErrorCode, string)

	mu      sync.Mutex // guards the fields below and sends on ch
	ended   bool
	pending int // events dropped since the last delivered event
	err     error

	dropped atomic.Int64
}

// subBase is the registration state of a subscription, guarded by session.mu.
type subBase struct {
	id    int
	cmd   wsCmd  // the command that (re)creates the subscription
	unsub *wsCmd // the command that cancels it, nil when there is none
	// oneShot: removed after it was sent once (commands without a subscription).
	oneShot bool

	sentGen uint64     // generation of the connection the command was last written on
	acked   bool       // written at least once; ack has been answered
	ack     chan error // answered once: nil when first written, or why it never was
}

// sink is what the session knows of a subscription.
type sink interface {
	b() *subBase
	deliver(msg []byte)
	signal(ev sinkSignal, err error)
	finish(err error)
}

type sinkSignal int

const (
	signalReconnected sinkSignal = iota
	signalError
)

func newSubscription[T any, PT interface {
	*T
	status() (SubscriptionErrorCode, string)
}](ss *session, cmd wsCmd, unsub *wsCmd) *Subscription[T] {
	return &Subscription[T]{
		ss:     ss,
		ch:     make(chan SubscriptionEvent[T], ss.opts.Buffer),
		status: func(t *T) (SubscriptionErrorCode, string) { return PT(t).status() },
		base:   subBase{cmd: cmd, unsub: unsub, ack: make(chan error, 1)},
	}
}

// CmdID returns the subscription's command id on the connection.
func (s *Subscription[T]) CmdID() int { return s.base.id }

// Events returns the subscription's event stream. It is closed when the subscription
// ends. Range over it:
//
//	for ev := range sub.Events() { ... }
func (s *Subscription[T]) Events() <-chan SubscriptionEvent[T] { return s.ch }

// Next waits for the next event. After the stream ended it returns Err's error, or
// ErrSubscriptionClosed when the subscription was closed by Close.
func (s *Subscription[T]) Next(ctx context.Context) (SubscriptionEvent[T], error) {
	select {
	case ev, ok := <-s.ch:
		if !ok {
			var zero SubscriptionEvent[T]
			if err := s.Err(); err != nil {
				return zero, err
			}
			return zero, ErrSubscriptionClosed
		}
		return ev, nil
	case <-ctx.Done():
		var zero SubscriptionEvent[T]
		return zero, ctx.Err()
	}
}

// Dropped returns how many events were discarded so far because the subscriber did not
// keep up.
func (s *Subscription[T]) Dropped() int64 { return s.dropped.Load() }

// Err returns why the subscription ended: nil while it is active or after Close.
func (s *Subscription[T]) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Close cancels the subscription: the client sends the matching unsubscribe command
// when connected, and the event channel is closed.
func (s *Subscription[T]) Close() error {
	s.ss.remove(s, true)
	s.finish(nil)
	return nil
}

func (s *Subscription[T]) b() *subBase { return &s.base }

// deliver decodes a server message and queues it. It runs on the connection's reader.
func (s *Subscription[T]) deliver(msg []byte) {
	var ev SubscriptionEvent[T]
	if err := json.Unmarshal(msg, &ev.Update); err != nil {
		var zero T
		ev.Update = zero
		ev.Err = fmt.Errorf("thingsboard: subscription %d: decoding update: %w", s.base.id, err)
	} else if code, text := s.status(&ev.Update); code != SubscriptionNoError {
		var zero T
		ev.Update = zero
		ev.Err = &SubscriptionError{CmdID: s.base.id, Code: code, Message: text}
	}
	s.push(ev)
}

func (s *Subscription[T]) signal(sig sinkSignal, err error) {
	switch sig {
	case signalReconnected:
		s.push(SubscriptionEvent[T]{Reconnected: true})
	case signalError:
		s.push(SubscriptionEvent[T]{Err: err})
	}
}

// push queues ev without ever blocking: when the buffer is full the oldest event goes.
func (s *Subscription[T]) push(ev SubscriptionEvent[T]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return
	}
	s.pushLocked(ev)
}

func (s *Subscription[T]) pushLocked(ev SubscriptionEvent[T]) {
	for {
		ev.Dropped = s.pending
		select {
		case s.ch <- ev:
			s.pending = 0
			return
		default:
		}
		select {
		case old := <-s.ch:
			s.pending += 1 + old.Dropped
			s.dropped.Add(1)
		default:
		}
	}
}

// finish ends the stream. A non-nil err is delivered as the last event.
func (s *Subscription[T]) finish(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended {
		return
	}
	if err != nil {
		s.pushLocked(SubscriptionEvent[T]{Err: err})
		s.err = err
	}
	s.ended = true
	close(s.ch)
}
