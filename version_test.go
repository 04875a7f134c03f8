package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestResolveBuild(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name                  string
		version, commit, date string // the ldflags values
		bi                    *debug.BuildInfo
		want                  string
	}{
		{"nothing known", "", "", "", nil,
			"eventbrowser unknown (unknown, unknown)"},
		{"ldflags win over build info", "v9.9.9", "abc123", "2026-01-02T03:04:05Z",
			&debug.BuildInfo{Main: debug.Module{Version: "v1.0.0"}, Settings: vcs("vcs.revision", rev, "vcs.time", "2025-01-01T00:00:00Z")},
			"eventbrowser v9.9.9 (abc123, 2026-01-02T03:04:05Z)"},
		{"go install of a tag: no VCS settings", "", "", "",
			&debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}},
			"eventbrowser v1.2.3 (unknown, unknown)"},
		{"go build in a clean work tree", "", "", "",
			&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102030405-0123456789ab"},
				Settings: vcs("vcs", "git", "vcs.revision", rev, "vcs.time", "2026-01-02T03:04:05Z", "vcs.modified", "false")},
			"eventbrowser v0.0.0-20260102030405-0123456789ab (0123456789ab, 2026-01-02T03:04:05Z)"},
		{"go build with changes", "", "", "",
			&debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
				Settings: vcs("vcs.revision", rev, "vcs.time", "2026-01-02T03:04:05Z", "vcs.modified", "true")},
			"eventbrowser dev (0123456789ab-dirty, 2026-01-02T03:04:05Z)"},
		{"go build without VCS", "", "", "",
			&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("-trimpath", "true")},
			"eventbrowser dev (unknown, unknown)"},
		{"a short revision is kept whole", "", "", "",
			&debug.BuildInfo{Settings: vcs("vcs.revision", "abc")},
			"eventbrowser unknown (abc, unknown)"},
		{"only the version by ldflags", "v2.0.0", "", "",
			&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", rev, "vcs.time", "2026-01-02T03:04:05Z")},
			"eventbrowser v2.0.0 (0123456789ab, 2026-01-02T03:04:05Z)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resolveBuild(tt.version, tt.commit, tt.date, tt.bi).String(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestVersionFlag(t *testing.T) {
	// --version needs no events and wins over a missing input.
	for _, args := range [][]string{{"--version"}, {"--version", cliFixture}, {"--type", "200", "--version"}} {
		out, errOut, code := cliRun(t, cliStdin(t, ""), args...)
		if want := versionInfo().String() + "\n"; code != 0 || errOut != "" || out != want {
			t.Errorf("%q: exit %d, stderr %q, stdout %q; want 0 and %q", args, code, errOut, out, want)
		}
	}
	o, err := parseArgs([]string{"--customer", "cst_8wmqcHMN4U"}, env{
		stdin: cliStdin(t, ""), now: cliNow,
		getenv: func(string) string { return "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM" },
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "eventbrowser/" + versionInfo().Version; o.api == nil || o.api.UserAgent != want {
		t.Errorf("User-Agent = %+v, want %q", o.api, want)
	}
}

// TestVersionBuilt builds the binary as a release does, with ldflags, and
// as go build does, without, and asks each for --version.
func TestVersionBuilt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary twice")
	}
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
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
	// Go stamps a pseudo-version (v0.0.0-20260102030405-0123456789ab, or
	// a tag's version), +dirty with uncommitted changes.
	re := regexp.MustCompile(`^eventbrowser (v\S+|dev) \(` + rev + `(-dirty)?, \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\n$`)
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
