package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/tbgo/thingsboard/internal/spectest"
)

func TestMain(m *testing.M) { os.Exit(spectest.Main(m)) }

// TestRun runs the example against the in-process emulator, without pauses.
func TestRun(t *testing.T) {
	t.Setenv("TB_URL", "")
	var out bytes.Buffer
	if err := run("", 0, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	if n := strings.Count(got, "Received entity data update:"); n != posts {
		t.Fatalf("%d updates printed, want %d:\n%s", n, posts, got)
	}
	for _, want := range []string{"Received entity data snapshot: 1 of 1 entities", `"My test device" (type default`,
		"Unsubscribed after 5 updates", "Deleted the device"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
