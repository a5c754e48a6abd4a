// Command websocket shows the WebSocket API: it creates a device, subscribes to the
// device's fields and telemetry with an Entity Data Query, posts sample telemetry and
// prints every update as it arrives, then unsubscribes and deletes the device.
//
//	go run ./examples/websocket [-url http://localhost:8080] [-delay 1s]
//
// Without -url (or $TB_URL) it starts an in-memory ThingsBoard with the demo data. It
// fails when fewer updates arrive than values were posted.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/examples/internal/example"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// posts is how many telemetry values the example posts.
const posts = 5

func main() {
	delay := flag.Duration("delay", time.Second, "pause before each telemetry post")
	flags := example.ParseFlags()
	if err := run(flags.URL, *delay, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(baseURL string, delay time.Duration, w io.Writer) (err error) {
	out := &lockedWriter{w: w} // written by this goroutine and the update printer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute+posts*delay)
	defer cancel()
	baseURL, stop, err := example.Server(baseURL, thingsboardtest.CE)
	if err != nil {
		return err
	}
	defer stop()
	c, logout, err := example.Login(ctx, baseURL)
	if err != nil {
		return err
	}
	defer logout(&err)

	deviceName := "My test device"
	device := &tb.Device{
		Name:           deviceName,
		Type:           "default",
		AdditionalInfo: json.RawMessage(`{"description":"My test device!"}`),
	}
	saved, err := c.Devices.Save(ctx, device, nil)
	if err != nil {
		return fmt.Errorf("saving the device: %w", err)
	}
	fmt.Fprintf(out, "savedDevice: %s %q (type %s)\n", saved.ID.ID, saved.Name, saved.Type)
	defer func() {
		if derr := c.Devices.Delete(context.Background(), saved.ID.ID); derr != nil {
			err = errors.Join(err, fmt.Errorf("deleting the device: %w", derr))
			return
		}
		fmt.Fprintln(out, "Deleted the device")
	}()
	// Close the WebSocket connection (and its goroutines) once done.
	defer c.Telemetry.Close()

	// The device by its name, with its name, type and creation time and the latest
	// temperature and humidity, newest first.
	query := tb.EntityDataQuery{
		EntityFilter: &tb.EntityNameFilter{EntityType: tb.EntityTypeDevice, EntityNameFilter: deviceName},
		EntityFields: []tb.EntityKey{tb.FieldKey("name"), tb.FieldKey("type"), tb.FieldKey("createdTime")},
		LatestValues: []tb.EntityKey{tb.TimeSeriesKey("temperature"), tb.TimeSeriesKey("humidity")},
		PageLink: tb.EntityDataPageLink{PageSize: 10,
			SortOrder: &tb.EntityDataSortOrder{Key: tb.FieldKey("createdTime"), Direction: tb.DESC}},
	}
	// Temperature and humidity of the last hour, then every new value.
	window := time.Hour
	tsCmd := &tb.TimeSeriesCmd{
		Keys:       []string{"temperature", "humidity"},
		StartTs:    time.Now().Add(-window).UnixMilli(),
		TimeWindow: window.Milliseconds(),
	}
	sub, err := c.Telemetry.SubscribeEntityData(ctx, tb.EntityDataCmd{Query: &query, TsCmd: tsCmd})
	if err != nil {
		return fmt.Errorf("subscribing: %w", err)
	}
	fmt.Fprintf(out, "Subscribed to entity data (cmdId %d)\n", sub.CmdID())

	// Print the updates as they arrive, and count those with new values. The server
	// watches the device once it has sent the first snapshot: values saved before it
	// are part of the snapshot, not updates.
	received := make(chan int, 1)
	snapshot := make(chan struct{})
	var gotSnapshot sync.Once
	printed := make(chan struct{})
	defer func() {
		c.Telemetry.Close() // ends the subscription, if still open, and so the printer
		<-printed
	}()
	go func() {
		defer close(printed)
		n := 0
		for ev := range sub.Events() {
			switch {
			case ev.Err != nil:
				fmt.Fprintln(out, "Subscription error:", ev.Err)
			case ev.Reconnected:
				fmt.Fprintln(out, "Reconnected: the subscription starts over")
			default:
				printUpdate(out, ev.Update)
				if ev.Update.Data != nil {
					gotSnapshot.Do(func() { close(snapshot) })
				}
				if len(ev.Update.Update) > 0 {
					n++
					select {
					case <-received:
					default:
					}
					received <- n
				}
			}
		}
	}()

	select {
	case <-snapshot:
	case <-printed:
		return fmt.Errorf("the subscription ended: %w", sub.Err())
	case <-ctx.Done():
		return fmt.Errorf("waiting for the first snapshot: %w", ctx.Err())
	}
	for range posts {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return ctx.Err()
		}
		values := tb.TelemetryValues{
			"temperature": 10 + 20*rand.Float64(),
			"humidity":    30 + 40*rand.Float64(),
		}
		fmt.Fprintf(out, "Save telemetry request: temperature=%.2f humidity=%.2f\n", values["temperature"], values["humidity"])
		if err := c.Timeseries.Save(ctx, saved.ID, values, nil); err != nil {
			return fmt.Errorf("saving telemetry: %w", err)
		}
	}

	// Wait for the updates of the values just posted (a few seconds at most).
	got := 0
	wait := time.NewTimer(max(2*time.Second, 2*delay))
	defer wait.Stop()
	for got < posts {
		select {
		case got = <-received:
		case <-printed:
			return fmt.Errorf("the subscription ended after %d updates: %w", got, sub.Err())
		case <-wait.C:
			return fmt.Errorf("received %d updates for %d posted values", got, posts)
		}
	}

	// Unsubscribe: the channel of events is closed once the subscription ends.
	if err := sub.Close(); err != nil {
		return fmt.Errorf("unsubscribing: %w", err)
	}
	<-printed
	fmt.Fprintf(out, "Unsubscribed after %d updates\n", got)
	return nil
}

// lockedWriter serializes writes.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// printUpdate writes one entity data update: the snapshot's entities with their fields
// and latest values, or the new values of a delta.
func printUpdate(out io.Writer, u tb.EntityDataUpdate) {
	if u.Data != nil {
		fmt.Fprintf(out, "Received entity data snapshot: %d of %d entities\n", len(u.Data.Data), u.Data.TotalElements)
		for _, d := range u.Data.Data {
			name, _ := d.Field("name")
			typ, _ := d.Field("type")
			created, _ := d.CreatedTime()
			fmt.Fprintf(out, "  %s %q (type %s, created %s)", d.EntityID.ID, name, typ, tb.TimeOf(created).Format(time.RFC3339))
			for _, k := range []string{"temperature", "humidity"} {
				if v, ok := d.TimeseriesLatest(k); ok && v != "" {
					fmt.Fprintf(out, " latest %s=%s", k, v)
				}
			}
			fmt.Fprintln(out, formatSeries(d.Timeseries))
		}
	}
	for _, d := range u.Update {
		fmt.Fprintf(out, "Received entity data update: %s%s\n", d.EntityID.ID, formatSeries(d.Timeseries))
	}
}

// formatSeries writes time series as " key=value@time ...", keys sorted.
func formatSeries(ts map[string][]tb.TsValue) string {
	keys := make([]string, 0, len(ts))
	for k := range ts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range ts[k] {
			fmt.Fprintf(&b, " %s=%s@%s", k, v.Value, tb.TimeOf(v.Ts).Format(time.RFC3339Nano))
		}
	}
	return b.String()
}
