package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedTableIsCurrent regenerates the operations table from the reference
// file, when it is available, and compares it with the committed one.
func TestGeneratedTableIsCurrent(t *testing.T) {
	dir := os.Getenv("TB_REFERENCE")
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(root, "..", "shared", "reference")
	}
	tsv := filepath.Join(dir, "pe-operations.tsv")
	if _, err := os.Stat(tsv); err != nil {
		t.Skipf("skipped: reference %s not found (set TB_REFERENCE)", tsv)
	}
	got, err := generate(tsv)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "operations_gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("operations_gen.go is stale: run go generate ./internal/emulator")
	}
}
