package thingsboard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// session is one lifetime of the telemetry service: the subscriptions, the connection
// manager goroutine and the current connection. TelemetryService.Close ends it.
//
// Locking: session.mu guards the registry and the current connection; wsConn.wmu
// serializes writes on one connection and is always taken before session.mu, so the
// order in which commands are marked as sent is the order in which they are written.
// A subscription's own mutex is taken last and never held while taking another.
type session struct {
	client *Client
	opts   RealtimeOptions

	ctx    context.Context // cancelled by close: aborts dials and token refreshes
	cancel context.CancelFunc
	quit   chan struct{} // closed by close
	wake   chan struct{} // wakes the manager when subscriptions come and go
	wg     sync.WaitGroup

	mu      sync.Mutex
	subs    map[int]sink
	nextID  int
	conn    *wsConn // the connection commands may be written on, nil while there is none
	gen     uint64
	closed  bool
	running bool // the manager goroutine runs; it returns when nothing needs it
	lastErr error
}

// wsConn is one WebSocket connection.
type wsConn struct {
	ws     *websocket.Conn
	gen    uint64
	legacy bool
	token  string // the access token it authenticated with
	viaKey bool   // authenticated with an API key
	forced bool   // the token was refreshed because the previous connection's was refused

	wmu  sync.Mutex    // serializes writes
	done chan struct{} // closed when the reader has ended
	err  error         // why the reader ended; read after done

	alive    atomic.Bool  // a message or ping arrived: the server accepted the session
	last     atomic.Int64 // unix nanoseconds of the last message or ping
	idleShut atomic.Bool  // closed by the idle watchdog
	onAlive  func()       // runs on the reader when the first message or ping arrives

	// Guarded by session.mu: subscriptions re-sent on this connection, told about it once
	// the server proved it accepted the session.
	confirmed  bool
	reconnects []sink
}

// touch records activity; the first call confirms the connection. It runs on the
// reader goroutine, before the message that caused it is dispatched.
func (c *wsConn) touch() {
	c.last.Store(time.Now().UnixNano())
	if !c.alive.Swap(true) && c.onAlive != nil {
		c.onAlive()
	}
}

func (c *wsConn) write(timeout time.Duration, msg []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return c.ws.Write(ctx, websocket.MessageText, msg)
}

// errIdle is the cause of a connection closed by the idle watchdog.
var errIdle = errors.New("thingsboard: no message or ping from the server within the idle timeout")

func newSession(c *Client, opts RealtimeOptions) *session {
	ctx, cancel := context.WithCancel(context.Background())
	ss := &session{
		client: c, opts: opts, ctx: ctx, cancel: cancel,
		quit: make(chan struct{}), wake: make(chan struct{}, 1),
		subs: make(map[int]sink), nextID: 1,
	}
	return ss
}

func (ss *session) kick() {
	select {
	case ss.wake <- struct{}{}:
	default:
	}
}

func (ss *session) logger() *slog.Logger { return ss.client.logger }

// subscribe registers s and returns once its command was written on a connection, or
// with the error that kept the client from connecting.
func (ss *session) subscribe(ctx context.Context, s sink) error {
	if ctx == nil {
		return errors.New("thingsboard: nil context")
	}
	b := s.b()
	ss.mu.Lock()
	if ss.closed {
		ss.mu.Unlock()
		return ErrTelemetryClosed
	}
	ss.nextID++
	b.id = ss.nextID
	b.cmd.body = withCmdID(b.cmd.body, b.id)
	if b.unsub != nil {
		b.unsub.body = withCmdID(b.unsub.body, b.id)
	}
	if err := checkSize(ss.opts.Legacy, b.cmd, ss.opts.MaxMessageSize); err != nil {
		ss.mu.Unlock()
		return err
	}
	ss.subs[b.id] = s
	c := ss.conn
	if !ss.running {
		ss.running = true
		ss.wg.Add(1)
		go ss.run()
	}
	ss.mu.Unlock()
	ss.kick()
	if c != nil {
		// A failed write leaves the command to the manager, which sends it again on the
		// next connection.
		_ = ss.flush(c, nil, []sink{s})
	}
	select {
	case err := <-b.ack:
		return err
	case <-ctx.Done():
		ss.remove(s, true)
		s.finish(nil)
		ss.mu.Lock()
		last := ss.lastErr
		ss.mu.Unlock()
		if last != nil {
			return fmt.Errorf("%w (last connection error: %v)", ctx.Err(), last)
		}
		return ctx.Err()
	}
}

