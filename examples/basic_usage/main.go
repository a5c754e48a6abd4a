// Command basic_usage logs in, shows the logged-in user and logs out: the basic usage
// example of the ThingsBoard client.
//
//	go run ./examples/basic_usage [-url http://localhost:8080]
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
	fmt.Println("isAuthenticated:", c.IsAuthenticated())
	fmt.Println("authUser:", c.AuthUser())

	user, err := c.Users.Current(ctx)
	if err != nil {
		return fmt.Errorf("current user: %w", err)
	}
	fmt.Printf("currentUserDetails: %s (%s), authority %s, tenant %s\n", user.Email, user.Name, user.Authority, user.TenantID.ID)
	return nil
}
