// Command quickstart walks through the main features of the ThingsBoard client, printing
// each step: log in, read the current user, page through devices and dashboards, create
// a device, save and read its shared attributes, write telemetry and read it back, count
// and query devices with the Entity Data Query API, follow the device's telemetry live
// over the WebSocket API, read the user's permissions and entity groups on a
// Professional Edition server, delete the device and log out.
//
//	go run ./examples/quickstart [-url http://localhost:8080]
//
// Without -url (or $TB_URL) it starts an in-memory ThingsBoard with the demo data, so it
// runs anywhere. It exits with a non-zero status on the first failure.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/examples/internal/example"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func main() { example.Main(thingsboardtest.CE, run) }

// step prints a numbered heading.
type step int

func (s *step) next(title string) {
	*s++
	fmt.Printf("\n== %d. %s\n", int(*s), title)
}

func run(ctx context.Context, c *tb.Client) (err error) {
	var s step
	s.next("Server")
	info, err := c.System.Info(ctx)
	if err != nil {
		return fmt.Errorf("system info: %w", err)
	}
	fmt.Printf("Server: ThingsBoard %s %s\n", info.Type, info.Version)

	s.next("Current user")
	user, err := c.Users.Current(ctx)
	if err != nil {
		return fmt.Errorf("current user: %w", err)
	}
	fmt.Printf("%s, authority %s\n", user.Email, user.Authority)

	s.next("Devices, page by page")
	n := 0
	for d, err := range c.Devices.ListTenantAll(ctx, tb.NewPageLink(5), nil) {
		if err != nil {
			return fmt.Errorf("listing devices: %w", err)
		}
		n++
		fmt.Printf("  %s (%s)\n", d.Name, d.Type)
	}
	fmt.Println("Devices:", n)

	s.next("Dashboards, page by page")
	n = 0
	for d, err := range c.Dashboards.ListAll(ctx, tb.NewPageLink(5), nil) {
		if err != nil {
			return fmt.Errorf("listing dashboards: %w", err)
		}
		n++
		fmt.Printf("  %s\n", d.Title)
	}
	fmt.Println("Dashboards:", n)

	s.next("Create a device")
	device, err := c.Devices.Save(ctx, &tb.Device{Name: "Quickstart device", Type: "default",
		AdditionalInfo: json.RawMessage(`{"description":"Created by the quickstart"}`)}, nil)
	if err != nil {
		return fmt.Errorf("creating the device: %w", err)
	}
	fmt.Printf("Created %q, id %s\n", device.Name, device.ID.ID)
	defer func() {
		s.next("Delete the device")
		if derr := c.Devices.Delete(context.Background(), device.ID.ID); derr != nil {
			err = errors.Join(err, fmt.Errorf("deleting the device: %w", derr))
			return
		}
		fmt.Println("Deleted", device.Name)
	}()

	s.next("Shared attributes")
	if err := c.Attributes.Save(ctx, device.ID, tb.SharedScope, map[string]any{"targetTemperature": 22.4, "mode": "eco"}); err != nil {
		return fmt.Errorf("saving attributes: %w", err)
	}
	attrs, err := c.Attributes.GetByScope(ctx, device.ID, tb.SharedScope)
	if err != nil {
		return fmt.Errorf("reading attributes: %w", err)
	}
	for _, a := range attrs {
		fmt.Printf("  %s = %v\n", a.Key, a.Value)
	}

	s.next("Telemetry: write, then read back")
	now := time.Now().UnixMilli()
	records := tb.TelemetryRecords{
		{Ts: now - 2000, Values: map[string]any{"temperature": 21.5}},
		{Ts: now - 1000, Values: map[string]any{"temperature": 22.0}},
		{Ts: now, Values: map[string]any{"temperature": 22.5}},
	}
	if err := c.Timeseries.Save(ctx, device.ID, records, nil); err != nil {
		return fmt.Errorf("saving telemetry: %w", err)
	}
	latest, err := c.Timeseries.Latest(ctx, device.ID, tb.LatestQuery{Keys: []string{"temperature"}})
	if err != nil {
		return fmt.Errorf("reading the latest telemetry: %w", err)
	}
	fmt.Println("  latest temperature:", latest["temperature"].String())
	history, err := c.Timeseries.History(ctx, device.ID, tb.HistoryQuery{Keys: []string{"temperature"}, StartTs: now - 60_000, EndTs: now + 1})
	if err != nil {
		return fmt.Errorf("reading the telemetry history: %w", err)
	}
	fmt.Println("  history points:", len(history["temperature"]))

	s.next("Count devices (Entity Data Query API)")
	devices := tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice}
	total, err := c.EntityQuery.CountEntities(ctx, tb.EntityCountQuery{EntityFilter: devices})
	if err != nil {
		return fmt.Errorf("counting devices: %w", err)
	}
	fmt.Println("  devices:", total)

	s.next("Query active devices (Entity Data Query API)")
	query := tb.EntityDataQuery{
		EntityFilter: devices,
		KeyFilters:   []tb.KeyFilter{activeIs(true)},
		EntityFields: []tb.EntityKey{tb.FieldKey("name"), tb.FieldKey("type")},
		LatestValues: []tb.EntityKey{tb.AttributeKey("active")},
		PageLink: tb.EntityDataPageLink{PageSize: 10,
			SortOrder: &tb.EntityDataSortOrder{Key: tb.FieldKey("name"), Direction: tb.ASC}},
	}
	for d, err := range c.EntityQuery.FindEntityDataAll(ctx, query) {
		if err != nil {
			return fmt.Errorf("querying devices: %w", err)
		}
		name, _ := d.Field("name")
		fmt.Printf("  %s is active\n", name)
	}

	s.next("Live telemetry over the WebSocket API")
	if err := followTelemetry(ctx, c, device); err != nil {
		return err
	}

	if info.IsPE() {
		s.next("Allowed permissions (Professional Edition)")
		perms, err := c.UserPermissions.GetAllowed(ctx)
		if err != nil {
			return fmt.Errorf("allowed permissions: %w", err)
		}
		fmt.Println("  may read devices:", perms.HasGenericPermission(tb.ResourceDevice, tb.OperationRead))

		s.next("Device groups (Professional Edition)")
		groups, err := c.EntityGroups.ListByType(ctx, tb.EntityTypeDevice, nil)
		if err != nil {
			return fmt.Errorf("device groups: %w", err)
		}
		for _, g := range groups {
			fmt.Printf("  %s\n", g.Name)
		}
	}
	return nil
}

