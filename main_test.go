package thingsboard_test

import (
	"os"
	"testing"

	"github.com/tbgo/thingsboard/internal/spectest"
)

// TestMain validates every exchange with the emulators of this package's tests against
// the ThingsBoard API specification.
func TestMain(m *testing.M) { os.Exit(spectest.Main(m)) }
