package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	tb "github.com/tbgo/thingsboard"
)

// The WebSocket API: /api/ws (ThingsBoard 3.7+: authCmd in the first message, typed
// commands) and the legacy /api/ws/plugins/telemetry and /api/ws/plugins/notifications
// endpoints (token on the URL, per-type command arrays).
//
// Each session runs four goroutines: the handler's, which reads; a worker, which
// handles commands and store changes one at a time, so that a subscription's snapshot
// always precedes its updates; a writer, which drains the bounded outbound queue; and a
// pinger, which enforces the authentication timeout and the ping/pong liveness rule.

// wsConfig holds the WebSocket server's timings and limits.
type wsConfig struct {
	pingInterval time.Duration // ping a session whose last pong is older than this
	pingTimeout  time.Duration // close 4500 when the last pong is older than this
	authTimeout  time.Duration // close 1008 when no authCmd arrived within this
	sendTimeout  time.Duration // close 4500 when a send takes longer
	queueLimit   int           // close 1008 when more messages wait to be sent
	// beforeWrite, when set, runs before each message is written (tests stall the
	// writer with it).
	beforeWrite func()
}

func (c wsConfig) withDefaults() wsConfig {
	if c.pingInterval <= 0 {
		c.pingInterval = 10 * time.Second
	}
	if c.pingTimeout <= 0 {
		c.pingTimeout = 30 * time.Second
	}
	if c.authTimeout <= 0 {
		c.authTimeout = 10 * time.Second
	}
	if c.sendTimeout <= 0 {
		c.sendTimeout = 5 * time.Second
	}
	if c.queueLimit <= 0 {
		c.queueLimit = 1000
	}
	return c
}

// WithWebSocketPing sets how often the WebSocket server pings a session that has not
// answered a ping for interval (default 10s), and after how long without a pong it
// closes the session with 4500 (default 30s), as server.ws.ping_timeout does.
func WithWebSocketPing(interval, timeout time.Duration) Option {
	return func(c *config) { c.ws.pingInterval, c.ws.pingTimeout = interval, timeout }
}

// WithWebSocketAuthTimeout sets how long a WebSocket session may stay without an
// authCmd before it is closed with 1008 (default 10s, server.ws.auth_timeout_ms).
func WithWebSocketAuthTimeout(d time.Duration) Option {
	return func(c *config) { c.ws.authTimeout = d }
}

// WithWebSocketQueueLimit sets how many messages may wait to be sent to one session
// before it is closed with 1008 "Max pending updates limit reached!" (default 1000,
// server.ws.max_queue_messages_per_session).
func WithWebSocketQueueLimit(n int) Option {
	return func(c *config) { c.ws.queueLimit = n }
}

// WebSocket close codes the server uses.
const (
	wsCloseBadData          websocket.StatusCode = 1007
	wsClosePolicyViolation  websocket.StatusCode = 1008
	wsCloseServerError      websocket.StatusCode = 1011
	wsCloseServiceRestarted websocket.StatusCode = 1012
	wsCloseNotReliable      websocket.StatusCode = 4500
)

type wsKind int

const (
	wsGeneral wsKind = iota
	wsTelemetry
	wsNotifications
)

func init() {
	Register(func(s *Server) {
		h := &wsHub{s: s, cfg: s.cfg.ws.withDefaults(), sessions: map[*wsSession]struct{}{}}
		h.queries = newWSQueries(s)
		s.Handle("GET /api/ws", Public(h.serve))
		s.Handle("GET /api/ws/plugins/{sessionType}", Public(h.serve))
		s.OnDropWebSockets(h.dropAll)
		s.OnClose(h.close)
		h.stopListening = s.Store().Subscribe(h.onEvent)
	})
}

// wsHub is a server's set of WebSocket sessions.
type wsHub struct {
	s       *Server
	cfg     wsConfig
	queries wsQueries

	mu            sync.Mutex
	sessions      map[*wsSession]struct{}
	closed        bool
	wg            sync.WaitGroup
	stopListening func()
}

// wsSession is one WebSocket connection.
type wsSession struct {
	h    *wsHub
	id   string
	kind wsKind
	ws   *websocket.Conn

	principal atomic.Pointer[Principal] // set once authenticated
	lastPong  atomic.Int64              // unix nanoseconds
	out       chan []byte
	done      chan struct{} // closed when the session ends
	endOnce   sync.Once
	wg        sync.WaitGroup // worker, writer, pinger

	tmu   sync.Mutex
	tasks []func()
	tsig  chan struct{}

	// Owned by the worker goroutine.
	subs map[int]wsSub
}

// wsSub is one subscription of a session, driven by the worker.
type wsSub interface {
	// onEvent handles a store change.
	onEvent(ss *wsSession, ev Event)
}

