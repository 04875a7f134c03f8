package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestVersionBuilt builds the binary as a release does, with ldflags, and
// as go build does, without, and asks each for --version.
func TestVersionBuilt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary twice")
	}
	gobin := goTool(t)
	build := func(args ...string) string {
		t.Helper()
		bin := filepath.Join(t.TempDir(), "eventbrowser")
		cmd := exec.Command(gobin, append(append([]string{"build", "-o", bin}, args...), ".")...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %q: %v\n%s", args, err, out)
		}
		out, err := exec.Command(bin, "--version").CombinedOutput()
		if err != nil {
			t.Fatalf("%s --version: %v\n%s", bin, err, out)
		}
		return string(out)
	}

	ldflags := "-X main.version=v9.9.9 -X main.commit=abc123 -X main.date=2026-01-02T03:04:05Z"
	if got, want := build("-ldflags", ldflags), "eventbrowser v9.9.9 (abc123, 2026-01-02T03:04:05Z)\n"; got != want {
		t.Errorf("built with -ldflags %q: --version printed %q, want %q", ldflags, got, want)
	}

	// Plain go build. GOFLAGS may say -buildvcs=false (it does in CI);
	// where this is a git checkout the build asks for VCS stamping itself.
	var args []string
	if _, err := exec.LookPath("git"); err == nil && gitDir(t) {
		args = []string{"-buildvcs=true"}
	}
	got := build(args...)
	if args == nil {
		// Without VCS information the module's version is (devel).
		if want := "eventbrowser dev (unknown, unknown)\n"; got != want {
			t.Errorf("plain go build without VCS: --version printed %q, want %q", got, want)
		}
		return
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	rev := strings.TrimSpace(string(head))[:12]
	// Go stamps a pseudo-version (v0.0.0-20260102030405-0123456789ab), or
	// a tag's version on a tag; the README says such a build is dev.
	re := regexp.MustCompile(`^eventbrowser (dev|v\d+\.\d+\.\d+) \(` + rev + `(-dirty)?, \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\n$`)
	if !re.MatchString(got) {
		t.Errorf("plain go build -buildvcs=true: --version printed %q, want it to match %s", got, re)
	}
}

// gitDir reports whether the go command stamps this build with git's
// revision: whether a .git directory is here or above. A .git file, as in
// a git worktree or a submodule, is not enough for it.
func gitDir(t *testing.T) bool {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if st, err := os.Stat(filepath.Join(dir, ".git")); err == nil && st.IsDir() {
			return true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}
