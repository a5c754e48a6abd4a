package main

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/examples/internal/example"
	"github.com/tbgo/thingsboard/internal/spectest"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func TestMain(m *testing.M) { os.Exit(spectest.Main(m)) }

// TestRun runs the example against the in-process PE emulator.
func TestRun(t *testing.T) {
	var out strings.Builder
	if err := example.Run("", edition, func(ctx context.Context, c *tb.Client) error { return report(ctx, c, &out) }); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"genericPermissions": {`, `"ALL": [`, "Has generic devices read permission: true"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestRunCE checks that a Community Edition server makes the example fail with the
// server's own error.
func TestRunCE(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	var out strings.Builder
	err := example.Run(srv.URL, edition, func(ctx context.Context, c *tb.Client) error { return report(ctx, c, &out) })
	var apiErr *tb.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || !errors.Is(err, tb.ErrNotFound) {
		t.Fatalf("err = %v, want the CE server's 404", err)
	}
	if !strings.Contains(err.Error(), "Community Edition") || !strings.Contains(err.Error(), "/api/permissions/allowedPermissions") {
		t.Errorf("unclear error: %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("printed %q before failing", out.String())
	}
}