// withCmdID returns body with its cmdId set.
func withCmdID(body any, id int) any {
	if v, ok := body.(cmdIDSetter); ok {
		return v.withCmdID(id)
	}
	return body
}

// cmdIDSetter is implemented by every wire body: it returns a copy with the cmdId set.
type cmdIDSetter interface{ withCmdID(id int) any }

// remove unregisters s; with unsubscribe, it sends s's unsubscribe command when s is
// live on the current connection.
func (ss *session) remove(s sink, unsubscribe bool) {
	b := s.b()
	ss.mu.Lock()
	c := ss.conn
	ss.mu.Unlock()
	if c != nil {
		// Hold the connection's writes so that it is not closed for lack of
		// subscriptions before the unsubscribe command is out.
		c.wmu.Lock()
		defer c.wmu.Unlock()
	}
	ss.mu.Lock()
	if cur, ok := ss.subs[b.id]; !ok || cur != s {
		ss.mu.Unlock()
		return
	}
	delete(ss.subs, b.id)
	send := unsubscribe && c != nil && ss.conn == c && b.unsub != nil && b.sentGen == c.gen
	var unsub wsCmd
	if send {
		unsub = *b.unsub
	}
	ss.mu.Unlock()
	defer ss.kick()
	if !send {
		return
	}
	data, err := encodeCmd(c.legacy, unsub)
	if err != nil {
		return
	}
	msgs, err := buildMessages(c.legacy, nil, []encodedCmd{{typ: unsub.typ, data: data}}, ss.opts.MaxMessageSize)
	if err != nil {
		return
	}
	for _, m := range msgs {
		if err := c.write(ss.opts.WriteTimeout, m); err != nil {
			return
		}
	}
}

// update changes a live subscription's command. mutate runs under the registry lock:
// it updates b.cmd (what a reconnect sends) and returns the command to send now.
func (ss *session) update(s sink, mutate func(b *subBase) wsCmd) error {
	b := s.b()
	ss.mu.Lock()
	c := ss.conn
	ss.mu.Unlock()
	if c != nil {
		c.wmu.Lock()
		defer c.wmu.Unlock()
	}
	ss.mu.Lock()
	if cur, ok := ss.subs[b.id]; !ok || cur != s {
		ss.mu.Unlock()
		return ErrSubscriptionClosed
	}
	prev := b.cmd
	now := mutate(b)
	now.body = withCmdID(now.body, b.id)
	b.cmd.body = withCmdID(b.cmd.body, b.id)
	for _, cmd := range []wsCmd{now, b.cmd} {
		if err := checkSize(ss.opts.Legacy, cmd, ss.opts.MaxMessageSize); err != nil {
			b.cmd = prev
			ss.mu.Unlock()
			return err
		}
	}
	write := c != nil && ss.conn == c && b.sentGen == c.gen
	ss.mu.Unlock()
	if !write {
		return nil
	}
	data, err := encodeCmd(c.legacy, now)
	if err != nil {
		return err
	}
	msgs, err := buildMessages(c.legacy, nil, []encodedCmd{{typ: now.typ, data: data}}, ss.opts.MaxMessageSize)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		if err := c.write(ss.opts.WriteTimeout, m); err != nil {
			// The connection is gone; the manager sends the updated command on the next one.
			return nil
		}
	}
	return nil
}

// flush writes the commands of the given subscriptions (all registered ones when only
// is nil) that were not yet written on c, preceded by auth when not nil. With publish,
// c becomes the session's current connection first.
func (ss *session) flush(c *wsConn, auth *wsAuthBody, only []sink) error {
	return ss.flushConn(c, auth, only, false)
}

