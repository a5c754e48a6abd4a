package main

import (
	"os"
	"testing"

	"github.com/tbgo/thingsboard/examples/internal/example"
	"github.com/tbgo/thingsboard/internal/spectest"
	"github.com/tbgo/thingsboard/thingsboardtest"
)

func TestMain(m *testing.M) { os.Exit(spectest.Main(m)) }

// TestRun runs the quickstart against the in-process emulator, CE and PE.
func TestRun(t *testing.T) {
	for _, ed := range []thingsboardtest.Edition{thingsboardtest.CE, thingsboardtest.PE} {
		t.Run(string(ed), func(t *testing.T) {
			if err := example.Run("", ed, run); err != nil {
				t.Fatal(err)
			}
		})
	}
}
