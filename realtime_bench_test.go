package thingsboard

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// benchUpdate is a typical entity data delta: one device, two new values.
const benchUpdate = `{"cmdId":%d,"errorCode":0,"errorMsg":null,"data":null,"update":[{"entityId":{"entityType":"DEVICE","id":"6a1f2c3e-0000-4000-8000-00000000000a"},"latest":null,"timeseries":{"temperature":[{"ts":1700000000000,"value":"21.5"}],"humidity":[{"ts":1700000000000,"value":"40.25"}]},"aggLatest":null}],"allowedEntities":10000,"cmdUpdateType":"ENTITY_DATA"}`

// blastServer answers every connection's first message with n copies of an entity
// data update for the cmdId the message subscribed (or 2).
func blastServer(b *testing.B, n int) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/ws", func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer ws.CloseNow()
		ctx := context.Background()
		_, first, err := ws.Read(ctx)
		if err != nil {
			return
		}
		id := 2
		if i, ok := messageIDOfFirstCmd(first); ok {
			id = i
		}
		msg := []byte(jsonf(benchUpdate, id))
		go func() { // keep reading, so the close handshake completes
			for {
				if _, _, err := ws.Read(ctx); err != nil {
					return
				}
			}
		}()
		for range n {
			if err := ws.Write(ctx, websocket.MessageText, msg); err != nil {
				return
			}
		}
		<-r.Context().Done()
	})
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	return srv
}

func jsonf(format string, id int) string {
	b := []byte(format)
	out := make([]byte, 0, len(b)+8)
	for i := 0; i < len(b); i++ {
		if b[i] == '%' && i+1 < len(b) && b[i+1] == 'd' {
			out = strconv.AppendInt(out, int64(id), 10)
			i++
			continue
		}
		out = append(out, b[i])
	}
	return string(out)
}

// messageIDOfFirstCmd returns the cmdId of the first command of a 3.7+ message.
func messageIDOfFirstCmd(msg []byte) (int, bool) {
	var m struct {
		Cmds []struct {
			CmdID int `json:"cmdId"`
		} `json:"cmds"`
	}
	if json.Unmarshal(msg, &m) != nil || len(m.Cmds) == 0 {
		return 0, false
	}
	return m.Cmds[0].CmdID, true
}

// BenchmarkRealtimeDispatch compares the client (one reader goroutine decoding each
// message, routing it by cmdId and handing it to the subscriber's goroutine) with a
// bare read loop that decodes into the same struct, against the same local server in
// the same run. The two alternate in rounds, after a warm-up, so that neither pays for
// the other's garbage. It reports both rates and their ratio (client/raw).
func BenchmarkRealtimeDispatch(b *testing.B) {
	const rounds = 8
	per := max(b.N/rounds, 1000)
	srv := blastServer(b, per)
	rawOnce(b, srv.URL, 1000)
	clientOnce(b, srv.URL, 1000)
	b.ResetTimer()
	var rawTime, clientTime time.Duration
	for range rounds {
		runtime.GC()
		rawTime += rawOnce(b, srv.URL, per)
		runtime.GC()
		clientTime += clientOnce(b, srv.URL, per)
	}
	b.StopTimer()
	raw := float64(rounds*per) / rawTime.Seconds()
	client := float64(rounds*per) / clientTime.Seconds()
	b.ReportMetric(raw, "raw-updates/s")
	b.ReportMetric(client, "client-updates/s")
	b.ReportMetric(client/raw, "client/raw")
}

// rawOnce reads n updates with coder/websocket's Read and json.Unmarshal into
// EntityDataUpdate, and returns how long it took from the dial on.
func rawOnce(b *testing.B, base string, n int) time.Duration {
	ctx := context.Background()
	start := time.Now()
	ws, _, err := websocket.Dial(ctx, "ws"+base[len("http"):]+"/api/ws", nil)
	if err != nil {
		b.Fatal(err)
	}
	defer ws.CloseNow()
	ws.SetReadLimit(-1)
	if err := ws.Write(ctx, websocket.MessageText, []byte(`{"authCmd":{"cmdId":0,"token":"`+testToken+`"},"cmds":[{"type":"ENTITY_DATA","cmdId":2}]}`)); err != nil {
		b.Fatal(err)
	}
	for range n {
		_, msg, err := ws.Read(ctx)
		if err != nil {
			b.Fatal(err)
		}
		var u EntityDataUpdate
		if err := json.Unmarshal(msg, &u); err != nil || len(u.Update) != 1 {
			b.Fatalf("decode: %v", err)
		}
	}
	return time.Since(start)
}

// clientOnce receives n updates through TelemetryService on one subscription, and
// returns how long it took from the subscription on.
func clientOnce(b *testing.B, base string, n int) time.Duration {
	ctx := context.Background()
	c, err := NewClient(base, WithToken(testToken, ""), WithRealtime(RealtimeOptions{Buffer: 4096}))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Telemetry.Close()
	q := EntityDataQuery{EntityFilter: &EntityTypeFilter{EntityType: EntityTypeDevice}, PageLink: EntityDataPageLink{PageSize: 1}}
	start := time.Now()
	sub, err := c.Telemetry.SubscribeEntityData(ctx, EntityDataCmd{Query: &q})
	if err != nil {
		b.Fatal(err)
	}
	got := 0
	for ev := range sub.Events() {
		if ev.Err != nil || len(ev.Update.Update) != 1 {
			b.Fatalf("event %+v", ev)
		}
		got += 1 + ev.Dropped // a dropped update was decoded and dispatched too
		if got >= n {
			break
		}
	}
	return time.Since(start)
}
