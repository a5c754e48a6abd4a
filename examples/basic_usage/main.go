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
	"log"
	"time"

	"github.com/tbgo/thingsboard/examples/internal/example"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func main() {
	flags := example.ParseFlags()
	if err := run(flags.URL); err != nil {
		log.Fatal(err)
	}
}

func run(baseURL string) (err error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	baseURL, stop, err := example.Server(baseURL, thingsboardtest.CE)
	if err != nil {
		return err
	}
	defer stop()
	c, logout, err := example.Login(ctx, baseURL)
	if err != nil {
		return err
	}
	defer logout(&err)

	fmt.Println("isAuthenticated:", c.IsAuthenticated())
	fmt.Println("authUser:", c.AuthUser())

	user, err := c.Users.Current(ctx)
	if err != nil {
		return fmt.Errorf("current user: %w", err)
	}
	fmt.Printf("currentUserDetails: %s (%s), authority %s, tenant %s\n", user.Email, user.Name, user.Authority, user.TenantID.ID)
	return nil
}
