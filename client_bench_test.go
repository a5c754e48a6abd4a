package thingsboard_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// getDeviceBench is one server and two ways of reading a device from it: through the
// client, and with a plain net/http request decoded by encoding/json into the same
// struct (the baseline). Both use the same token and http.DefaultTransport.
type getDeviceBench struct {
	srv   *thingsboardtest.Server
	c     *tb.Client
	id    string
	token string
}

func newGetDeviceBench(b *testing.B) *getDeviceBench {
	srv := thingsboardtest.NewServer(b)
	c, err := tb.NewClient(srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.Login(context.Background(), "tenant@thingsboard.org", "tenant"); err != nil {
		b.Fatal(err)
	}
	return &getDeviceBench{srv: srv, c: c, id: srv.Demo().DeviceID("Test Device A1"), token: c.Tokens().Token}
}

func (g *getDeviceBench) client(b *testing.B) {
	d, err := g.c.Devices.Get(context.Background(), g.id)
	if err != nil || d.Name != "Test Device A1" {
		b.Fatal(d, err)
	}
}

func (g *getDeviceBench) raw(b *testing.B) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, g.srv.URL+"/api/device/"+g.id, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("X-Authorization", "Bearer "+g.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	var d tb.Device
	err = json.NewDecoder(resp.Body).Decode(&d)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || d.Name != "Test Device A1" {
		b.Fatal(fmt.Sprint(resp.StatusCode), err)
	}
}

// BenchmarkGetDevice reads one device from the emulator over loopback, through the
// client and with the raw baseline, as separate sub-benchmarks (for B/op and allocs/op,
// which include the in-process server's share).
//
//	go test -run '^$' -bench 'GetDevice$' -benchmem .
func BenchmarkGetDevice(b *testing.B) {
	g := newGetDeviceBench(b)
	b.Run("client", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			g.client(b)
		}
	})
	b.Run("raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			g.raw(b)
		}
	})
}

// BenchmarkGetDeviceInterleaved compares the two in alternating rounds of the same
// size, so that a change of load on the machine weighs on both alike, and reports
// both throughputs and their ratio (client/raw).
//
//	go test -run '^$' -bench GetDeviceInterleaved .
func BenchmarkGetDeviceInterleaved(b *testing.B) {
	g := newGetDeviceBench(b)
	const rounds = 20
	per := max(b.N/rounds, 50)
	for range 200 { // warm up both paths and the connection pool
		g.client(b)
		g.raw(b)
	}
	b.ResetTimer()
	var clientTime, rawTime time.Duration
	for range rounds {
		start := time.Now()
		for range per {
			g.raw(b)
		}
		rawTime += time.Since(start)
		start = time.Now()
		for range per {
			g.client(b)
		}
		clientTime += time.Since(start)
	}
	b.StopTimer()
	n := float64(rounds * per)
	client, raw := n/clientTime.Seconds(), n/rawTime.Seconds()
	b.ReportMetric(client, "client-req/s")
	b.ReportMetric(raw, "raw-req/s")
	b.ReportMetric(client/raw, "client/raw")
}
