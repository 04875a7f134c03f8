package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// These tests drive the built binary in a real terminal: tmux at 100×30,
// keys with send-keys, the screen with capture-pane.

// buildBinary builds eventbrowser once per test into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "eventbrowser")
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// terminal is a tmux server of its own running one program.
type terminal struct {
	t      *testing.T
	socket string
}

// startTerminal runs command in a fresh 100×30 tmux session.
func startTerminal(t *testing.T, command string) *terminal {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed, so the end-to-end tests cannot run here (.ci/run installs it)")
	}
	term := &terminal{t: t, socket: fmt.Sprintf("eventbrowser-test-%d-%d", os.Getpid(), time.Now().UnixNano())}
	term.tmux("new-session", "-d", "-s", "main", "-x", "100", "-y", "30", command)
	term.tmux("set-option", "-t", "main", "remain-on-exit", "on")
	t.Cleanup(func() { exec.Command("tmux", "-L", term.socket, "kill-server").Run() })
	return term
}

func (term *terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", term.socket}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (term *terminal) screen() string { return term.tmux("capture-pane", "-p", "-t", "main") }

// keys sends tmux key names ("Enter", "Space", "/") one at a time.
func (term *terminal) keys(keys ...string) {
	for _, k := range keys {
		term.tmux("send-keys", "-t", "main", k)
	}
}

// text types literal text.
func (term *terminal) text(s string) { term.tmux("send-keys", "-t", "main", "-l", s) }

// waitFor polls the screen until it contains want, and returns that screen.
func (term *terminal) waitFor(want string) string {
	term.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := term.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the screen never showed %q; it shows:\n%s", want, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitForExit polls until the program has ended and returns its exit status.
func (term *terminal) waitForExit() string {
	term.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		// tmux may see the pane's terminal close before it has the exit
		// status, so wait for the status (or the signal) too.
		out := strings.TrimSpace(term.tmux("display-message", "-p", "-t", "main", "#{pane_dead} #{pane_dead_status}#{?pane_dead_signal,signal #{pane_dead_signal},}"))
		if dead, status, _ := strings.Cut(out, " "); dead == "1" && status != "" {
			return status
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the program did not end; the screen shows:\n%s", term.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitForFile polls until path has content, and returns it.
func waitForFile(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s was never written", path)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// browserRecorder writes a $BROWSER script that appends its arguments to a
// file, and returns both paths.
func browserRecorder(t *testing.T) (script, record string) {
	dir := t.TempDir()
	script, record = filepath.Join(dir, "browser.sh"), filepath.Join(dir, "opened.txt")
	body := fmt.Sprintf("#!/bin/sh\nprintf '%%s\\n' \"$*\" >> %q\n", record)
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return script, record
}

func TestEndToEndBrowse(t *testing.T) {
	bin := buildBinary(t)
	script, record := browserRecorder(t)
	fixture, _ := filepath.Abs("testdata/events.json")
	term := startTerminal(t, fmt.Sprintf("env BROWSER=%q TZ=UTC %q %q", script, bin, fixture))

	first := term.waitFor("8 events")
	for _, want := range []string{"CREATED", "TYPE", "MESSAGE", "▸  2024-06-03 11:30:00  210    Mandate revoked by customer"} {
		if !strings.Contains(first, want) {
			t.Errorf("first screen lacks %q:\n%s", want, first)
		}
	}

	term.keys("/")
	term.text("payment")
	term.waitFor(`3 of 8 events · "payment"`)
	term.keys("Enter")

	term.keys("t")
	term.waitFor("Event types")
	term.keys("j", "j", "j") // 200, 210, 300 → 310 "Payment failed"
	term.keys("Space")
	term.waitFor("[ ]    310")
	term.keys("Enter")
	s := term.waitFor(`2 of 8 events · type 200,210,300,400,500 · "payment"`)
	if strings.Contains(s, "insufficient funds") {
		t.Errorf("type 310 was unchecked but still shows:\n%s", s)
	}

	term.keys("Enter")
	s = term.waitFor("Event 1 of 2")
	for _, want := range []string{"Payment tr_7UhSN1zuXS paid", "sent as 2024-05-22T15:11:19+02:00", "1  url  https://api.mollie.com/v2/payments/tr_7UhSN1zuXS"} {
		if !strings.Contains(s, want) {
			t.Errorf("detail view lacks %q:\n%s", want, s)
		}
	}
	term.keys("o")
	term.waitFor("opened https://api.mollie.com/v2/payments/tr_7UhSN1zuXS")
	if got := waitForFile(t, record); got != "https://api.mollie.com/v2/payments/tr_7UhSN1zuXS\n" {
		t.Errorf("the browser got %q, want exactly the event's URL", got)
	}

	// The refund's only link is javascript:, which must never reach a browser.
	term.keys("Escape", "/")
	term.keys("C-u") // clear the input
	term.text("refund")
	term.waitFor(`1 of 8 events · type 200,210,300,400,500 · "refund"`)
	term.keys("Enter", "o")
	term.waitFor("not opened: javascript: links are not opened")
	if b, _ := os.ReadFile(record); strings.Count(string(b), "\n") != 1 {
		t.Errorf("a javascript: href reached the browser; it recorded:\n%s", b)
	}

	term.keys("q")
	if status := term.waitForExit(); status != "0" {
		t.Errorf("exit status %s after q, want 0", status)
	}
}

// sh runs a shell command line and returns its stdout, stderr and exit code.
func sh(t *testing.T, line string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command("sh", "-c", line)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("%s: %v", line, err)
	}
	return out.String(), errOut.String(), code
}

func TestEndToEndPrint(t *testing.T) {
	bin := buildBinary(t)
	fixture, _ := filepath.Abs("testdata/events.json")

	t.Run("piped output is tsv", func(t *testing.T) {
		out, errOut, code := sh(t, fmt.Sprintf("%q --type 300,310 %q | cat", bin, fixture))
		want := "2024-05-22T13:11:19Z\t300\tPayment tr_7UhSN1zuXS paid\thttps://api.mollie.com/v2/payments/tr_7UhSN1zuXS\t" + fixture + "\n" +
			"2024-03-22T13:42:04Z\t310\tPayment failed: insufficient funds\t\t" + fixture + "\n" +
			"2024-03-21T10:00:00Z\t300\tPayment tr_WDqYK6vllg paid\thttps://api.mollie.com/v2/payments/tr_WDqYK6vllg\t" + fixture + "\n"
		if out != want || errOut != "" || code != 0 {
			t.Errorf("got %q (stderr %q, exit %d), want\n%s", out, errOut, code, want)
		}
	})

	t.Run("json round trip through a pipe", func(t *testing.T) {
		direct, _, code := sh(t, fmt.Sprintf("%q --output ndjson %q", bin, fixture))
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		piped, errOut, code := sh(t, fmt.Sprintf("%q --output json %q | %q --output ndjson -", bin, fixture, bin))
		if code != 0 || errOut != "" {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if piped != direct || strings.Count(piped, "\n") != 8 {
			t.Errorf("json → ndjson through a pipe gave\n%s\nwant\n%s", piped, direct)
		}
	})

	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("[\n{\"type\":\"200\",\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"m\"}\n]\n"), 0o644)
	noEvents := filepath.Join(dir, "customer.json")
	os.WriteFile(noEvents, []byte(`{"resource":"customer","id":"cst_8wmqcHMN4U","name":"Jane"}`), 0o644)
	for _, tt := range []struct {
		name, args string
		code       int
		stdout     string // exact
		stderr     string // substring
	}{
		{"nothing matches", "--grep no-such-text " + fixture, 0, "", ""},
		{"customer without events", noEvents, 0, "", `has no "events" field`},
		{"missing file", filepath.Join(dir, "nope.json"), 1, "", "nope.json: no such file or directory"},
		{"bad file names file and line", bad, 1, "", bad + `:2: field "type": want an integer, got the string "200"`},
		{"unknown flag", "--bogus " + fixture, 2, "", "unknown flag --bogus\nRun 'eventbrowser --help' for usage."},
		{"bad type", "--type abc " + fixture, 2, "", `--type: bad type "abc"`},
		{"bad time", "--since soon " + fixture, 2, "", `--since: cannot read "soon" as a time`},
		{"bad format", "--output yaml " + fixture, 2, "", `--output: unknown output format "yaml"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := sh(t, fmt.Sprintf("%q %s </dev/null", bin, tt.args))
			if code != tt.code || out != tt.stdout || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr containing %q", code, out, errOut, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}
