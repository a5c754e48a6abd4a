// Command count_entities counts a tenant's devices with the Entity Data Query API:
// all of them, the active ones and the inactive ones (by the "active" attribute).
//
//	go run ./examples/count_entities [-url http://localhost:8080]
//
// Without -url (or $TB_URL) it starts an in-memory ThingsBoard with the demo data.
package main

import (
	"context"
	"fmt"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/examples/internal/example"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func main() { example.Main(edition, run) }

// edition is the edition of the in-memory server started when no URL is given.
const edition = thingsboardtest.CE

func run(ctx context.Context, c *tb.Client) error {
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