func (ss *session) flushConn(c *wsConn, auth *wsAuthBody, only []sink, publish bool) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	ss.mu.Lock()
	if publish {
		if ss.closed {
			ss.mu.Unlock()
			return ErrTelemetryClosed
		}
		ss.conn = c
	} else if ss.conn != c {
		ss.mu.Unlock()
		return nil
	}
	var batch []sink
	if only == nil {
		for _, s := range ss.subs {
			batch = append(batch, s)
		}
		slices.SortFunc(batch, func(a, b sink) int { return a.b().id - b.b().id })
	} else {
		for _, s := range only {
			if cur, ok := ss.subs[s.b().id]; ok && cur == s {
				batch = append(batch, s)
			}
		}
	}
	var cmds []encodedCmd
	var sent, reconnected []sink
	for _, s := range batch {
		b := s.b()
		if b.sentGen == c.gen {
			continue
		}
		data, err := encodeCmd(c.legacy, b.cmd)
		if err != nil {
			continue
		}
		b.sentGen = c.gen
		if b.acked {
			// The subscriber learns about the new connection once the server accepted
			// it: before the first message it sends, so before any update of the
			// re-sent subscription.
			if c.confirmed {
				reconnected = append(reconnected, s)
			} else {
				c.reconnects = append(c.reconnects, s)
			}
		}
		sent = append(sent, s)
		cmds = append(cmds, encodedCmd{typ: b.cmd.typ, data: data})
	}
	ss.mu.Unlock()

	for _, s := range reconnected {
		s.signal(signalReconnected, nil)
	}
	if len(cmds) == 0 && auth == nil {
		return nil
	}
	msgs, err := buildMessages(c.legacy, auth, cmds, ss.opts.MaxMessageSize)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		if err := c.write(ss.opts.WriteTimeout, m); err != nil {
			return err
		}
	}
	ss.mu.Lock()
	for _, s := range sent {
		b := s.b()
		if !b.acked {
			b.acked = true
			b.ack <- nil
		}
		if b.oneShot {
			if cur, ok := ss.subs[b.id]; ok && cur == s {
				delete(ss.subs, b.id)
			}
		}
	}
	ss.mu.Unlock()
	return nil
}

// run is the connection manager: it connects while there are subscriptions, and
// reconnects with backoff when the connection is lost.
func (ss *session) run() {
	defer ss.wg.Done()
	attempts := 0 // consecutive failed attempts since the last healthy connection
	force := false
	for {
		if !ss.waitDemand() {
			return
		}
		c, err := ss.connect(force)
		if err != nil {
			if ss.stopping() {
				return
			}
			ss.logger().LogAttrs(ss.ctx, slog.LevelInfo, "thingsboard: websocket connect failed", slog.String("error", err.Error()))
			ss.setLastErr(err)
			ss.failWaiting(err)
			attempts++
			if fatalConnectError(err) || ss.opts.Reconnect.Disabled || ss.giveUp(attempts) {
				ss.endAll(err)
				attempts, force = 0, false
				continue
			}
			if !ss.sleep(ss.backoff(attempts)) {
				return
			}
			continue
		}
		force = false
		lost := ss.serve(c)
		if ss.stopping() {
			ss.unpublish(c)
			return
		}
		if lost == nil { // closed on purpose: nothing left to serve
			ss.unpublish(c)
			attempts = 0
			continue
		}
		ss.setLastErr(lost)
		if c.alive.Load() {
			attempts = 0
		} else {
			attempts++
		}
		auth := ss.authFailure(c, lost)
		ss.logger().LogAttrs(ss.ctx, slog.LevelInfo, "thingsboard: websocket connection lost", slog.String("error", lost.Error()))
		if ss.opts.Reconnect.Disabled || ss.giveUp(attempts) ||
			(auth && (c.forced || c.viaKey || !ss.client.auth.refreshable())) {
			ss.unpublish(c)
			ss.endAll(lost)
			attempts = 0
			continue
		}
		if c.alive.Load() {
			ss.disconnected(c, lost)
		} else {
			// The server never accepted this connection: like a failed dial, the
			// subscribers already know they are disconnected.
			ss.unpublish(c)
		}
		force = auth
		if !ss.sleep(ss.backoff(attempts)) {
			return
		}
	}
}

func (ss *session) stopping() bool {
	select {
	case <-ss.quit:
		return true
	default:
		return false
	}
}

func (ss *session) setLastErr(err error) {
	ss.mu.Lock()
	ss.lastErr = err
	ss.mu.Unlock()
}

func (ss *session) giveUp(attempts int) bool {
	return ss.opts.Reconnect.MaxAttempts > 0 && attempts >= ss.opts.Reconnect.MaxAttempts
}

// authFailure reports whether the server refused the connection's credentials: close
// 1007 with the 3.7+ protocol, or 1011 before anything arrived with a token on the URL.
func (ss *session) authFailure(c *wsConn, err error) bool {
	switch CloseStatus(err) {
	case CloseBadData:
		return true
	case CloseServerError:
		return c.legacy && !c.alive.Load()
	}
	return false
}

