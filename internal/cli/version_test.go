package cli

import (
	"runtime/debug"
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
			"eventbrowser dev (0123456789ab, 2026-01-02T03:04:05Z)"},
		{"go build with changes, as Go 1.24 on stamps it", "", "", "",
			&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102030405-0123456789ab+dirty"},
				Settings: vcs("vcs", "git", "vcs.revision", rev, "vcs.time", "2026-01-02T03:04:05Z", "vcs.modified", "true")},
			"eventbrowser dev (0123456789ab-dirty, 2026-01-02T03:04:05Z)"},
		{"go build on a tag, with changes", "", "", "",
			&debug.BuildInfo{Main: debug.Module{Version: "v1.2.3+dirty"},
				Settings: vcs("vcs", "git", "vcs.revision", rev, "vcs.time", "2026-01-02T03:04:05Z", "vcs.modified", "true")},
			"eventbrowser v1.2.3 (0123456789ab-dirty, 2026-01-02T03:04:05Z)"},
		{"go install of a commit: a pseudo-version, no VCS settings", "", "", "",
			&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102030405-0123456789ab"}},
			"eventbrowser v0.0.0-20260102030405-0123456789ab (unknown, unknown)"},
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
			if got := resolveBuild(Build{tt.version, tt.commit, tt.date}, tt.bi).String(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestVersionFlag(t *testing.T) {
	// --version needs no events and wins over a missing input.
	for _, args := range [][]string{{"--version"}, {"--version", cliFixture}, {"--type", "200", "--version"}} {
		out, errOut, code := cliRun(t, cliStdin(t, ""), args...)
		if want := testBuild.String() + "\n"; code != 0 || errOut != "" || out != want {
			t.Errorf("%q: exit %d, stderr %q, stdout %q; want 0 and %q", args, code, errOut, out, want)
		}
	}
	o, err := commandOptions(t, []string{"--customer", "cst_8wmqcHMN4U"}, Env{
		stdin: cliStdin(t, ""), now: cliNow, build: testBuild,
		getenv: func(string) string { return "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM" },
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "eventbrowser/" + testBuild.Version; o.api == nil || o.api.UserAgent != want {
		t.Errorf("User-Agent = %+v, want %q", o.api, want)
	}
}
