package spectest

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tbgo/thingsboard/internal/emulator"
	"github.com/tbgo/thingsboard/internal/specvalidate"
)

// pkgName names the test binary for the summary: its executable's name.
func pkgName() string {
	name := filepath.Base(os.Args[0])
	return strings.TrimSuffix(name, ".test")
}

// Main runs the tests with every emulator exchange validated, prints how many exchanges
// were validated, and turns a passing run into a failing one when any exchange violated
// the specification. It returns the exit code.
func Main(m *testing.M) int {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		// Validation would weigh on every measured request.
		fmt.Fprintln(os.Stderr, "spec: validation off while benchmarking")
		return m.Run()
	}
	v, err := specvalidate.Open()
	if err != nil {
		if errors.Is(err, specvalidate.ErrNoSpec) {
			fmt.Fprintf(os.Stderr, "spec: validation skipped: %v\n", err)
			return m.Run()
		}
		fmt.Fprintf(os.Stderr, "spec: %v\n", err)
		return 1
	}
	emulator.SetHandlerWrapper(v.Middleware)
	defer emulator.SetHandlerWrapper(nil)
	code := m.Run()
	fmt.Printf("spec: validated %d exchanges, %d violations\n", v.Exchanges(), len(v.Violations()))
	if path := os.Getenv("TB_SPEC_SUMMARY"); path != "" {
		if f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintf(f, "%s %d %d\n", pkgName(), v.Exchanges(), len(v.Violations()))
			f.Close()
		}
	}
	if len(v.Violations()) > 0 {
		fmt.Println(v.Report())
		if code == 0 {
			code = 1
		}
	}
	return code
}