// fatalConnectError reports errors that another attempt cannot fix.
func fatalConnectError(err error) bool {
	if errors.Is(err, ErrNotAuthenticated) || errors.Is(err, ErrTwoFactorRequired) ||
		errors.Is(err, ErrLegacyUnsupported) || errors.Is(err, ErrTelemetryClosed) {
		return true
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.StatusCode >= 400 && ae.StatusCode < 500 && ae.StatusCode != 408 && ae.StatusCode != 429
	}
	return false
}

// backoff returns the wait before the next attempt: exponential from MinDelay to
// MaxDelay, with the upper half jittered.
func (ss *session) backoff(attempts int) time.Duration {
	p := ss.opts.Reconnect
	d := p.MaxDelay
	if attempts < 31 {
		if x := p.MinDelay << attempts; x > 0 && x < d {
			d = x
		}
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

func (ss *session) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ss.quit:
		return false
	}
}

// waitDemand reports whether some subscription needs a connection. When none does it
// marks the manager stopped, so the next subscription starts it again, and returns
// false: an unused service keeps no goroutine.
func (ss *session) waitDemand() bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.closed || len(ss.subs) == 0 {
		ss.running = false
		return false
	}
	return true
}

// failWaiting ends the subscriptions whose command was never written with err: their
// Subscribe call returns it.
func (ss *session) failWaiting(err error) {
	var failed []sink
	ss.mu.Lock()
	for id, s := range ss.subs {
		if b := s.b(); !b.acked {
			b.acked = true
			b.ack <- err
			delete(ss.subs, id)
			failed = append(failed, s)
		}
	}
	ss.mu.Unlock()
	for _, s := range failed {
		s.finish(nil)
	}
}

// endAll ends every subscription with err.
func (ss *session) endAll(err error) {
	ss.mu.Lock()
	subs := ss.subs
	ss.subs = make(map[int]sink)
	for _, s := range subs {
		if b := s.b(); !b.acked {
			b.acked = true
			b.ack <- err
		}
	}
	ss.mu.Unlock()
	for _, s := range subs {
		s.finish(err)
	}
}

func (ss *session) unpublish(c *wsConn) {
	ss.mu.Lock()
	if ss.conn == c {
		ss.conn = nil
	}
	ss.mu.Unlock()
}

// disconnected tells the live subscriptions that the connection was lost.
func (ss *session) disconnected(c *wsConn, cause error) {
	var live []sink
	ss.mu.Lock()
	if ss.conn == c {
		ss.conn = nil
	}
	for _, s := range ss.subs {
		if s.b().acked {
			live = append(live, s)
		}
	}
	ss.mu.Unlock()
	err := fmt.Errorf("%w: %w", ErrConnectionLost, cause)
	for _, s := range live {
		s.signal(signalError, err)
	}
}

// connect dials, authenticates and sends every registered command.
func (ss *session) connect(force bool) (*wsConn, error) {
	ctx, cancel := context.WithTimeout(ss.ctx, ss.opts.DialTimeout)
	defer cancel()
	c, err := ss.dial(ctx, force)
	if err != nil {
		var ae *APIError
		if !force && errors.As(err, &ae) && ae.StatusCode == http.StatusUnauthorized && ss.client.auth.refreshable() {
			// A server that checks the URL token during the upgrade (before 3.7)
			// refuses an expired one with 401: refresh it and try once more.
			c, err = ss.dial(ctx, true)
		}
		if err != nil {
			return nil, err
		}
	}
	ss.mu.Lock()
	ss.gen++
	c.gen = ss.gen
	ss.mu.Unlock()
	ss.wg.Add(1)
	go ss.read(c)

	var auth *wsAuthBody
	if !c.legacy {
		auth = &wsAuthBody{CmdID: 0}
		if c.viaKey {
			auth.APIKey = c.token
		} else {
			auth.Token = c.token
		}
	}
	if err := ss.flushConn(c, auth, nil, true); err != nil && !errors.Is(err, ErrTelemetryClosed) {
		// The write failed, so the connection is closing; serve sees the reader end.
		ss.logger().LogAttrs(ss.ctx, slog.LevelDebug, "thingsboard: websocket write failed", slog.String("error", err.Error()))
	}
	return c, nil
}

