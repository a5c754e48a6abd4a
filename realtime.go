package thingsboard

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// TelemetryService subscribes to live data over the WebSocket API. See Client.Telemetry.
//
// Every subscription shares one WebSocket connection, opened by the first Subscribe
// call and multiplexed by command id. By default it speaks the protocol of ThingsBoard
// 3.7 and later (/api/ws, an authCmd in the first message, typed commands);
// RealtimeOptions.Legacy selects the older /api/ws/plugins/telemetry endpoint. The
// connection authenticates with the client's credentials: its access token, refreshed
// first when it is about to expire, or its API key (servers that accept API keys on the
// WebSocket). When the connection is lost the service reconnects with exponential
// backoff and jitter, authenticates with a fresh token, sends every subscription again
// and tells each subscriber with a Reconnected event (see RealtimeOptions.Reconnect).
//
// Subscribe calls return once the command was sent; the server's answer, errors
// included, arrives on the subscription's event stream. The server watches from the
// moment it answers: a change saved before the first update (the snapshot) is part of
// the snapshot rather than an update of its own. The server never acknowledges
// authentication, so a refused token shows up as the connection closing with a
// *CloseError (1007) rather than as an error of Subscribe.
//
// All methods are safe for concurrent use. Close ends every subscription and every
// goroutine of the service; a later Subscribe opens a new connection. A service
// without subscriptions closes its connection after RealtimeOptions.Linger and then
// keeps no goroutine.
type TelemetryService struct {
	client *Client
	opts   RealtimeOptions

	mu   sync.Mutex
	sess *session
}

func newTelemetryService(c *Client) *TelemetryService {
	// WithRealtime, applied before this runs, leaves its options in a service value.
	s := c.Telemetry
	if s == nil {
		s = &TelemetryService{}
	}
	s.client = c
	s.opts = s.opts.withDefaults()
	return s
}

// RealtimeOptions configures Client.Telemetry. Zero fields take their defaults.
type RealtimeOptions struct {
	// Legacy selects the protocol of servers before 3.7: the
	// /api/ws/plugins/telemetry endpoint with the token on the URL and per-type command
	// arrays. It has no ALARM_STATUS or notification commands and cannot authenticate
	// with an API key.
	Legacy bool
	// URL overrides the WebSocket endpoint, such as "wss://host/api/ws". By default it is
	// the client's base URL with the ws or wss scheme and the endpoint path appended.
	URL string
	// Buffer is the number of events each subscription buffers for its reader
	// (default 256). See Subscription for what happens when it is full.
	Buffer int
	// Reconnect says how a lost connection is re-established.
	Reconnect ReconnectPolicy
	// DialTimeout bounds getting a token and the WebSocket handshake (default 30s).
	DialTimeout time.Duration
	// WriteTimeout bounds each write to the socket (default 10s).
	WriteTimeout time.Duration
	// IdleTimeout is how long the connection may go without any message or ping from the
	// server before it is considered dead and replaced (default 60s; ThingsBoard pings
	// every 10s). A negative value disables the check.
	IdleTimeout time.Duration
	// Linger is how long the connection stays open after the last subscription ended
	// (default 30s). A negative value closes it at once.
	Linger time.Duration
	// ReadLimit is the largest message accepted from the server (default 64 MiB).
	ReadLimit int64
	// MaxMessageSize is the largest message sent to the server (default 32768 bytes,
	// the server's limit); commands are batched up to it.
	MaxMessageSize int
}

// ReconnectPolicy says how the telemetry service re-establishes a lost connection.
// Waits grow exponentially from MinDelay to MaxDelay; each is chosen at random in its
// upper half. An attempt whose connection closes before the server sent anything counts
// as failed.
type ReconnectPolicy struct {
	// Disabled ends every subscription, with the cause, when the connection is lost.
	Disabled bool
	// MinDelay is the first wait (default 1s); MaxDelay caps the waits (default 60s).
	MinDelay time.Duration
	MaxDelay time.Duration
	// MaxAttempts is the number of consecutive failed attempts after which every
	// subscription ends with the last error; 0 means no limit.
	MaxAttempts int
}

