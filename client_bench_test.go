package thingsboard_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// BenchmarkGetDevice reads one device from the emulator over loopback, through the
// client and, as the baseline, with a plain net/http request decoded by encoding/json
// into the same struct. Both share the same server, token and connection pool size.
//
//	go test -run '^$' -bench GetDevice -benchmem .
func BenchmarkGetDevice(b *testing.B) {
	srv := thingsboardtest.NewServer(b)
	ctx := context.Background()
	c, err := tb.NewClient(srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.Login(ctx, "tenant@thingsboard.org", "tenant"); err != nil {
		b.Fatal(err)
	}
	id := srv.Demo().DeviceID("Test Device A1")
	token := c.Tokens().Token

	b.Run("client", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d, err := c.Devices.Get(ctx, id)
			if err != nil || d.Name != "Test Device A1" {
				b.Fatal(d, err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		b.ReportAllocs()
		hc := http.DefaultClient
		url := srv.URL + "/api/device/" + id
		for b.Loop() {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("X-Authorization", "Bearer "+token)
			resp, err := hc.Do(req)
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
	})
}
