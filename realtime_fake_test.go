package thingsboard

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// fakeWS is a scriptable WebSocket server speaking enough of ThingsBoard's protocol to
// test the client: it checks the token of each connection, hands every accepted
// connection to the test and records what the client sends.
type fakeWS struct {
	t     *testing.T
	srv   *httptest.Server
	conns chan *fakeConn

	mu     sync.Mutex
	valid  map[string]bool // accepted tokens; nil accepts any
	apiKey string          // accepted API key

	refuseAll atomic.Bool // refuse every token, refreshed ones included
	refreshes atomic.Int32
	dials     atomic.Int32
	// refresh answers /api/auth/token; by default with tokenPair(n).
	refresh func(n int) Tokens
	tr      *http.Transport
}

type fakeConn struct {
	ws    *websocket.Conn
	r     *http.Request
	in    chan []byte
	auth  *wsAuthBody
	token string
	done  chan struct{}
}

func newFakeWS(t *testing.T) *fakeWS {
	t.Helper()
	f := &fakeWS{t: t, conns: make(chan *fakeConn, 16), tr: &http.Transport{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/ws", f.handleV2)
	mux.HandleFunc("/api/ws/plugins/telemetry", f.handleLegacy)
	mux.HandleFunc("POST /api/auth/token", func(w http.ResponseWriter, r *http.Request) {
		n := int(f.refreshes.Add(1))
		pair := tokenPair(100+n, time.Now().Add(time.Hour))
		if f.refresh != nil {
			pair = f.refresh(n)
		}
		f.allow(pair.Token)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(pair)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		f.srv.CloseClientConnections()
		f.srv.Close()
		f.tr.CloseIdleConnections()
	})
	return f
}

func (f *fakeWS) allow(tok string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.valid == nil {
		f.valid = map[string]bool{}
	}
	f.valid[tok] = true
}

// only makes the server accept just these tokens.
func (f *fakeWS) only(toks ...string) {
	f.mu.Lock()
	f.valid = map[string]bool{}
	for _, t := range toks {
		f.valid[t] = true
	}
	f.mu.Unlock()
}

func (f *fakeWS) ok(tok string) bool {
	if f.refuseAll.Load() {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.valid == nil || f.valid[tok]
}

// client returns a client of the fake server with short reconnect timings.
func (f *fakeWS) client(o RealtimeOptions, opts ...Option) *Client {
	f.t.Helper()
	if o.Reconnect.MinDelay == 0 {
		o.Reconnect.MinDelay = 5 * time.Millisecond
	}
	if o.Reconnect.MaxDelay == 0 {
		o.Reconnect.MaxDelay = 20 * time.Millisecond
	}
	pair := tokenPair(1, time.Now().Add(time.Hour))
	all := append([]Option{WithToken(pair.Token, pair.RefreshToken), WithRealtime(o),
		WithHTTPClient(&http.Client{Transport: f.tr}), WithRetry(RetryPolicy{})}, opts...)
	c, err := NewClient(f.srv.URL, all...)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { c.Telemetry.Close() })
	return c
}

func (f *fakeWS) handleV2(w http.ResponseWriter, r *http.Request) {
	f.dials.Add(1)
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	ctx := context.Background()
	_, first, err := ws.Read(ctx)
	if err != nil {
		ws.CloseNow()
		return
	}
	var msg struct {
		AuthCmd *wsAuthBody `json:"authCmd"`
	}
	if err := json.Unmarshal(first, &msg); err != nil || msg.AuthCmd == nil {
		ws.Close(websocket.StatusPolicyViolation, "Auth cmd is missing")
		return
	}
	f.mu.Lock()
	key := f.apiKey
	f.mu.Unlock()
	okAuth := (msg.AuthCmd.APIKey != "" && msg.AuthCmd.APIKey == key) || (msg.AuthCmd.Token != "" && f.ok(msg.AuthCmd.Token))
	if !okAuth {
		ws.Close(websocket.StatusInvalidFramePayloadData, "JWT Token expired")
		return
	}
	fc := &fakeConn{ws: ws, r: r, in: make(chan []byte, 4096), auth: msg.AuthCmd, token: msg.AuthCmd.Token, done: make(chan struct{})}
	fc.in <- first
	f.conns <- fc
	fc.readLoop()
}

func (f *fakeWS) handleLegacy(w http.ResponseWriter, r *http.Request) {
	f.dials.Add(1)
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	tok, _ := strings.CutPrefix(r.URL.RawQuery[strings.Index(r.URL.RawQuery, "token="):], "token=")
	if !f.ok(tok) {
		ws.Close(websocket.StatusInternalError, "JWT Token expired")
		return
	}
	fc := &fakeConn{ws: ws, r: r, in: make(chan []byte, 4096), token: tok, done: make(chan struct{})}
	f.conns <- fc
	fc.readLoop()
}

func (fc *fakeConn) readLoop() {
	defer close(fc.done)
	for {
		_, b, err := fc.ws.Read(context.Background())
		if err != nil {
			return
		}
		fc.in <- b
	}
}

// next returns the next connection the server accepted.
func (f *fakeWS) next(t *testing.T) *fakeConn {
	t.Helper()
	select {
	case fc := <-f.conns:
		return fc
	case <-time.After(5 * time.Second):
		t.Fatal("no WebSocket connection")
		return nil
	}
}

// recv returns the next message the client sent.
func (fc *fakeConn) recv(t *testing.T) []byte {
	t.Helper()
	select {
	case b := <-fc.in:
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no message from the client")
		return nil
	}
}

// expect fails unless the next message equals want as JSON.
func (fc *fakeConn) expect(t *testing.T, want string) {
	t.Helper()
	jsonEqual(t, fc.recv(t), want)
}

func (fc *fakeConn) send(t *testing.T, msg string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := fc.ws.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		t.Fatalf("server write: %v", err)
	}
}

func jsonEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("client sent invalid JSON %s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expectation %s: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("client sent\n%s\nwant\n%s", got, want)
	}
}

// event waits for the next event of sub.
func event[T any](t *testing.T, sub *Subscription[T]) SubscriptionEvent[T] {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev, err := sub.Next(ctx)
	if err != nil {
		t.Fatalf("subscription %d: %v", sub.CmdID(), err)
	}
	return ev
}

// update waits for the next event and fails unless it is an update.
func update[T any](t *testing.T, sub *Subscription[T]) T {
	t.Helper()
	ev := event(t, sub)
	if ev.Err != nil || ev.Reconnected {
		t.Fatalf("subscription %d: want an update, got %+v", sub.CmdID(), ev)
	}
	return ev.Update
}

func tsUpdate(id int, key string, ts int64, value string) string {
	return fmt.Sprintf(`{"subscriptionId":%d,"errorCode":0,"errorMsg":null,"data":{%q:[[%d,%q]]},"latestValues":{%q:%d}}`,
		id, key, ts, value, key, ts)
}

var devA = NewEntityID(EntityTypeDevice, "6a1f2c3e-0000-4000-8000-00000000000a")
