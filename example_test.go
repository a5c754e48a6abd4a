package thingsboard_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

// login starts an in-memory ThingsBoard and returns a client logged in as its demo
// tenant administrator.
func login() (*tb.Client, *thingsboardtest.Server) {
	srv, err := thingsboardtest.Start()
	if err != nil {
		log.Fatal(err)
	}
	c, err := tb.NewClient(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.Login(context.Background(), "tenant@thingsboard.org", "tenant"); err != nil {
		log.Fatal(err)
	}
	return c, srv
}

func ExampleClient_Login() {
	srv, err := thingsboardtest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()

	c, err := tb.NewClient(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.Login(ctx, "tenant@thingsboard.org", "tenant")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.User.Subject, res.User.Authority, c.IsAuthenticated())
	if err := c.Logout(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.IsAuthenticated())
	// Output:
	// tenant@thingsboard.org TENANT_ADMIN true
	// false
}

func ExampleDeviceService_ListTenantAll() {
	c, srv := login()
	defer srv.Close()

	// Every page of the tenant's devices of the "thermostat" profile.
	for d, err := range c.Devices.ListTenantAll(context.Background(), tb.NewPageLink(1), &tb.DeviceListOptions{Type: "thermostat"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.Name)
	}
	// Output:
	// Thermostat T1
	// Thermostat T2
}

func ExampleDeviceService_Get_notFound() {
	c, srv := login()
	defer srv.Close()

	_, err := c.Devices.Get(context.Background(), "784f394c-42b6-435a-983c-b7beff2784f9")
	var apiErr *tb.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(errors.Is(err, tb.ErrNotFound), apiErr.StatusCode, apiErr.Code)
	}
	// Output:
	// true 404 ITEM_NOT_FOUND
}

func ExampleTimeseriesService_Save() {
	c, srv := login()
	defer srv.Close()
	ctx := context.Background()

	device := tb.NewEntityID(tb.EntityTypeDevice, srv.Demo().DeviceID("Thermostat T1"))
	records := tb.TelemetryRecords{
		{Ts: 1700000000000, Values: map[string]any{"temperature": 21.5}},
		{Ts: 1700000060000, Values: map[string]any{"temperature": 22.25}},
	}
	if err := c.Timeseries.Save(ctx, device, records, nil); err != nil {
		log.Fatal(err)
	}
	history, err := c.Timeseries.History(ctx, device, tb.HistoryQuery{
		Keys: []string{"temperature"}, StartTs: 1700000000000, EndTs: 1700000060001,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range history["temperature"] {
		v, _ := p.Float64()
		fmt.Println(p.Ts, v)
	}
	// Output:
	// 1700000060000 22.25
	// 1700000000000 21.5
}

func ExampleEntityQueryService_CountEntities() {
	c, srv := login()
	defer srv.Close()
	ctx := context.Background()

	devices := tb.EntityCountQuery{EntityFilter: tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice}}
	total, err := c.EntityQuery.CountEntities(ctx, devices)
	if err != nil {
		log.Fatal(err)
	}
	devices.KeyFilters = []tb.KeyFilter{{
		Key:       tb.AttributeKey("active"),
		ValueType: tb.ValueTypeBoolean,
		Predicate: tb.BooleanFilterPredicate{Operation: tb.BooleanEqual, Value: tb.PredicateValue(true)},
	}}
	active, err := c.EntityQuery.CountEntities(ctx, devices)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d devices, %d active\n", total, active)
	// Output:
	// 9 devices, 2 active
}

func ExampleTelemetryService_SubscribeTimeseries() {
	c, srv := login()
	defer srv.Close()
	defer c.Telemetry.Close()
	ctx := context.Background()

	device := tb.NewEntityID(tb.EntityTypeDevice, srv.Demo().DeviceID("Thermostat T2"))
	sub, err := c.Telemetry.SubscribeTimeseries(ctx, tb.TimeseriesSubscriptionCmd{EntityID: device, Keys: []string{"temperature"}})
	if err != nil {
		log.Fatal(err)
	}
	defer sub.Close()
	first, err := sub.Next(ctx) // the current values: none yet
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("snapshot values:", len(first.Update.Data["temperature"]))

	for _, v := range []float64{20.5, 21.75} {
		if err := c.Timeseries.Save(ctx, device, tb.TelemetryValues{"temperature": v}, nil); err != nil {
			log.Fatal(err)
		}
		ev, err := sub.Next(ctx)
		if err != nil {
			log.Fatal(err)
		}
		for _, p := range ev.Update.Data["temperature"] {
			fmt.Println("temperature:", p.Value)
		}
	}
	// Output:
	// snapshot values: 0
	// temperature: 20.5
	// temperature: 21.75
}
