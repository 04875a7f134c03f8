package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/spf13/pflag"
)

// TestHelpGolden keeps --help in testdata/TestHelpGolden.golden; go test
// -update rewrites it.
func TestHelpGolden(t *testing.T) {
	out, errOut, code := cliRun(t, cliStdin(t, ""), "--help")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	golden.RequireEqual(t, []byte(out))
}

// TestCompletionScripts generates each shell's completion script and has
// the shell check its syntax where it is installed.
func TestCompletionScripts(t *testing.T) {
	for _, tt := range []struct{ shell, check string }{
		{"bash", "bash"}, {"zsh", "zsh"}, {"fish", "fish"}, {"powershell", ""},
	} {
		t.Run(tt.shell, func(t *testing.T) {
			out, errOut, code := cliRun(t, cliStdin(t, ""), "completion", tt.shell)
			if code != 0 || errOut != "" || !strings.Contains(out, "eventbrowser") {
				t.Fatalf("exit %d, stderr %q, %d bytes", code, errOut, len(out))
			}
			if tt.check == "" {
				return
			}
			if _, err := exec.LookPath(tt.check); err != nil {
				t.Skipf("%s is not installed, so its script's syntax is not checked", tt.check)
			}
			file := filepath.Join(t.TempDir(), "eventbrowser."+tt.shell)
			if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			if msg, err := exec.Command(tt.check, "-n", file).CombinedOutput(); err != nil {
				t.Errorf("%s -n: %v\n%s", tt.check, err, msg)
			}
		})
	}
}

// TestCompletionUnknownShell: no shell, or one cobra has no script for, is
// a mistake on the command line (exit 2), not help and exit 0 (issue 23,
// item 14).
func TestCompletionUnknownShell(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"completion", "tcsh"}, `completion: unknown shell "tcsh": want bash, zsh, fish or powershell`},
		{[]string{"completion"}, "completion needs a shell: bash, zsh, fish or powershell"},
	} {
		out, errOut, code := cliRun(t, cliStdin(t, ""), tt.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, nothing, %q", tt.args, code, out, errOut, tt.want)
		}
	}
	if out, _, code := cliRun(t, cliStdin(t, ""), "completion", "--help"); code != 0 || !strings.Contains(out, "bash") {
		t.Errorf("completion --help: exit %d, %q", code, out)
	}
}

// TestCompletionValues asks the completion machinery what --output and
// --sort take, and what an argument is: their fixed values, and files.
func TestCompletionValues(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want []string
		dir  string // the directive's number
	}{
		{[]string{"--output", ""}, []string{"tsv", "table", "json", "ndjson", "csv"}, ":4"},
		{[]string{"-o", "j"}, []string{"tsv", "table", "json", "ndjson", "csv"}, ":4"},
		{[]string{"--sort", ""}, []string{"-created", "created", "type", "none"}, ":4"},
		{[]string{""}, nil, ":0"},
	} {
		out, _, code := cliRun(t, cliStdin(t, ""), append([]string{"__complete"}, tt.args...)...)
		if code != 0 {
			t.Fatalf("%q: exit %d", tt.args, code)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w+"\n") {
				t.Errorf("%q completes\n%s\nwithout %q", tt.args, out, w)
			}
		}
		if !strings.Contains(out, tt.dir+"\n") {
			t.Errorf("%q: directive not %s:\n%s", tt.args, tt.dir, out)
		}
	}
}

// TestManPage renders the man page with groff, which must say nothing, and
// checks it documents every flag, the keys, the exit status, the
// environment and the files.
func TestManPage(t *testing.T) {
	out, errOut, code := cliRun(t, cliStdin(t, ""), "man")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{".SH KEYS", ".SH EXIT STATUS", ".SH ENVIRONMENT", "MOLLIE_API_KEY", "BROWSER", "NO_COLOR", ".SH FILES"} {
		if !strings.Contains(out, want) {
			t.Errorf("the man page lacks %q", want)
		}
	}
	for _, name := range definedFlags(t) {
		if !strings.Contains(out, `\-\-`+strings.ReplaceAll(name, "-", `\-`)) || flagDocs[name] == "" {
			t.Errorf("the man page does not document --%s", name)
		}
	}
	if help, _, _ := cliRun(t, cliStdin(t, ""), "--help"); strings.Contains(help, "man ") {
		t.Error("--help mentions the hidden man command")
	}
	if _, err := exec.LookPath("groff"); err != nil {
		t.Skip("groff is not installed, so the page is not rendered (.ci/run installs it)")
	}
	cmd := exec.Command("groff", "-man", "-Tutf8", "-ww", "-z")
	cmd.Stdin = strings.NewReader(out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("groff: %v\n%s", err, stderr.String())
	}
}

// TestFileNamedLikeACommand: ./man is a file, man the command.
func TestFileNamedLikeACommand(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(cliFixture)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "man"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	out, errOut, code := cliRun(t, cliStdin(t, ""), "./man", "--output", "tsv")
	if code != 0 || errOut != "" || strings.Count(out, "\n") != 8 {
		t.Errorf("./man: exit %d, stderr %q, %d lines", code, errOut, strings.Count(out, "\n"))
	}
}

func TestHelp(t *testing.T) {
	for _, arg := range []string{"--help", "-h"} {
		// Help wins over everything else on the line, even mistakes.
		for _, args := range [][]string{{arg}, {"--type", "200", arg, cliFixture}} {
			out, errOut, code := cliRun(t, cliStdin(t, ""), args...)
			if code != 0 || errOut != "" || out != usage {
				t.Errorf("%q: exit %d, stderr %q, stdout %q; want 0 and the usage on stdout", args, code, errOut, out)
			}
		}
	}
	for _, name := range append(definedFlags(t), "help") {
		if !strings.Contains(usage, "--"+name+" ") {
			t.Errorf("--help does not mention --%s", name)
		}
	}
	for _, f := range output.FormatNames() {
		if !regexp.MustCompile(`print instead of browsing: [a-z, ]*\b` + f + `\b`).MatchString(strings.ReplaceAll(usage, "\n                     ", " ")) {
			t.Errorf("--help does not list the %s format under --output", f)
		}
	}
}

// definedFlags returns the names of the command's flags, so that a new
// flag without a line in the help (or in the man page) fails.
func definedFlags(t *testing.T) []string {
	t.Helper()
	_, cmd := newCommand(Env{}, nil, func(*options) error { return nil })
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	return names
}
