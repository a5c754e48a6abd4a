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
	"fmt"
	"time"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/examples/internal/example"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func main() { example.Main(edition, run) }

// edition is the edition of the in-memory server started when no URL is given.
const edition = thingsboardtest.CE

func run(ctx context.Context, c *tb.Client) error {
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
