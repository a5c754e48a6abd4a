// Command manage_device creates a device, reads it back, saves and reads its shared
// attributes, and deletes it.
//
//	go run ./examples/manage_device [-url http://localhost:8080]
//
// Without -url (or $TB_URL) it starts an in-memory ThingsBoard with the demo data.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/examples/internal/example"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func main() { example.Main(edition, run) }

// edition is the edition of the in-memory server started when no URL is given.
const edition = thingsboardtest.CE

func run(ctx context.Context, c *tb.Client) (err error) {
	device := &tb.Device{
		Name:           "My test device",
		Type:           "default",
		AdditionalInfo: json.RawMessage(`{"description":"My test device!"}`),
	}
	saved, err := c.Devices.Save(ctx, device, nil)
	if err != nil {
		return fmt.Errorf("saving the device: %w", err)
	}
	fmt.Printf("savedDevice: %s %q (type %s)\n", saved.ID.ID, saved.Name, saved.Type)
	defer func() {
		if derr := c.Devices.Delete(context.Background(), saved.ID.ID); derr != nil {
			err = errors.Join(err, fmt.Errorf("deleting the device: %w", derr))
			return
		}
		fmt.Println("Deleted the device")
	}()

	found, err := c.Devices.GetInfo(ctx, saved.ID.ID)
	if err != nil {
		return fmt.Errorf("reading the device: %w", err)
	}
	fmt.Printf("foundDevice: %q, profile %s, active %v\n", found.Name, found.DeviceProfileName, found.Active)

	attrs := map[string]any{"targetTemperature": 22.4, "targetHumidity": 57.8}
	if err := c.Attributes.Save(ctx, found.ID, tb.SharedScope, attrs); err != nil {
		return fmt.Errorf("saving shared attributes: %w", err)
	}
	fmt.Println("Saved shared attributes:", attrs)

	got, err := c.Attributes.GetByScope(ctx, found.ID, tb.SharedScope, "targetTemperature", "targetHumidity")
	if err != nil {
		return fmt.Errorf("reading shared attributes: %w", err)
	}
	for _, a := range got {
		fmt.Printf("Found device attribute: %s = %v\n", a.Key, a.Value)
	}
	if len(got) != len(attrs) {
		return fmt.Errorf("read %d shared attributes back, saved %d", len(got), len(attrs))
	}
	return nil
}