func (h *wsHub) serve(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	kind := wsGeneral
	unknown := false
	if t := r.PathValue("sessionType"); t != "" {
		switch t {
		case "telemetry":
			kind = wsTelemetry
		case "notifications":
			kind = wsNotifications
		default:
			unknown = true
		}
	}
	ss := &wsSession{h: h, id: h.s.Store().NewUUID(), kind: kind, done: make(chan struct{}),
		out: make(chan []byte, h.cfg.queueLimit), tsig: make(chan struct{}, 1), subs: map[int]wsSub{}}
	ss.lastPong.Store(time.Now().UnixNano())
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true, // the server accepts any origin
		OnPongReceived:     func(context.Context, []byte) { ss.lastPong.Store(time.Now().UnixNano()) },
	})
	if err != nil {
		return nil // Accept has answered
	}
	ss.ws = ws
	if !h.add(ss) {
		ws.CloseNow()
		return nil
	}
	defer h.remove(ss)
	if unknown {
		ss.closeWith(wsCloseBadData, "Unknown session type")
		ss.drain()
		return nil
	}
	if tok, ok := urlToken(r.URL.RawQuery); ok {
		p, reason := h.authenticateToken(tok)
		if p == nil {
			ss.closeWith(wsCloseServerError, reason)
			ss.drain()
			return nil
		}
		ss.principal.Store(p)
	}
	ss.wg.Add(3)
	go ss.work()
	go ss.write()
	go ss.ping()
	for {
		typ, msg, err := ws.Read(context.Background())
		if err != nil {
			break
		}
		if typ != websocket.MessageText {
			continue
		}
		ss.post(func() { ss.handleMessage(msg) })
	}
	ss.end()
	ss.wg.Wait()
	return nil
}

// urlToken returns the token of a "token=" query parameter: as ThingsBoard 3.7 to
// 4.3 do, everything after "token=", so the token must be the last parameter.
func urlToken(rawQuery string) (string, bool) {
	i := strings.Index(rawQuery, "token=")
	if i < 0 || (i > 0 && rawQuery[i-1] != '&') {
		return "", false
	}
	tok := rawQuery[i+len("token="):]
	return tok, tok != ""
}

// drain reads until the peer answers a close, so the close handshake completes.
func (ss *wsSession) drain() {
	for {
		if _, _, err := ss.ws.Read(context.Background()); err != nil {
			return
		}
	}
}

func (h *wsHub) add(ss *wsSession) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.sessions[ss] = struct{}{}
	h.wg.Add(1)
	return true
}

func (h *wsHub) remove(ss *wsSession) {
	h.mu.Lock()
	delete(h.sessions, ss)
	h.mu.Unlock()
	h.wg.Done()
}

func (h *wsHub) snapshot() []*wsSession {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]*wsSession, 0, len(h.sessions))
	for ss := range h.sessions {
		out = append(out, ss)
	}
	return out
}

// dropAll closes every connection abruptly, without a close frame.
func (h *wsHub) dropAll() {
	for _, ss := range h.snapshot() {
		ss.ws.CloseNow()
	}
}

// close ends every session and waits for their goroutines.
func (h *wsHub) close() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	if h.stopListening != nil {
		h.stopListening()
	}
	h.dropAll()
	h.wg.Wait()
}

// onEvent hands a store change to every authenticated session's worker.
func (h *wsHub) onEvent(ev Event) {
	for _, ss := range h.snapshot() {
		if ss.principal.Load() != nil {
			ss.post(func() { ss.onEvent(ev) })
		}
	}
}

// authenticateToken checks a JWT and returns its principal, or the reason the server
// gives when it refuses it.
func (h *wsHub) authenticateToken(token string) (*Principal, string) {
	p, err := h.s.AuthenticateToken(token)
	if err == nil {
		return p, ""
	}
	c, perr := parseJWT(h.s.key, token)
	switch {
	case perr != nil:
		return nil, "Invalid JWT token: "
	case h.s.clock.Now().Unix() > c.Exp:
		return nil, "JWT Token expired"
	}
	tr := h.s.tokens
	tr.mu.Lock()
	it, known := tr.issued[signature(token)]
	expired := known && it.seq <= tr.accessCutoff && it.seq > tr.sessionCutoff[c.SessionID] && it.seq > tr.userCutoff[c.UserID]
	tr.mu.Unlock()
	if expired {
		return nil, "JWT Token expired" // ExpireTokens stands for the passing of time
	}
	if len(c.Scopes) == 0 || c.Scopes[0] == string(tb.AuthorityRefreshToken) {
		return nil, "Invalid JWT token: "
	}
	return nil, "Token is outdated"
}

