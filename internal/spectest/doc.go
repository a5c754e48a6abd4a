// Package spectest checks, for a whole test binary, every HTTP exchange that the
// emulator's servers handle against the ThingsBoard OpenAPI specification (and the PE
// operation tables). A package's tests enable it with
//
//	func TestMain(m *testing.M) { os.Exit(spectest.Main(m)) }
//
// Benchmark runs (-test.bench) are not validated, so that the validator does not
// weigh on what they measure.
//
// With TB_SPEC_SUMMARY naming a file, each test binary appends a line "name exchanges
// violations" to it, so a CI script can print the total.
//
// When the specification cannot be found the tests still run, and the binary says that
// validation was skipped and why.
package spectest