func (o RealtimeOptions) withDefaults() RealtimeOptions {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	if o.Buffer <= 0 {
		o.Buffer = 256
	}
	def(&o.Reconnect.MinDelay, time.Second)
	def(&o.Reconnect.MaxDelay, 60*time.Second)
	if o.Reconnect.MaxDelay < o.Reconnect.MinDelay {
		o.Reconnect.MaxDelay = o.Reconnect.MinDelay
	}
	def(&o.DialTimeout, 30*time.Second)
	def(&o.WriteTimeout, 10*time.Second)
	def(&o.IdleTimeout, 60*time.Second)
	def(&o.Linger, 30*time.Second)
	if o.ReadLimit <= 0 {
		o.ReadLimit = 64 << 20
	}
	if o.MaxMessageSize <= 0 {
		o.MaxMessageSize = 32768
	}
	return o
}

// WithRealtime configures the WebSocket connection of Client.Telemetry.
func WithRealtime(o RealtimeOptions) Option {
	return func(c *Client) error {
		if o.Buffer < 0 || o.DialTimeout < 0 || o.WriteTimeout < 0 || o.ReadLimit < 0 || o.MaxMessageSize < 0 ||
			o.Reconnect.MinDelay < 0 || o.Reconnect.MaxDelay < 0 || o.Reconnect.MaxAttempts < 0 {
			return errors.New("thingsboard: WithRealtime: negative value")
		}
		c.Telemetry = &TelemetryService{opts: o}
		return nil
	}
}

func (s *TelemetryService) session() *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil {
		s.sess = newSession(s.client, s.opts)
	}
	return s.sess
}

// Close ends every subscription (their streams end with ErrTelemetryClosed), closes the
// connection and waits for every goroutine of the service to return. The service can
// be used again afterwards: the next Subscribe opens a new connection.
func (s *TelemetryService) Close() error {
	s.mu.Lock()
	ss := s.sess
	s.sess = nil
	s.mu.Unlock()
	if ss != nil {
		ss.close()
	}
	return nil
}

func subscribe[T any, PT interface {
	*T
	status() (SubscriptionErrorCode, string)
}](ctx context.Context, s *TelemetryService, op string, cmd wsCmd, unsub *wsCmd, oneShot bool) (*Subscription[T], error) {
	if s.opts.Legacy {
		if _, ok := legacyArrays[cmd.typ]; !ok {
			return nil, fmt.Errorf("thingsboard: %s: %w: %s", op, ErrLegacyUnsupported, cmd.typ)
		}
	}
	ss := s.session()
	sub := newSubscription[T, PT](ss, cmd, unsub)
	sub.base.oneShot = oneShot
	if err := ss.subscribe(ctx, sub); err != nil {
		sub.finish(nil)
		return nil, fmt.Errorf("thingsboard: %s: %w", op, err)
	}
	return sub, nil
}

// SubscribeAttributes subscribes to the attributes of an entity. The first update
// holds the current values of the requested keys; later ones hold changed values, and
// a deleted attribute as a value with Ts 0 and an empty Value.
func (s *TelemetryService) SubscribeAttributes(ctx context.Context, cmd AttributesSubscriptionCmd) (*Subscription[TelemetryUpdate], error) {
	if err := checkEntity("SubscribeAttributes", "EntityID", cmd.EntityID); err != nil {
		return nil, err
	}
	unsub := cmd.wire(0, true)
	return subscribe[TelemetryUpdate](ctx, s, "SubscribeAttributes", cmd.wire(0, false), &unsub, false)
}

// SubscribeTimeseries subscribes to the time series of an entity. See TimeseriesSubscriptionCmd.
func (s *TelemetryService) SubscribeTimeseries(ctx context.Context, cmd TimeseriesSubscriptionCmd) (*Subscription[TelemetryUpdate], error) {
	if err := checkEntity("SubscribeTimeseries", "EntityID", cmd.EntityID); err != nil {
		return nil, err
	}
	unsub := cmd.wire(0, true)
	return subscribe[TelemetryUpdate](ctx, s, "SubscribeTimeseries", cmd.wire(0, false), &unsub, false)
}