func (ss *session) dial(ctx context.Context, force bool) (*wsConn, error) {
	token, viaKey, err := ss.client.accessToken(ctx)
	if err != nil {
		return nil, err
	}
	if force && !viaKey {
		if token, err = ss.client.auth.refresh(ctx, ss.client, token); err != nil {
			return nil, err
		}
	}
	if viaKey && ss.opts.Legacy {
		return nil, fmt.Errorf("%w: API-key authentication", ErrLegacyUnsupported)
	}
	c := &wsConn{legacy: ss.opts.Legacy, token: token, viaKey: viaKey, forced: force, done: make(chan struct{})}
	c.onAlive = func() { ss.confirm(c) }
	c.last.Store(time.Now().UnixNano())
	u, err := ss.endpoint(token)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set("User-Agent", ss.client.userAgent)
	ws, resp, err := websocket.Dial(ctx, u, &websocket.DialOptions{
		HTTPClient: ss.client.httpClient,
		HTTPHeader: h,
		OnPingReceived: func(context.Context, []byte) bool {
			c.touch()
			return true
		},
	})
	if err != nil {
		return nil, ss.dialError(ctx, err, resp, token)
	}
	ws.SetReadLimit(ss.opts.ReadLimit)
	c.ws = ws
	return c, nil
}

// dialError describes a failed handshake without the token the URL may hold.
func (ss *session) dialError(ctx context.Context, err error, resp *http.Response, token string) error {
	path := ss.endpointPath()
	if resp != nil && resp.StatusCode >= 400 {
		var body []byte
		if resp.Body != nil {
			body, _ = io.ReadAll(io.LimitReader(resp.Body, 1<<16))
			resp.Body.Close()
		}
		return parseAPIError(http.MethodGet, path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("thingsboard: websocket dial %s: %w", path, ctx.Err())
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("thingsboard: websocket dial %s: %w", path, scrub(ue))
	}
	msg := err.Error()
	if token != "" {
		msg = strings.ReplaceAll(msg, token, "REDACTED")
	}
	return fmt.Errorf("thingsboard: websocket dial %s: %s", path, msg)
}

func (ss *session) endpointPath() string {
	if ss.opts.Legacy {
		return "/api/ws/plugins/telemetry"
	}
	return "/api/ws"
}

// endpoint returns the WebSocket URL: the base URL's host and path with ws or wss and
// the endpoint path, and for the legacy protocol the token as the last query parameter.
func (ss *session) endpoint(token string) (string, error) {
	var u url.URL
	if ss.opts.URL != "" {
		p, err := url.Parse(ss.opts.URL)
		if err != nil {
			return "", fmt.Errorf("thingsboard: invalid WebSocket URL: %w", err)
		}
		u = *p
	} else {
		u = *ss.client.baseURL
		u.Path = strings.TrimRight(u.Path, "/") + ss.endpointPath()
		u.RawPath = ""
		u.RawQuery = ""
		u.Fragment = ""
	}
	switch u.Scheme {
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	}
	s := u.String()
	if ss.opts.Legacy {
		sep := "?"
		if u.RawQuery != "" {
			sep = "&"
		}
		s += sep + "token=" + url.QueryEscape(token)
	}
	return s, nil
}

// confirm runs when the first message or ping arrives on c.
func (ss *session) confirm(c *wsConn) {
	ss.mu.Lock()
	c.confirmed = true
	var live []sink
	for _, s := range c.reconnects {
		if cur, ok := ss.subs[s.b().id]; ok && cur == s && s.b().sentGen == c.gen {
			live = append(live, s)
		}
	}
	c.reconnects = nil
	ss.mu.Unlock()
	for _, s := range live {
		s.signal(signalReconnected, nil)
	}
}

// read is the connection's only reader: it answers pings (the library does while a
// read is pending) and dispatches every message. Its reads use a context that is never
// done, as a cancellable one costs a timer per message in the library: closing the
// connection is what ends them.
func (ss *session) read(c *wsConn) {
	defer ss.wg.Done()
	defer close(c.done)
	var buf bytes.Buffer
	for {
		typ, r, err := c.ws.Reader(context.Background())
		if err != nil {
			c.err = err
			return
		}
		buf.Reset()
		if _, err := buf.ReadFrom(r); err != nil {
			c.err = err
			return
		}
		c.touch()
		if typ == websocket.MessageText {
			ss.dispatch(buf.Bytes())
		}
	}
}

// dispatch routes one message to its subscription by cmdId or subscriptionId.
func (ss *session) dispatch(msg []byte) {
	id, ok := messageID(msg)
	if !ok {
		ss.logger().LogAttrs(ss.ctx, slog.LevelWarn, "thingsboard: websocket message without cmdId or subscriptionId", slog.Int("bytes", len(msg)))
		return
	}
	ss.mu.Lock()
	s := ss.subs[id]
	ss.mu.Unlock()
	if s != nil {
		s.deliver(msg)
		return
	}
	if id <= 1 {
		// Command ids start at 2: the server reports payloads it cannot parse, and
		// session-level failures, with subscriptionId 1 or 0.
		ss.logger().LogAttrs(ss.ctx, slog.LevelError, "thingsboard: websocket error not tied to a subscription", slog.String("message", string(msg)))
	}
}

// serve watches a live connection until it ends. It returns the cause of a loss, or nil
// when the connection was closed on purpose (session closed, or no subscription left
// for the linger time).
func (ss *session) serve(c *wsConn) error {
	defer c.ws.CloseNow()
	var tick <-chan time.Time
	if ss.opts.IdleTimeout > 0 {
		t := time.NewTicker(max(ss.opts.IdleTimeout/4, time.Millisecond))
		defer t.Stop()
		tick = t.C
	}
	var linger *time.Timer
	defer func() {
		if linger != nil {
			linger.Stop()
		}
	}()
	var lingerC <-chan time.Time
	for {
		if ss.unused() {
			if ss.opts.Linger < 0 && ss.shut(c) {
				return nil
			}
			if linger == nil && ss.opts.Linger >= 0 {
				linger = time.NewTimer(ss.opts.Linger)
				lingerC = linger.C
			}
		} else if linger != nil {
			linger.Stop()
			linger, lingerC = nil, nil
		}
		select {
		case <-c.done:
			return ss.lossCause(c)
		case <-ss.quit:
			ss.closeConn(c)
			return nil
		case <-ss.wake:
		case <-lingerC:
			linger, lingerC = nil, nil
			if ss.shut(c) {
				return nil
			}
		case <-tick:
			if time.Since(time.Unix(0, c.last.Load())) > ss.opts.IdleTimeout {
				c.idleShut.Store(true)
				c.ws.CloseNow()
			}
		}
	}
}

// unused reports whether no subscription is registered.
func (ss *session) unused() bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return len(ss.subs) == 0
}

