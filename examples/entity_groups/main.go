// Command entity_groups lists the entity groups of every group type (a Professional
// Edition API).
//
//	go run ./examples/entity_groups [-url http://localhost:8080]
//
// Without -url (or $TB_URL) it starts an in-memory ThingsBoard PE with the demo data
// and logs in as its tenant administrator. A Community Edition server has no entity
// groups: the program then exits with the server's error.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

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
	for _, groupType := range tb.EntityGroupTypes() {
		groups, err := c.EntityGroups.ListByType(ctx, groupType, nil)
		if err != nil {
			return peError(fmt.Sprintf("%s groups", groupType), err)
		}
		names := make([]string, len(groups))
		for i, g := range groups {
			names[i] = fmt.Sprintf("%q (%s, owner %s %s)", g.Name, g.ID.ID, g.OwnerID.EntityType, g.OwnerID.ID)
		}
		fmt.Fprintf(out, "found %s groups: [%s]\n", groupType, strings.Join(names, ", "))
	}
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
