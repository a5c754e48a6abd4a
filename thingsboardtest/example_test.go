package thingsboardtest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func Example() {
	srv, err := thingsboardtest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	c, err := thingsboard.NewClient(srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Login(ctx, "tenant@thingsboard.org", "tenant"); err != nil {
		log.Fatal(err)
	}
	u := c.AuthUser()
	fmt.Println(u.Subject, u.Authority)
	// Output: tenant@thingsboard.org TENANT_ADMIN
}
