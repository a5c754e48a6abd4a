// Command fetch_user_dashboards lists the logged-in user's dashboards page by page.
//
//	go run ./examples/fetch_user_dashboards [-url http://localhost:8080]
//
// Without -url (or $TB_URL) it starts an in-memory ThingsBoard PE with the demo data.
// On a Professional Edition server it reads /api/user/dashboards, the dashboards the user
// may see; on a Community Edition server it reads the tenant's dashboards (tenant
// administrator) or those assigned to the customer (customer user).
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
	list, err := userDashboards(ctx, c)
	if err != nil {
		return err
	}
	// The loop ends on the dashboards page's HasNext (the Dart client documentation's
	// version of this loop tested the devices page of the previous example).
	total := 0
	for d, err := range tb.All(ctx, tb.NewPageLink(10), list) {
		if err != nil {
			return fmt.Errorf("dashboards: %w", err)
		}
		fmt.Printf("  dashboard %q\n", d.Title)
		total++
	}
	fmt.Println("Dashboards found:", total)
	return nil
}

// userDashboards picks the list of the user's dashboards the server offers.
func userDashboards(ctx context.Context, c *tb.Client) (tb.PageFetcher[tb.DashboardInfo, tb.PageLink], error) {
	info, err := c.System.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("system info: %w", err)
	}
	user := c.AuthUser()
	switch {
	case info.IsPE():
		return func(ctx context.Context, pl tb.PageLink) (*tb.Page[tb.DashboardInfo], error) {
			return c.Dashboards.ListUserDashboards(ctx, pl, nil)
		}, nil
	case user.IsCustomerUser():
		return func(ctx context.Context, pl tb.PageLink) (*tb.Page[tb.DashboardInfo], error) {
			return c.Dashboards.ListByCustomer(ctx, user.CustomerID, pl, nil)
		}, nil
	default:
		return func(ctx context.Context, pl tb.PageLink) (*tb.Page[tb.DashboardInfo], error) {
			return c.Dashboards.List(ctx, pl, nil)
		}, nil
	}
}