// History reads the history of some time series of an entity over the WebSocket. A
// server error is returned as a *SubscriptionError.
func (s *TelemetryService) History(ctx context.Context, cmd TimeseriesHistoryCmd) (*TelemetryUpdate, error) {
	if err := checkEntity("History", "EntityID", cmd.EntityID); err != nil {
		return nil, err
	}
	if len(cmd.Keys) == 0 {
		return nil, errors.New("thingsboard: History: no keys")
	}
	sub, err := subscribe[TelemetryUpdate](ctx, s, "History", cmd.wire(0), nil, false)
	if err != nil {
		return nil, err
	}
	defer sub.Close()
	for {
		ev, err := sub.Next(ctx)
		if err != nil {
			return nil, fmt.Errorf("thingsboard: History: %w", err)
		}
		switch {
		case ev.Reconnected, errors.Is(ev.Err, ErrConnectionLost):
			// The command is sent again on the new connection.
		case ev.Err != nil:
			return nil, ev.Err
		default:
			u := ev.Update
			return &u, nil
		}
	}
}

// SubscribeAlarmStatus subscribes to whether an entity has active alarms of the given
// types and severities (ThingsBoard 3.9+).
func (s *TelemetryService) SubscribeAlarmStatus(ctx context.Context, cmd AlarmStatusCmd) (*Subscription[AlarmStatusUpdate], error) {
	if err := checkEntity("SubscribeAlarmStatus", "OriginatorID", cmd.OriginatorID); err != nil {
		return nil, err
	}
	body := wsAlarmStatusBody{OriginatorID: cmd.OriginatorID, TypeList: cmd.TypeList, SeverityList: cmd.SeverityList}
	return subscribe[AlarmStatusUpdate](ctx, s, "SubscribeAlarmStatus", wsCmd{typ: cmdAlarmStatus, body: body},
		&wsCmd{typ: cmdAlarmStatusUnsubscribe, body: wsIDBody{}}, false)
}

// SubscribeNotifications subscribes to the current user's unread notifications.
func (s *TelemetryService) SubscribeNotifications(ctx context.Context, cmd NotificationsCmd) (*Subscription[NotificationsUpdate], error) {
	if cmd.Limit < 0 {
		return nil, errors.New("thingsboard: SubscribeNotifications: negative limit")
	}
	body := wsNotificationsBody{Limit: cmd.Limit, Types: cmd.Types}
	return subscribe[NotificationsUpdate](ctx, s, "SubscribeNotifications", wsCmd{typ: cmdNotifications, body: body},
		&wsCmd{typ: cmdNotificationsUnsubscribe, body: wsIDBody{}}, false)
}

// SubscribeNotificationsCount subscribes to the number of the current user's unread
// notifications.
func (s *TelemetryService) SubscribeNotificationsCount(ctx context.Context) (*Subscription[NotificationsCountUpdate], error) {
	return subscribe[NotificationsCountUpdate](ctx, s, "SubscribeNotificationsCount", wsCmd{typ: cmdNotificationsCount, body: wsIDBody{}},
		&wsCmd{typ: cmdNotificationsUnsubscribe, body: wsIDBody{}}, false)
}

// MarkNotificationsAsRead marks notifications of the current user as read. The change
// shows in notification subscriptions; the command itself has no answer.
func (s *TelemetryService) MarkNotificationsAsRead(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return errors.New("thingsboard: MarkNotificationsAsRead: no notification ids")
	}
	for _, id := range ids {
		if id == "" {
			return errors.New("thingsboard: MarkNotificationsAsRead: empty notification id")
		}
	}
	sub, err := subscribe[NotificationsCountUpdate](ctx, s, "MarkNotificationsAsRead",
		wsCmd{typ: cmdMarkNotificationsAsRead, body: wsMarkAsReadBody{Notifications: ids}}, nil, true)
	if err != nil {
		return err
	}
	sub.finish(nil)
	return nil
}

// MarkAllNotificationsAsRead marks every notification of the current user as read.
func (s *TelemetryService) MarkAllNotificationsAsRead(ctx context.Context) error {
	sub, err := subscribe[NotificationsCountUpdate](ctx, s, "MarkAllNotificationsAsRead",
		wsCmd{typ: cmdMarkAllNotificationsAsRead, body: wsIDBody{}}, nil, true)
	if err != nil {
		return err
	}
	sub.finish(nil)
	return nil
}
