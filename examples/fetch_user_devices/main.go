// Command fetch_user_devices lists the logged-in user's devices page by page.
//
//	go run ./examples/fetch_user_devices [-url http://localhost:8080]
//
// Without -url (or $TB_URL) it starts an in-memory ThingsBoard PE with the demo data.
// On a Professional Edition server it reads /api/user/devices, the devices the user may
// see; on a Community Edition server, which has no such list, it reads the tenant's
// devices (tenant administrator) or the customer's (customer user).
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
const edition = thingsboardtest.PE

func run(ctx context.Context, c *tb.Client) error {
	list, err := userDevices(ctx, c)
	if err != nil {
		return err
	}
	pageLink := tb.NewPageLink(10)
	total := 0
	for {
		devices, err := list(ctx, pageLink)
		if err != nil {
			return fmt.Errorf("devices page %d: %w", pageLink.Page, err)
		}
		fmt.Printf("devices page %d (%d of %d):\n", pageLink.Page, len(devices.Data), devices.TotalElements)
		for _, d := range devices.Data {
			fmt.Printf("  %s (%s)\n", d.Name, d.Type)
		}
		total += len(devices.Data)
		if !devices.HasNext {
			break
		}
		pageLink = pageLink.Next()
	}
	fmt.Println("Devices found:", total)
	return nil
}

// userDevices picks the list of the user's devices the server offers.
func userDevices(ctx context.Context, c *tb.Client) (func(context.Context, tb.PageLink) (*tb.Page[tb.Device], error), error) {
	info, err := c.System.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("system info: %w", err)
	}
	user := c.AuthUser()
	switch {
	case info.IsPE():
		return func(ctx context.Context, pl tb.PageLink) (*tb.Page[tb.Device], error) {
			return c.Devices.ListUser(ctx, pl, nil)
		}, nil
	case user.IsCustomerUser():
		return func(ctx context.Context, pl tb.PageLink) (*tb.Page[tb.Device], error) {
			return c.Devices.ListCustomer(ctx, user.CustomerID, pl, nil)
		}, nil
	default:
		return func(ctx context.Context, pl tb.PageLink) (*tb.Page[tb.Device], error) {
			return c.Devices.ListTenant(ctx, pl, nil)
		}, nil
	}
}