// shut closes c because nothing uses it, unless a subscription arrived meanwhile. Once c
// is unpublished, a new subscription waits for the manager to connect again.
func (ss *session) shut(c *wsConn) bool {
	ss.mu.Lock()
	if len(ss.subs) > 0 {
		ss.mu.Unlock()
		return false
	}
	if ss.conn == c {
		ss.conn = nil
	}
	ss.mu.Unlock()
	ss.closeConn(c)
	return true
}

// closeConn closes c with a normal close handshake, after any write in progress, and
// waits for its reader.
func (ss *session) closeConn(c *wsConn) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = c.ws.Close(websocket.StatusNormalClosure, "")
	}()
	select {
	case <-done:
	case <-time.After(ss.opts.WriteTimeout):
		c.ws.CloseNow()
		<-done
	}
	c.ws.CloseNow()
	<-c.done
}

func (ss *session) lossCause(c *wsConn) error {
	if c.idleShut.Load() {
		return fmt.Errorf("%w (%s)", errIdle, ss.opts.IdleTimeout)
	}
	var ce websocket.CloseError
	if errors.As(c.err, &ce) {
		return &CloseError{Code: CloseCode(ce.Code), Reason: ce.Reason}
	}
	if c.err == nil {
		return io.ErrUnexpectedEOF
	}
	return fmt.Errorf("thingsboard: websocket read: %w", c.err)
}

// close ends the session: it closes the connection, stops every goroutine and ends
// every subscription with ErrTelemetryClosed.
func (ss *session) close() {
	ss.mu.Lock()
	if ss.closed {
		ss.mu.Unlock()
		ss.wg.Wait()
		return
	}
	ss.closed = true
	ss.mu.Unlock()
	close(ss.quit)
	ss.cancel()
	ss.wg.Wait()
	ss.endAll(ErrTelemetryClosed)
}
