package main

import (
	"os"
	"testing"

	"github.com/tbgo/thingsboard/internal/spectest"
)

func TestMain(m *testing.M) { os.Exit(spectest.Main(m)) }

// TestRun runs the example against the in-process emulator.
func TestRun(t *testing.T) {
	t.Setenv("TB_URL", "")
	if err := run(""); err != nil {
		t.Fatal(err)
	}
}
