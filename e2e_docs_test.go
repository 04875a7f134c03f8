package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/query"
)

// TestDocsAgree checks that --help, the man page and the README name every
// query field and keyword term, and every output format, so that a word the
// language learns cannot go undocumented in one of them.
func TestDocsAgree(t *testing.T) {
	bin := buildBinary(t)
	help, err := exec.Command(bin, "--help").Output()
	if err != nil {
		t.Fatalf("--help: %v", err)
	}
	man, err := exec.Command(bin, "man").Output()
	if err != nil {
		t.Fatalf("man: %v", err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, queries, ok := strings.Cut(string(readme), "\n### Queries\n")
	if !ok {
		t.Fatal("README.md has no ### Queries section")
	}
	queries, _, _ = strings.Cut(queries, "\n## ")
	docs := map[string]string{"--help": string(help), "the man page": roffText(string(man)), "README's Queries": queries}
	for _, word := range query.Words() {
		for name, text := range docs {
			if !strings.Contains(text, word) {
				t.Errorf("%s does not mention the query term %q", name, word)
			}
		}
	}
	checkArchitecture(t, string(readme))
	for _, f := range output.FormatNames() {
		for name, text := range map[string]string{"--help": string(help), "the man page": roffText(string(man))} {
			if !strings.Contains(text, " "+f) {
				t.Errorf("%s does not list the output format %q", name, f)
			}
		}
		if !strings.Contains(string(readme), "`"+f+"`") {
			t.Errorf("README does not list the output format %q", f)
		}
	}
}

// roffText undoes the escapes the man page writes text with.
func roffText(s string) string {
	return strings.NewReplacer(`\-`, "-", `\(aq`, "'", `\e`, `\`, `\&`, "").Replace(s)
}

// checkArchitecture checks that README's Architecture table names every
// package of the module, as go list shows them, and no other.
func checkArchitecture(t *testing.T, readme string) {
	t.Helper()
	_, section, ok := strings.Cut(readme, "\n### Architecture\n")
	if !ok {
		t.Fatal("README.md has no ### Architecture section")
	}
	section, _, _ = strings.Cut(section, "\n### ")
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{.Module.Path}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	named := map[string]bool{}
	for _, row := range strings.Split(section, "\n") {
		if cell, _, ok := strings.Cut(strings.TrimPrefix(row, "| `"), "`"); ok && strings.HasPrefix(row, "| `") {
			named[cell] = true
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, module, _ := strings.Cut(line, " ")
		rel := strings.TrimPrefix(strings.TrimPrefix(path, module), "/")
		switch {
		case rel == "":
			rel = "main.go"
		case strings.HasSuffix(rel, "/cmd/gen"), strings.HasSuffix(rel, "/cellstest"):
			continue // tools inside a package's row, which names them
		}
		if !named[rel] {
			t.Errorf("README's Architecture table has no row for %s", rel)
		}
		delete(named, rel)
	}
	for rel := range named {
		t.Errorf("README's Architecture table has a row for %s, which go list does not show", rel)
	}
}
