package specvalidate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// EnvSpec names the environment variable that overrides the CE spec path.
const EnvSpec = "THINGSBOARD_OPENAPI"

// The reference files and the directory, beside the module root, that holds them.
const (
	SpecFile     = "thingsboard-ce-4.3-openapi.json"
	PEOpsFile    = "pe-operations.tsv"
	PEModelsFile = "pe-models.json"
	RefDir       = "shared/reference"
)

// ErrNoSpec is returned when the CE spec file cannot be found.
var ErrNoSpec = errors.New("specvalidate: CE OpenAPI spec not found: set " + EnvSpec +
	" or provide ../" + RefDir + "/" + SpecFile + " beside the module root")

// Locate returns the paths of the CE spec and of the PE files. The CE spec
// is $THINGSBOARD_OPENAPI, or shared/reference/thingsboard-ce-4.3-openapi.json
// in the nearest ancestor of the working directory that has it, which in a
// normal checkout is the module root's sibling directory shared/. The PE
// files are taken from the CE spec's directory, else from that
// shared/reference directory; they are "" when absent.
func Locate() (ce, peOps, peModels string, err error) {
	if ce = os.Getenv(EnvSpec); ce != "" {
		if !exists(ce) {
			return "", "", "", fmt.Errorf("%w (%s=%s does not exist)", ErrNoSpec, EnvSpec, ce)
		}
	} else if ce = findUp(filepath.Join(RefDir, SpecFile)); ce == "" {
		return "", "", "", ErrNoSpec
	}
	pe := func(name string) string {
		if p := filepath.Join(filepath.Dir(ce), name); exists(p) {
			return p
		}
		return findUp(filepath.Join(RefDir, name))
	}
	peOps, peModels = pe(PEOpsFile), pe(PEModelsFile)
	if peOps == "" || peModels == "" {
		peOps, peModels = "", ""
	}
	return ce, peOps, peModels, nil
}

func exists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// findUp returns dir/rel for the nearest ancestor dir of the working
// directory that has it, or "".
func findUp(rel string) string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if p := filepath.Join(dir, rel); exists(p) {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

var shared struct {
	once sync.Once
	spec *Spec
	err  error
	told sync.Once
}

// Shared loads the files that Locate finds, once per process, and returns
// the Spec. It returns an error wrapping ErrNoSpec when the CE spec is absent.
func Shared() (*Spec, error) {
	shared.once.Do(func() {
		ce, peOps, peModels, err := Locate()
		if err != nil {
			shared.err = err
			return
		}
		shared.spec, shared.err = Load(ce, peOps, peModels)
	})
	return shared.spec, shared.err
}

// Open returns a new Validator on the Shared spec. It suits TestMain, which
// has no testing.TB: report with Validator.Report.
func Open() (*Validator, error) {
	s, err := Shared()
	if err != nil {
		return nil, err
	}
	return New(s), nil
}

// ForTest returns a new Validator on the Shared spec. It skips t when the
// spec is absent and fails it when the files do not load. The first call
// logs what was loaded and how long it took.
func ForTest(t testing.TB) *Validator {
	t.Helper()
	v, err := Open()
	if errors.Is(err, ErrNoSpec) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	shared.told.Do(func() {
		t.Helper()
		ops := v.spec.Operations()
		t.Logf("spec: %d CE, %d hidden CE and %d PE operations loaded in %v",
			ops[sourceCE], ops[sourceHidden], ops[sourcePE], v.spec.LoadTime().Round(1e6))
	})
	return v
}
