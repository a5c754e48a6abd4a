// Command query_entities lists a tenant's active devices with the Entity Data Query
// API, newest first, page by page: name, type, creation time and the "active"
// attribute of each.
//
//	go run ./examples/query_entities [-url http://localhost:8080]
//
// Without -url (or $TB_URL) it starts an in-memory ThingsBoard with the demo data.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func main() {
	baseURL := flag.String("url", os.Getenv("TB_URL"), "ThingsBoard base URL (default $TB_URL; empty starts an in-memory server)")
	flag.Parse()
	if err := run(*baseURL); err != nil {
		log.Fatal(err)
	}
}

func run(baseURL string) (err error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if baseURL == "" {
		srv, err := thingsboardtest.Start()
		if err != nil {
			return fmt.Errorf("starting the emulator: %w", err)
		}
		defer srv.Close()
		baseURL = srv.URL
		fmt.Println("Started an in-memory ThingsBoard at", baseURL)
	}

	c, err := tb.NewClient(baseURL)
	if err != nil {
		return err
	}
	if _, err := c.Login(ctx, "tenant@thingsboard.org", "tenant"); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	fmt.Println("Logged in as tenant@thingsboard.org")
	defer func() {
		if lerr := c.Logout(context.Background()); lerr != nil {
			err = errors.Join(err, fmt.Errorf("logout: %w", lerr))
			return
		}
		fmt.Println("Logged out")
	}()

	// Only devices...
	entityFilter := tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice}
	// ...whose "active" attribute is true.
	activeDeviceKeyFilter := tb.KeyFilter{
		Key:       tb.AttributeKey("active"),
		ValueType: tb.ValueTypeBoolean,
		Predicate: tb.BooleanFilterPredicate{Operation: tb.BooleanEqual, Value: tb.PredicateValue(true)},
	}
	// The fields and attributes to return for each device.
	deviceFields := []tb.EntityKey{tb.FieldKey("name"), tb.FieldKey("type"), tb.FieldKey("createdTime")}
	deviceAttributes := []tb.EntityKey{tb.AttributeKey("active")}

	query := tb.EntityDataQuery{
		EntityFilter: entityFilter,
		KeyFilters:   []tb.KeyFilter{activeDeviceKeyFilter},
		EntityFields: deviceFields,
		LatestValues: deviceAttributes,
		PageLink: tb.EntityDataPageLink{
			PageSize:  10,
			SortOrder: &tb.EntityDataSortOrder{Key: tb.FieldKey("createdTime"), Direction: tb.DESC},
		},
	}

	fmt.Println("Active devices:")
	count := 0
	for {
		page, err := c.EntityQuery.FindEntityData(ctx, query)
		if err != nil {
			return fmt.Errorf("querying page %d: %w", query.PageLink.Page, err)
		}
		for _, d := range page.Data {
			name, _ := d.Field("name")
			typ, _ := d.Field("type")
			active, _ := d.Attribute("active")
			created, _ := d.CreatedTime()
			fmt.Printf("  id: %s, createdTime: %s, name: %s, type: %s, active: %s\n",
				d.EntityID.ID, tb.TimeOf(created).Format(time.RFC3339), name, typ, active)
			count++
		}
		if !page.HasNext {
			break
		}
		query = query.Next()
	}
	fmt.Printf("%d active devices\n", count)
	return nil
}
