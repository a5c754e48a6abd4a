// Command count_entities counts a tenant's devices with the Entity Data Query API:
// all of them, the active ones and the inactive ones (by the "active" attribute).
//
//	go run ./examples/count_entities [-url http://localhost:8080]
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

	// Count every device.
	query := tb.EntityCountQuery{EntityFilter: tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice}}
	total, err := c.EntityQuery.CountEntities(ctx, query)
	if err != nil {
		return fmt.Errorf("counting devices: %w", err)
	}
	fmt.Println("Total devices:", total)

	// The same query with a key filter: attribute "active" is true.
	query.KeyFilters = []tb.KeyFilter{activeFilter(true)}
	active, err := c.EntityQuery.CountEntities(ctx, query)
	if err != nil {
		return fmt.Errorf("counting active devices: %w", err)
	}
	fmt.Println("Active devices:", active)

	// And attribute "active" is false.
	query.KeyFilters = []tb.KeyFilter{activeFilter(false)}
	inactive, err := c.EntityQuery.CountEntities(ctx, query)
	if err != nil {
		return fmt.Errorf("counting inactive devices: %w", err)
	}
	fmt.Println("Inactive devices:", inactive)

	if active+inactive != total {
		fmt.Printf("Note: %d devices have no \"active\" attribute\n", total-active-inactive)
	}
	return nil
}

// activeFilter keeps the devices whose "active" attribute (any scope) equals active.
func activeFilter(active bool) tb.KeyFilter {
	return tb.KeyFilter{
		Key:       tb.AttributeKey("active"),
		ValueType: tb.ValueTypeBoolean,
		Predicate: tb.BooleanFilterPredicate{Operation: tb.BooleanEqual, Value: tb.PredicateValue(active)},
	}
}
