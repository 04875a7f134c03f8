package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEndToEndReadmeQueries runs the README's query examples with the
// built binary and checks that they print what the README shows.
func TestEndToEndReadmeQueries(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n### Queries\n")
	if !ok {
		t.Fatal("README.md has no ### Queries section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	bin := buildBinary(t)
	examples := 0
	for _, block := range strings.Split(section, "```console\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		command, want, _ := strings.Cut(block, "\n")
		command, ok := strings.CutPrefix(command, "$ ")
		if !ok {
			t.Fatalf("a console block that does not start with a command:\n%s", block)
		}
		examples++
		t.Run(command, func(t *testing.T) {
			// As a user would type it, in UTC so dates mean the same everywhere.
			line := "PATH=" + filepath.Dir(bin) + ":$PATH TZ=UTC; export TZ; { " + command + "; } 2>&1"
			got, _, _ := sh(t, line)
			if got != want {
				t.Errorf("the README shows\n%s\nbut it prints\n%s", want, got)
			}
		})
	}
	if examples < 4 {
		t.Errorf("%d examples in ### Queries, want the error and three queries", examples)
	}
}
