package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// These tests drive the built binary in a real terminal: tmux at 100×30,
// keys with send-keys, the screen with capture-pane.

// cliFixture is the events file the command's own tests read too.
const cliFixture = "internal/cli/testdata/events.json"

// built is the binary the tests of this package share: built once, by the
// first test that needs it, and removed by TestMain.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// buildBinary builds eventbrowser once for all the tests of this package,
// and returns its path.
func buildBinary(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "eventbrowser-e2e-"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "eventbrowser")
		if out, err := exec.Command(goTool(t), "build", "-o", built.path, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// goTool is the go command running these tests: go test puts its own
// GOROOT/bin first on the PATH of the tests it runs.
func goTool(t testing.TB) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command: %v", err)
	}
	return gobin
}

// terminal is a tmux server of its own running one program.
type terminal struct {
	t      testing.TB
	socket string
}

// waitTimeout is how long a wait for the screen, a file or an exit lasts
// before the test fails: generous, as the machine may be busy.
const waitTimeout = 20 * time.Second

// startTerminal runs command in a fresh 100×30 tmux session.
func startTerminal(t testing.TB, command string) *terminal {
	t.Helper()
	return startTerminalSized(t, 100, 30, command)
}

// startTerminalSized runs command in a fresh tmux session of width×height.
func startTerminalSized(t testing.TB, width, height int, command string) *terminal {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed, so the end-to-end tests cannot run here (.ci/run installs it)")
	}
	term := &terminal{t: t, socket: fmt.Sprintf("eventbrowser-test-%d-%d", os.Getpid(), time.Now().UnixNano())}
	// With set-clipboard on, tmux keeps what a program copies with OSC 52
	// as a paste buffer, where a test can read it.
	term.tmux("start-server", ";", "set-option", "-s", "set-clipboard", "on", ";",
		"new-session", "-d", "-s", "main", "-x", strconv.Itoa(width), "-y", strconv.Itoa(height), command)
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

