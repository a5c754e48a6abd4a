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
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 7 {
		t.Fatalf("%d lines, want one per group type:\n%s", len(lines), out.String())
	}
	for i, gt := range []string{"DEVICE", "ASSET", "ENTITY_VIEW", "DASHBOARD", "CUSTOMER", "USER", "EDGE"} {
		if !strings.HasPrefix(lines[i], "found "+gt+" groups: [\"All\" (") {
			t.Errorf("line %d = %q", i, lines[i])
		}
	}
	if !strings.Contains(lines[5], `"Tenant Administrators"`) || !strings.Contains(lines[5], `"Tenant Users"`) {
		t.Errorf("user groups line = %q", lines[5])
	}
}

// TestRunCE checks that a Community Edition server makes the example fail with the
// server's own error.
func TestRunCE(t *testing.T) {
	srv := thingsboardtest.NewServer(t)
	var out strings.Builder
	err := example.Run(srv.URL, edition, func(ctx context.Context, c *tb.Client) error { return report(ctx, c, &out) })
	var apiErr *tb.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Code != tb.CodeItemNotFound {
		t.Fatalf("err = %v, want the CE server's 404", err)
	}
	if !strings.Contains(err.Error(), "DEVICE groups") || !strings.Contains(err.Error(), "Community Edition") {
		t.Errorf("unclear error: %v", err)
	}
}
