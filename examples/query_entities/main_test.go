package main

import "testing"

func TestRunAgainstTheEmulator(t *testing.T) {
	if err := run(""); err != nil {
		t.Fatal(err)
	}
}