// clipboard waits for what the program copied with OSC 52, which tmux
// keeps as a paste buffer, and returns it: the status line may say it was
// copied a frame before tmux has read the copy.
func (term *terminal) clipboard() string {
	term.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		out, err := exec.Command("tmux", "-L", term.socket, "show-buffer").CombinedOutput()
		if err == nil {
			return string(out)
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("nothing was copied: tmux show-buffer: %v\n%s", err, out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

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
	deadline := time.Now().Add(waitTimeout)
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

// waitUntil polls the screen until check finds nothing wrong with it (""),
// and returns that screen, a line a string. A program draws a frame in
// more than one write, so a capture may catch half of one: only what stays
// wrong for the whole wait fails the test, with the last thing check said.
func (term *terminal) waitUntil(check func(screen []string) string) []string {
	term.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		s := term.screen()
		lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		wrong := check(lines)
		if wrong == "" {
			return lines
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("%s; the screen shows:\n%s", wrong, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// format asks tmux for a format of the pane, such as "#{alternate_on}".
func (term *terminal) format(f string) string {
	return strings.TrimSpace(term.tmux("display-message", "-p", "-t", "main", f))
}

// waitForExit polls until the program has ended and returns its exit status.
func (term *terminal) waitForExit() string {
	term.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		// tmux may see the pane's terminal close before it has the exit
		// status, so wait for the status (or the signal) too.
		out := strings.TrimSpace(term.tmux("display-message", "-p", "-t", "main", "#{pane_dead} #{pid} #{pane_dead_status}#{?pane_dead_signal,signal #{pane_dead_signal},}"))
		dead, rest, _ := strings.Cut(out, " ")
		server, status, _ := strings.Cut(rest, " ")
		if dead == "1" && status != "" {
			return status
		}
		if dead == "1" {
			// tmux 3.3 sometimes misses the SIGCHLD of a pane whose
			// terminal it saw close first, and leaves the program a
			// zombie without an exit status; another SIGCHLD makes it
			// reap it.
			if pid, err := strconv.Atoi(server); err == nil {
				syscall.Kill(pid, syscall.SIGCHLD)
			}
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
	deadline := time.Now().Add(waitTimeout)
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
	fixture, _ := filepath.Abs(cliFixture)
	term := startTerminal(t, fmt.Sprintf("env BROWSER=%q TZ=UTC %q %q", script, bin, fixture))

	first := term.waitFor("8 events")
	for _, want := range []string{"CREATED", "TYPE", "MESSAGE", "▸  2024-06-03 11:30:00  210    Mandate revoked by customer"} {
		if !strings.Contains(first, want) {
			t.Errorf("first screen lacks %q:\n%s", want, first)
		}
	}

	term.keys("/")
	term.text("payment")
	term.waitFor(`3 of 8 events · payment · `)
	term.keys("Enter")

	term.keys("t")
	term.waitFor("Event types")
	term.keys("j", "j", "j") // 200, 210, 300 → 310 "Payment failed"
	term.keys("Space")
	term.waitFor("[ ]    310")
	term.keys("Enter")
	s := term.waitFor(`2 of 8 events · payment type:200,210,300,400,500 · `)
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
	term.keys("Escape") // alone: with the next key it would read as Alt and that key
	term.waitFor("↑↓/jk move")
	term.keys("/")
	term.keys("C-u") // clear the query, types and all
	term.text("refund")
	term.waitFor(`1 of 8 events · refund · `)
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
	fixture, _ := filepath.Abs(cliFixture)

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
		{"bad file names file and line", bad, 1, "", bad + `:2: field "type": want an integer or a name like payment.failed, got the string "200"`},
		{"unknown flag", "--bogus " + fixture, 2, "", "unknown flag --bogus\nRun 'eventbrowser --help' for usage."},
		{"bad type", "--type 2abc " + fixture, 2, "", `--type: bad type "2abc"`},
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

// hostileEvents writes a file of events whose text tries everything a
// terminal interprets, newest first, and returns its path and how many
// events it holds.
func hostileEvents(t *testing.T) (path string, n int) {
	t.Helper()
	var words strings.Builder
	for i := 0; words.Len() < 5<<20; i++ {
		words.WriteString([]string{"payment ", "tr_7UhSN1zuXS ", "refunded ", "€25.00 ", "漢字 ", "to ", "the ", "customer "}[i%8])
		if i%100 == 99 {
			words.WriteString("\n")
		}
	}
	messages := []string{
		"clear \x1b[2J\x1b[H\x1b[3J the screen",
		"cursor \x1b[10;10Hmoved \x1b[5A\x1b[3Cup \x1b7saved\x1b8 \x1b[?25l hidden",
		"clipboard \x1b]52;c;ZXZpbA==\x07 written",
		"link \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ here",
		"title \x1b]0;pwned\x07 and \x1b]2;pwned\x1b\\ set",
		"bidi \u202egnp.exe\u202c and \u2066isolate\u2069 \u200fmarks",
		"C1 \u009b2J CSI, \u009d0;pwned\u009c OSC, \u0090q\u009c DCS",
		"bell \x07\x07 and back\b\b\bspaces, tab\tand\r return",
		"leave \x1b[?1049l the alternate screen, reset \x1bc all, \x1b[?1000h mouse",
		"long " + strings.Repeat("x", 20000),
		"huge BEGIN " + words.String() + " END",
	}
	var events []map[string]any
	for i, msg := range messages {
		events = append(events, map[string]any{
			"resource":  "event\x1b[2J",
			"type":      300 + i,
			"createdAt": time.Date(2024, 6, 20-i, 9, 0, 0, 0, time.UTC).Format(time.RFC3339),
			"message":   msg,
			"_links": map[string]any{
				"url":  map[string]string{"href": "https://api.mollie.com/v2/payments/tr_" + fmt.Sprint(i), "type": "text/html\x1b[31m"},
				"js":   map[string]string{"href": "javascript:alert(1)"},
				"evil": map[string]string{"href": "https://example.com/\x1b]8;;https://evil.example\x1b\\x"},
			},
		})
	}
	data, err := json.Marshal(events)
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "hostile.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, len(events)
}

var (
	tableHeader = regexp.MustCompile(`^    CREATED {14}TYPE   MESSAGE *$`)
	tableRow    = regexp.MustCompile(`^ [▸• ]  2024-06-\d\d 09:00:00  3\d\d    \S`)
	statusLine  = regexp.MustCompile(`^\d+ events · sort created ↓`)
)

// layout says what is wrong with screen as the table of n events, or as
// the detail view of one when title is set ("-" for any title): the
// header or title on the first line, the status line and the help on the
// last two, the table's rows, then the timeline's two rows of bars and its
// axis, and nothing else. "" means nothing.
func layout(screen []string, n int, title string) string {
	switch {
	case len(screen) != 30:
		return fmt.Sprintf("%d lines, want 30", len(screen))
	case !statusLine.MatchString(screen[28]):
		return "line 29 is not the status line"
	case title == "" && !strings.HasPrefix(screen[29], "↑↓/jk move • "):
		return "line 30 is not the table's help"
	case title != "" && !strings.HasPrefix(screen[29], "↑↓/jk scroll • "):
		return "line 30 is not the detail view's help"
	case title == "-":
		return ""
	case title != "":
		if !strings.HasPrefix(screen[0], title) {
			return fmt.Sprintf("line 1 is not %q", title)
		}
		return ""
	case !tableHeader.MatchString(screen[0]):
		return "line 1 is not the table's header"
	}
	for i := 1; i < 28; i++ {
		switch {
		case i >= 25 && i <= 26 && strings.Trim(screen[i], " ▁▂▃▄▅▆▇█") != "":
			return fmt.Sprintf("line %d is not a row of the timeline's bars", i+1)
		case i >= 25:
		case i <= n && !tableRow.MatchString(screen[i]):
			return fmt.Sprintf("line %d is not a row of the table", i+1)
		case i > n && strings.TrimSpace(screen[i]) != "":
			return fmt.Sprintf("line %d, below the rows, is not empty", i+1)
		}
	}
	return ""
}

// showing is a check for waitUntil: the screen shows want (what names it)
// and is laid out as layout expects.
func showing(what string, want func(screen []string) bool, n int, title string) func([]string) string {
	return func(s []string) string {
		if len(s) != 30 || !want(s) {
			return "the screen never showed " + what
		}
		if wrong := layout(s, n, title); wrong != "" {
			return what + ": " + wrong
		}
		return ""
	}
}

// TestEndToEndHostileText browses events whose text holds escape
// sequences, controls, bidi overrides and megabytes: the screen stays the
// program's own, and after q the terminal is as it was.
func TestEndToEndHostileText(t *testing.T) {
	bin := buildBinary(t)
	file, n := hostileEvents(t)
	term := startTerminal(t, fmt.Sprintf("sh -c %q", fmt.Sprintf("env TZ=UTC %q %q; echo DONE; exec sleep 600", bin, file)))
	count := fmt.Sprintf("%d events ·", n)
	table := func(s []string) bool { return strings.HasPrefix(s[28], count) && tableHeader.MatchString(s[0]) }
	screen := term.waitUntil(showing("the loaded table", table, n, ""))
	if rows := strings.Join(screen, "\n"); !strings.Contains(rows, "  309    long xxxxxxxxxx") || !strings.Contains(rows, "  310    huge BEGIN payment tr_7UhSN1zuXS refunded") {
		t.Errorf("the long messages are not in the table:\n%s", rows)
	}

	for i := 1; i <= n; i++ {
		title := fmt.Sprintf("Event %d of %d", i, n)
		titled := func(s []string) bool { return strings.HasPrefix(s[0], title) }
		term.keys("Enter")
		term.waitUntil(showing(title, titled, n, title))
		term.keys("G")
		term.waitUntil(showing("the links at the bottom", func(s []string) bool {
			return strings.Contains(strings.Join(s, "\n"), "3  js  javascript:alert(1)  (not openable")
		}, n, "-"))
		term.keys("J")
		term.waitUntil(showing("the raw JSON", func(s []string) bool { return strings.HasPrefix(s[0], title+" · raw JSON") }, n, title))
		term.keys("G")
		term.waitUntil(showing("the end of the raw JSON", func(s []string) bool {
			return strings.HasSuffix(strings.TrimRight(strings.Join(s[:28], "\n"), " \n"), "\n}")
		}, n, "-"))
		// One key at a time: an Escape that reaches the program with the
		// next key reads as Alt and that key.
		term.keys("J")
		term.waitUntil(showing(title, titled, n, title))
		term.keys("Escape")
		term.waitUntil(showing("the table", table, n, ""))
		term.keys("j")
	}

	term.keys("q")
	term.waitUntil(func(s []string) string {
		if strings.TrimSpace(strings.Join(s, "\n")) != "DONE" {
			return "after q the terminal does not show DONE alone"
		}
		return ""
	})
	if got := term.format("#{alternate_on} #{cursor_flag}"); got != "0 1" {
		t.Errorf("after q: alternate screen and cursor flags %q, want the normal screen and a visible cursor (0 1)", got)
	}
	if got := term.tmux("list-buffers"); got != "" {
		t.Errorf("an event's OSC 52 reached the clipboard: %s", got)
	}
	if got := term.format("#{pane_title}"); strings.Contains(got, "pwned") {
		t.Errorf("an event set the title to %q", got)
	}
}

// TestEndToEndOpenOverSSH presses o over SSH with no $BROWSER: no browser
// is started; the URL is shown and copied instead.
func TestEndToEndOpenOverSSH(t *testing.T) {
	bin := buildBinary(t)
	fixture, _ := filepath.Abs(cliFixture)
	term := startTerminal(t, fmt.Sprintf("env -u BROWSER -u DISPLAY SSH_TTY=/dev/pts/9 TZ=UTC %q %q", bin, fixture))
	term.waitFor("8 events")
	term.keys("j", "j", "j") // Payment tr_7UhSN1zuXS paid
	term.waitFor("▸  2024-05-22 13:11:19  300    Payment tr_7UhSN1zuXS paid")
	term.keys("o")
	term.waitFor("no browser over SSH: copied https://api.mollie.com/v2/payments/tr_7UhSN1zuXS (OSC 52)")
	if got := term.clipboard(); got != "https://api.mollie.com/v2/payments/tr_7UhSN1zuXS" {
		t.Errorf("the clipboard holds %q, want the URL", got)
	}
	term.keys("q")
	if status := term.waitForExit(); status != "0" {
		t.Errorf("exit status %s after q, want 0", status)
	}
}

// TestEndToEndTerminal checks what the program declares to the terminal:
// the window title, colours unless NO_COLOR, and bracketed paste into the
// text filter.
func TestEndToEndTerminal(t *testing.T) {
	bin := buildBinary(t)
	for _, noColor := range []bool{false, true} {
		env := "env -u NO_COLOR TERM=xterm-256color"
		if noColor {
			env = "env NO_COLOR=1 TERM=xterm-256color"
		}
		term := startTerminal(t, fmt.Sprintf("%s TZ=UTC %q --demo", env, bin))
		term.waitFor("360 events")
		if got := strings.TrimSpace(term.tmux("display-message", "-p", "-t", "main", "#{pane_title}")); got != "eventbrowser — demo" {
			t.Errorf("window title %q, want \"eventbrowser — demo\"", got)
		}
		styled := term.tmux("capture-pane", "-e", "-p", "-t", "main")
		if colored := strings.Contains(styled, "\x1b[38;") || strings.Contains(styled, "\x1b[48;"); colored == noColor {
			t.Errorf("NO_COLOR %v: colours on screen %v:\n%q", noColor, colored, styled)
		}
		if noColor {
			// Text pasted into the filter is text, whatever keys it holds.
			term.keys("/")
			term.tmux("set-buffer", "-b", "p", "Refund q?z")
			term.tmux("paste-buffer", "-p", "-d", "-b", "p", "-t", "main")
			term.waitFor(`0 of 360 events · Refund q?z · `)
			term.keys("BSpace", "BSpace", "BSpace", "BSpace", "Enter")
			term.waitFor(`of 360 events · Refund · sort`)
		}
		term.keys("q")
		if status := term.waitForExit(); status != "0" {
			t.Errorf("exit status %s after q, want 0", status)
		}
	}
}

// TestEndToEndCommandPrintsTheView narrows the demo with a query, reverses
// the sort, and copies the view as a command with X: run by a shell, the
// command prints exactly the rows on screen, in their order.
func TestEndToEndCommandPrintsTheView(t *testing.T) {
	bin := buildBinary(t)
	term := startTerminal(t, fmt.Sprintf("env TZ=UTC %q --demo", bin))
	term.waitFor("360 events")
	term.keys("/")
	term.text(`type:220..223 !paid since:2025-01-01 "it's" | failed`)
	term.keys("C-u")
	term.text(`type:220..223 !"paid with" since:2025-01-01`)
	term.keys("Enter")
	term.waitFor(`of 360 events · type:220..223 !"paid with" since:2025-01-01 · `)
	term.keys("S", "X")
	term.waitFor("copied a command that prints this view (OSC 52, ")
	command := term.clipboard()
	if !strings.HasPrefix(command, "eventbrowser --query ") {
		t.Fatalf("X copied %q", command)
	}
	screen := strings.Split(term.screen(), "\n")
	var rows []string // type, message and source of each row on screen
	for _, line := range screen[1:] {
		f := strings.Fields(line)
		if len(f) < 4 || strings.Contains(line, " of 360 events") {
			break
		}
		if f[0] == "▸" {
			f = f[1:]
		}
		rows = append(rows, f[2]+" "+strings.Join(f[3:], " "))
	}
	if len(rows) < 10 {
		t.Fatalf("only %d rows on screen:\n%s", len(rows), strings.Join(screen, "\n"))
	}
	out, errOut, code := sh(t, fmt.Sprintf("PATH=%q:$PATH TZ=UTC %s", filepath.Dir(bin), command))
	if code != 0 || errOut != "" {
		t.Fatalf("the command %s: exit %d, stderr %q", command, code, errOut)
	}
	var printed []string
	for line := range strings.Lines(out) {
		f := strings.Split(line, "\t")
		printed = append(printed, f[1]+" "+strings.Join(strings.Fields(f[2]), " ")+" "+strings.TrimSpace(f[4]))
	}
	if len(printed) < len(rows) || strings.Join(printed[:len(rows)], "\n") != strings.Join(rows, "\n") {
		t.Errorf("the command prints\n%s\nthe screen shows\n%s", strings.Join(printed, "\n"), strings.Join(rows, "\n"))
	}
	term.keys("q")
	term.waitForExit()
}

// TestEndToEndTimeAndMarks goes to a time with @, marks the event there,
// and reads in another event's detail view how long after the mark it
// happened; the timeline stays under the table throughout.
func TestEndToEndTimeAndMarks(t *testing.T) {
	bin := buildBinary(t)
	fixture, _ := filepath.Abs(cliFixture)
	term := startTerminal(t, fmt.Sprintf("env TZ=UTC %q %q", bin, fixture))
	s := term.waitFor("8 events · sort created ↓ · 1d buckets")
	if lines := strings.Split(s, "\n"); !strings.Contains(lines[27], "Mar") || strings.Trim(lines[26], " ▁▂▃▄▅▆▇█▼") != "" {
		t.Errorf("no timeline under the table:\n%s", s)
	}
	term.keys("@")
	term.text("2024-05-22T12:00:00Z")
	term.keys("Enter")
	term.waitFor("at the event nearest 2024-05-22 12:00:00 UTC")
	term.waitFor("▸  2024-05-22 13:11:19  300")
	term.keys("m")
	term.waitFor(" ▸◆ 2024-05-22 13:11:19  300")
	term.keys("g", "Enter")
	s = term.waitFor("Marks     +11d 22h after the marked event of 2024-05-22 13:11")
	if !strings.Contains(s, "Event 1 of 8") {
		t.Errorf("the detail view is not of the first event:\n%s", s)
	}
	term.keys("Escape")
	term.waitFor("↑↓/jk move")
	term.keys("M")
	term.waitFor("1 of 8 events · is:marked · ")
	term.keys("q")
	if status := term.waitForExit(); status != "0" {
		t.Errorf("exit status %s after q, want 0", status)
	}
}

// childPID is the PID of the program the pane runs: the pane's shell's
// child, or the pane's process itself once the shell has exec'd the
// program, as a shell does with a single command.
func (term *terminal) childPID() int {
	term.t.Helper()
	pane := strings.TrimSpace(term.tmux("display-message", "-p", "-t", "main", "#{pane_pid}"))
	deadline := time.Now().Add(waitTimeout)
	for time.Now().Before(deadline) {
		// The shell may have exec'd the command (a single command, or
		// env running one): then the pane's process is the program.
		if comm, _ := os.ReadFile("/proc/" + pane + "/comm"); !shells[strings.TrimSpace(string(comm))] {
			return atoi(term.t, pane)
		}
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%s/task/%s/children", pane, pane))
		if f := strings.Fields(string(b)); len(f) > 0 {
			return atoi(term.t, f[0])
		}
		time.Sleep(20 * time.Millisecond)
	}
	term.t.Fatalf("the pane's shell %s has no child", pane)
	return 0
}

var shells = map[string]bool{"": true, "sh": true, "bash": true, "dash": true, "zsh": true}

func atoi(t testing.TB, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEndToEndSignals sends each signal that ends a program to a browsing
// eventbrowser: the terminal is as it was (stty -g, the main screen), and
// the exit status is 128 and the signal's number, as a shell says it.
func TestEndToEndSignals(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc for the program's PID")
	}
	bin := buildBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			before, after := filepath.Join(dir, "before"), filepath.Join(dir, "after")
			script := filepath.Join(dir, "run.sh")
			body := fmt.Sprintf("stty -g > %q\nenv TZ=UTC %q --demo\necho EXIT:$?\nstty -g > %q\nexec sleep 600\n", before, bin, after)
			if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
				t.Fatal(err)
			}
			term := startTerminal(t, "sh "+script)
			term.waitFor("360 events")
			if err := syscall.Kill(term.childPID(), sig); err != nil {
				t.Fatal(err)
			}
			s := term.waitFor(fmt.Sprintf("EXIT:%d", 128+int(sig)))
			if strings.Contains(s, "360 events") {
				t.Errorf("the alternate screen is still up:\n%s", s)
			}
			b, a := waitForFile(t, before), waitForFile(t, after)
			if a != b {
				t.Errorf("stty -g before %q, after %q", b, a)
			}
		})
	}
}

// TestEndToEndSuspend presses ctrl+z while browsing, then fg: the shell
// gets the terminal back in between, and the program its screen after.
func TestEndToEndSuspend(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("needs bash for job control")
	}
	bin := buildBinary(t)
	term := startTerminal(t, "env PS1='$ ' TZ=UTC bash --norc --noprofile -i")
	term.waitFor("$")
	term.text(fmt.Sprintf("%q --demo", bin))
	term.keys("Enter")
	term.waitFor("360 events")
	term.keys("C-z")
	s := term.waitFor("Stopped")
	if strings.Contains(s, "360 events ·") {
		t.Errorf("the program's screen is still up after ctrl+z:\n%s", s)
	}
	term.text("fg")
	term.keys("Enter")
	term.waitFor("360 events")
	term.keys("j")
	term.waitFor("▸  2025-02-09 18:30:20")
	term.keys("q")
	// Keys typed before the shell has the terminal back would go to the
	// program: wait for the prompt.
	term.waitUntil(func(screen []string) string {
		if last := lastLine(screen); last != "$" {
			return fmt.Sprintf("no prompt after q: the last line is %q", last)
		}
		return ""
	})
	term.text("echo EXIT:$?")
	term.keys("Enter")
	term.waitFor("EXIT:0")
}

// lastLine is the last line of screen that is not blank, trimmed.
func lastLine(screen []string) string {
	for i := len(screen) - 1; i >= 0; i-- {
		if s := strings.TrimSpace(screen[i]); s != "" {
			return s
		}
	}
	return ""
}

// TestEndToEndWideText browses messages terminals measure differently
// (an emoji with a skin tone, joined emoji, a soft hyphen, a variation
// selector): in tmux every row stays on its line, under the header, and
// the detail view of each keeps its lines.
func TestEndToEndWideText(t *testing.T) {
	bin := buildBinary(t)
	messages := []string{"skin 👍🏽 end", "a\u00adb soft hyphen", "👨\u200d👩\u200d👧 family", "☺\ufe0f smile",
		strings.Repeat("👨\u200d👩\u200d👧\u200d", 1000)}
	var lines []string
	for i, m := range messages {
		lines = append(lines, fmt.Sprintf(`{"resource":"event","type":%d,"createdAt":"2024-06-0%dT09:00:00Z","message":%q}`, 300+i, i+1, m))
	}
	file := filepath.Join(t.TempDir(), "wide.ndjson")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	term := startTerminal(t, fmt.Sprintf("env TZ=UTC %q %q %q", bin, file, cliFixtureAbs(t)))
	// Loaded, both files (the status line no longer says "loading…"), with
	// the status line where it belongs.
	screen := term.waitUntil(func(screen []string) string {
		if len(screen) <= 28 || !strings.HasPrefix(screen[28], "13 events") {
			return "the status line is not on line 29, or the load has not ended"
		}
		return ""
	})
	s := strings.Join(screen, "\n")
	if !strings.HasPrefix(screen[0], "    CREATED") {
		t.Fatalf("the header scrolled off:\n%s", s)
	}
	// Every row is on its own line, its source at the same column as the
	// others'.
	col := -1
	for i, line := range screen[1:14] {
		c := strings.LastIndex(line, "  /")
		if c < 0 || col >= 0 && ansiWidth(line[:c]) != col {
			t.Fatalf("row %d's source is not under the others':\n%s", i+1, s)
		}
		col = ansiWidth(line[:c])
	}
	for _, want := range []string{"☺ smile", "👨👩👧 family", "ab soft hyphen", "skin 👍 end"} {
		if !strings.Contains(s, want) {
			t.Errorf("no row shows %q:\n%s", want, s)
		}
	}
	term.keys("g", "Enter")
	s = term.waitFor("Event 1 of 13")
	if got := strings.Split(s, "\n"); !strings.HasPrefix(got[28], "13 events") {
		t.Errorf("the detail view of 1,000 joined emoji pushed the status line:\n%s", s)
	}
	term.keys("q")
	term.waitForExit()
}

// ansiWidth is the cells s takes, as the program and tmux count them:
// rune by rune.
func ansiWidth(s string) int { return ansi.StringWidthWc(s) }

func cliFixtureAbs(t *testing.T) string {
	p, err := filepath.Abs(cliFixture)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestEndToEndOpenPipe browses a pipe that stays open: the first event
// shows at once, the status line says stdin is still being read, and q
// quits without waiting for the pipe.
func TestEndToEndOpenPipe(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	script := filepath.Join(dir, "run.sh")
	ev := `{"resource":"event","type":221,"createdAt":"2024-06-01T08:00:00Z","message":"Payment paid"}`
	exit := filepath.Join(dir, "exit")
	// The shell waits for the whole pipe, so the program's status goes to
	// a file as soon as it ends.
	body := fmt.Sprintf("(echo '%s'; sleep 600; echo '%s') | (env TZ=UTC %q; echo $? > %q)\n", ev, ev, bin, exit)
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	term := startTerminal(t, "sh "+script)
	s := term.waitFor("reading stdin… 1 event")
	if !strings.Contains(s, "Payment paid") {
		t.Errorf("the first event is not on screen:\n%s", s)
	}
	term.keys("q")
	if got := waitForFile(t, exit); got != "0\n" {
		t.Errorf("exit status %q after q, want 0", got)
	}
}

// TestPrintModeSignals sends each signal that ends a program to a print
// that is streaming a pipe still open, and to a --watch: each exits with
// 128 and the signal's number and says which, as the interactive view
// does; SIGQUIT dumps no goroutines.
func TestPrintModeSignals(t *testing.T) {
	bin := buildBinary(t)
	file := filepath.Join(t.TempDir(), "events.ndjson")
	event := `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a"}` + "\n"
	if err := os.WriteFile(file, []byte(event), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--sort", "none", "--output", "tsv"}, {"--watch", "5s", "--output", "tsv", file}} {
		for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM} {
			cmd := exec.Command(bin, args...)
			in, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			out, stderr := startPiped(t, cmd)
			io.WriteString(in, event) // stdin stays open
			// The first event printed: the program is loading, its signals
			// caught.
			if _, err := out.ReadString('\n'); err != nil {
				t.Fatalf("%v: no output: %v; stderr %q", args, err, stderr.String())
			}
			cmd.Process.Signal(sig)
			cmd.Wait()
			in.Close()
			if code := cmd.ProcessState.ExitCode(); code != 128+int(sig) || stderr.String() != "eventbrowser: "+sig.String()+"\n" {
				t.Errorf("%v, %v: exit status %d, stderr %q; want %d", args, sig, code, stderr.String(), 128+int(sig))
			}
		}
	}
}