// post queues a task for the worker. Tasks never block on the network.
func (ss *wsSession) post(fn func()) {
	ss.tmu.Lock()
	ss.tasks = append(ss.tasks, fn)
	ss.tmu.Unlock()
	select {
	case ss.tsig <- struct{}{}:
	default:
	}
}

func (ss *wsSession) work() {
	defer ss.wg.Done()
	for {
		select {
		case <-ss.done:
			return
		case <-ss.tsig:
		}
		for {
			ss.tmu.Lock()
			tasks := ss.tasks
			ss.tasks = nil
			ss.tmu.Unlock()
			if len(tasks) == 0 {
				break
			}
			for _, fn := range tasks {
				select {
				case <-ss.done:
					return
				default:
				}
				fn()
			}
		}
	}
}

func (ss *wsSession) write() {
	defer ss.wg.Done()
	for {
		select {
		case <-ss.done:
			return
		case msg := <-ss.out:
			if ss.h.cfg.beforeWrite != nil {
				ss.h.cfg.beforeWrite()
			}
			ctx, cancel := context.WithTimeout(context.Background(), ss.h.cfg.sendTimeout)
			err := ss.ws.Write(ctx, websocket.MessageText, msg)
			cancel()
			if err != nil {
				ss.closeWith(wsCloseNotReliable, "")
				return
			}
		}
	}
}

// ping closes sessions that do not authenticate in time, pings established sessions
// whose last pong is older than the ping interval, and closes them with 4500 when it
// is older than the ping timeout. Only pongs count as activity, as in the server.
func (ss *wsSession) ping() {
	defer ss.wg.Done()
	cfg := ss.h.cfg
	auth := time.NewTimer(cfg.authTimeout)
	defer auth.Stop()
	tick := time.NewTicker(cfg.pingInterval)
	defer tick.Stop()
	for {
		select {
		case <-ss.done:
			return
		case <-auth.C:
			if ss.principal.Load() == nil {
				ss.closeWith(wsClosePolicyViolation, "")
				return
			}
		case <-tick.C:
			if ss.principal.Load() == nil {
				continue
			}
			since := time.Since(time.Unix(0, ss.lastPong.Load()))
			if since >= cfg.pingTimeout {
				ss.closeWith(wsCloseNotReliable, "")
				return
			}
			if since >= cfg.pingInterval {
				ctx, cancel := context.WithTimeout(context.Background(), cfg.pingInterval)
				_ = ss.ws.Ping(ctx)
				cancel()
			}
		}
	}
}

// end stops the session's goroutines.
func (ss *wsSession) end() {
	ss.endOnce.Do(func() { close(ss.done) })
}

// closeWith closes the connection with a close frame and ends the session.
func (ss *wsSession) closeWith(code websocket.StatusCode, reason string) {
	if len(reason) > 123 { // a close frame's reason is at most 123 bytes
		reason = reason[:123]
	}
	ss.end()
	ss.h.wg.Add(1)
	go func() {
		defer ss.h.wg.Done()
		_ = ss.ws.Close(code, reason)
	}()
}

// send queues a message; a full queue closes the session as the server does.
func (ss *wsSession) send(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	select {
	case <-ss.done:
	case ss.out <- b:
	default:
		ss.closeWith(wsClosePolicyViolation, "Max pending updates limit reached!")
	}
}

// handleMessage parses one message and runs its commands; for an unauthenticated
// session the message must carry an authCmd.
func (ss *wsSession) handleMessage(msg []byte) {
	p := ss.principal.Load()
	auth, cmds, err := parseWSMessage(ss.kind, msg)
	if err != nil {
		if p != nil {
			ss.sendV1Error(1, wsBadRequest, "Failed to parse the payload")
		} else {
			ss.closeWith(wsCloseBadData, err.Error())
		}
		return
	}
	if p == nil {
		if auth == nil {
			ss.closeWith(wsClosePolicyViolation, "Auth cmd is missing")
			return
		}
		var reason string
		if auth.APIKey != "" {
			var aerr error
			if p, aerr = ss.h.s.AuthenticateAPIKey(auth.APIKey); aerr != nil {
				var e *Error
				reason = aerr.Error()
				if errors.As(aerr, &e) {
					reason = e.Message
				}
				p = nil
			}
		} else {
			p, reason = ss.h.authenticateToken(auth.Token)
		}
		if p == nil {
			ss.closeWith(wsCloseBadData, reason)
			return
		}
		ss.principal.Store(p)
	}
	for _, c := range cmds {
		select {
		case <-ss.done:
			return
		default:
		}
		ss.handleCmd(p, c)
	}
}

// onEvent passes a store change to every subscription of the session.
func (ss *wsSession) onEvent(ev Event) {
	for _, sub := range ss.subs {
		sub.onEvent(ss, ev)
	}
}