// activeIs is a key filter on the "active" attribute, which ThingsBoard keeps for every
// device.
func activeIs(v bool) tb.KeyFilter {
	return tb.KeyFilter{
		Key:       tb.AttributeKey("active"),
		ValueType: tb.ValueTypeBoolean,
		Predicate: tb.BooleanFilterPredicate{Operation: tb.BooleanEqual, Value: tb.PredicateValue(v)},
	}
}

// followTelemetry subscribes to the device's temperature, posts three values and prints
// the updates that arrive.
func followTelemetry(ctx context.Context, c *tb.Client, device *tb.Device) error {
	defer c.Telemetry.Close()
	query := tb.EntityDataQuery{
		EntityFilter: tb.EntityNameFilter{EntityType: tb.EntityTypeDevice, EntityNameFilter: device.Name},
		EntityFields: []tb.EntityKey{tb.FieldKey("name")},
		LatestValues: []tb.EntityKey{tb.TimeSeriesKey("temperature")},
		PageLink:     tb.EntityDataPageLink{PageSize: 10},
	}
	sub, err := c.Telemetry.SubscribeEntityData(ctx, tb.EntityDataCmd{
		Query:     &query,
		LatestCmd: &tb.LatestValueCmd{Keys: []tb.EntityKey{tb.TimeSeriesKey("temperature")}},
	})
	if err != nil {
		return fmt.Errorf("subscribing: %w", err)
	}
	defer sub.Close()
	events := sub.Events()
	// The first update is the snapshot.
	if _, err := nextUpdate(ctx, events); err != nil {
		return err
	}
	for i, v := range []float64{23.0, 23.5, 24.0} {
		if err := c.Timeseries.Save(ctx, device.ID, tb.TelemetryValues{"temperature": v}, nil); err != nil {
			return fmt.Errorf("posting telemetry: %w", err)
		}
		u, err := nextUpdate(ctx, events)
		if err != nil {
			return err
		}
		for _, d := range u.Update {
			if v, ok := d.Latest[tb.EntityKeyTimeSeries]["temperature"]; ok {
				fmt.Printf("  update %d: temperature = %s\n", i+1, v.Value)
			}
		}
	}
	return nil
}

func nextUpdate(ctx context.Context, events <-chan tb.SubscriptionEvent[tb.EntityDataUpdate]) (tb.EntityDataUpdate, error) {
	timeout := time.NewTimer(10 * time.Second)
	defer timeout.Stop()
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return tb.EntityDataUpdate{}, errors.New("the subscription ended")
			}
			if ev.Err != nil {
				return tb.EntityDataUpdate{}, fmt.Errorf("subscription: %w", ev.Err)
			}
			if ev.Reconnected {
				continue
			}
			return ev.Update, nil
		case <-timeout.C:
			return tb.EntityDataUpdate{}, errors.New("no update within 10s")
		case <-ctx.Done():
			return tb.EntityDataUpdate{}, ctx.Err()
		}
	}
}
