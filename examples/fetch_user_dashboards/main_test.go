package main

import (
	"os"
	"testing"

	"github.com/tbgo/thingsboard/examples/internal/example"
	"github.com/tbgo/thingsboard/internal/spectest"
)

func TestMain(m *testing.M) { os.Exit(spectest.Main(m)) }

// TestRun runs the example against the in-process emulator.
func TestRun(t *testing.T) {
	if err := example.Run("", edition, run); err != nil {
		t.Fatal(err)
	}
}
