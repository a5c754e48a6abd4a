// Command user_permissions prints the logged-in user's permissions and whether they
// include reading devices (a Professional Edition API).
//
//	go run ./examples/user_permissions [-url http://localhost:8080]
//
// Without -url (or $TB_URL) it starts an in-memory ThingsBoard PE with the demo data
// and logs in as its tenant administrator. A Community Edition server has no
// permissions API: the program then exits with the server's error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/examples/internal/example"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func main() { example.Main(edition, run) }

// edition is the edition of the in-memory server started when no URL is given.
const edition = thingsboardtest.PE

func run(ctx context.Context, c *tb.Client) error { return report(ctx, c, os.Stdout) }

// report writes what the example shows to out.
func report(ctx context.Context, c *tb.Client, out io.Writer) error {
	allowed, err := c.UserPermissions.GetAllowed(ctx)
	if err != nil {
		return peError("allowed permissions", err)
	}
	perms, err := json.MarshalIndent(allowed.UserPermissions, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Allowed user permissions: %s\n", perms)
	fmt.Fprintf(out, "Has generic devices read permission: %t\n",
		allowed.HasGenericPermission(tb.ResourceDevice, tb.OperationRead))
	return nil
}

// peError explains the answer of a server without the Professional Edition API.
func peError(what string, err error) error {
	var apiErr *tb.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == 404 {
		return fmt.Errorf("%s: %w (the server does not serve this Professional Edition API: is it a Community Edition server?)", what, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}
