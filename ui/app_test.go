package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
)

// screen is the content of m's view as plain text: what a terminal
// without colours (NO_COLOR) shows.
func screen(m *Model) string { return ansi.Strip(m.View().Content) }

// fixedNow is the present of every test, a few hours after the newest
// fixture event.
var fixedNow = time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)

// fakeSource sends its batches in order, then returns err.
type fakeSource struct {
	batches []source.Batch
	err     error
}

func (s fakeSource) Load(ctx context.Context, send func(source.Batch)) error {
	for _, b := range s.batches {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Chunks of its own each load, as a real source reads them: the
		// list takes over the chunks it is given.
		b.Chunks = chunks(eventsOf(b)...)
		send(b)
	}
	return s.err
}

// chunks holds events the way every source sends them.
func chunks(events ...model.Event) []*model.Chunk {
	c := &model.Chunk{}
	for i := range events {
		c.Add(&events[i])
	}
	return []*model.Chunk{c}
}

// eventsOf returns the events of b.
func eventsOf(b source.Batch) []model.Event {
	var out []model.Event
	for _, c := range b.Chunks {
		for i := range c.Len() {
			out = append(out, c.Event(i))
		}
	}
	return out
}

// fixtureBatches decodes the two customers in testdata, one batch each: ten
// events of six types, two sources, a multi-line message and a javascript:
// link.
func fixtureBatches(t testing.TB) []source.Batch {
	t.Helper()
	var out []source.Batch
	for _, name := range []string{"cst_8wmqcHMN4U.json", "cst_vsKJpSsabw.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		dec, err := model.Decode(name, data)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, source.Batch{Chunks: chunks(dec.Events...), Notes: dec.Notes})
	}
	return out
}

// genEvents returns n plain events a minute apart, oldest first, each of
// type 300 with message "Payment tr_NNNN paid".
func genEvents(n int) []model.Event {
	out := make([]model.Event, n)
	for i := range out {
		msg := fmt.Sprintf("Payment tr_%04d paid", i)
		created := fixedNow.Add(-time.Duration(n-i) * time.Minute)
		out[i] = model.Event{
			Resource: "event", Type: 300, Created: created, CreatedRaw: created.Format(time.RFC3339),
			Message: msg, Line: cells.Line(msg), Source: "events.json",
		}
	}
	return out
}

// opener records the URLs handed to Config.Open.
type opener struct {
	urls []string
	err  error
}

func (o *opener) open(url string) error {
	o.urls = append(o.urls, url)
	return o.err
}

// testConfig is a Config with a fixed clock, UTC, the default sort, and no
// side effects: links go to op. Its environment is empty, on a Mac: a
// browser can be started, and no TERM means no hyperlinks, which keeps the
// views plain text.
func testConfig(src source.Source, op *opener) Config {
	return Config{
		Source:   src,
		Title:    "test",
		Sort:     model.DefaultSort,
		Open:     op.open,
		Now:      func() time.Time { return fixedNow },
		Location: time.UTC,
		Getenv:   envOf(),
		GOOS:     "darwin",
	}
}

// envOf returns a getenv for the variables given as name, value pairs.
func envOf(kv ...string) func(string) string {
	vars := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		vars[kv[i]] = kv[i+1]
	}
	return func(name string) string { return vars[name] }
}

// loadEvents runs m's Init commands and feeds their messages to Update until
// the source is done; it returns the command Update answered loadDoneMsg
// with. Commands run in goroutines, as Bubble Tea runs them, so that the
// spinner's tick (which sleeps) does not hold anything up; its messages are
// dropped.
func loadEvents(t *testing.T, m *Model) tea.Cmd {
	t.Helper()
	return runLoad(t, m, m.Init())
}

// runLoad is loadEvents for a load that cmd (from Init, r or a watch tick)
// starts.
func runLoad(t *testing.T, m *Model, cmd tea.Cmd) tea.Cmd {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command to start a load")
	}
	msgs := make(chan tea.Msg, 64)
	run := func(cmd tea.Cmd) {
		if cmd != nil {
			go func() { msgs <- cmd() }()
		}
	}
	run(cmd)
	var done tea.Cmd // what Update answered loadDoneMsg with, once finished
	finished := false
	timeout := time.After(waitFor)
	for {
		select {
		case msg := <-msgs:
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					run(c)
				}
			case loadStartedMsg, batchMsg:
				_, cmd := m.Update(msg)
				run(cmd)
			case loadDoneMsg:
				_, done = m.Update(msg)
				finished = true
				if m.res.pending() == 0 {
					return done
				}
			case resourceMsg: // fetched as the rows arrived, with --expand
				_, cmd := m.Update(msg)
				run(cmd)
				if finished && m.res.pending() == 0 {
					return done
				}
			}
		case <-timeout:
			t.Fatal("the source did not finish within 5s")
			return nil
		}
	}
}

// harness is a loaded model and what its side effects went to.
type harness struct {
	m    *Model
	open *opener
}

// newHarness returns a model of w×h cells that has loaded batches.
// waitFor is how long a test waits for what the model must come to: long,
// since it returns as soon as it comes, and a machine busy with other
// work (CI beside the race detector) may take seconds to render a frame.
const waitFor = 30 * time.Second

func newHarness(t *testing.T, w, h int, batches ...source.Batch) *harness {
	t.Helper()
	return newHarnessZone(t, w, h, time.UTC, batches...)
}

// newHarnessZone is newHarness showing times in loc.
func newHarnessZone(t *testing.T, w, h int, loc *time.Location, batches ...source.Batch) *harness {
	t.Helper()
	return newHarnessWith(t, w, h, func(cfg *Config) { cfg.Location = loc }, batches...)
}

// newHarnessWith is newHarness with the test config changed by edit.
func newHarnessWith(t *testing.T, w, h int, edit func(*Config), batches ...source.Batch) *harness {
	t.Helper()
	hs := &harness{open: &opener{}}
	cfg := testConfig(fakeSource{batches: batches}, hs.open)
	edit(&cfg)
	hs.m = New(cfg)
	t.Cleanup(hs.m.Close)
	hs.m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	if cmd := loadEvents(t, hs.m); cmd != nil {
		t.Fatalf("loading ended with a command (%T); want none", cmd())
	}
	return hs
}

// newFixture is the fixture loaded at 100×30, the cursor on the first row.
func newFixture(t *testing.T) *harness {
	t.Helper()
	hs := newHarness(t, 100, 30, fixtureBatches(t)...)
	hs.m.List().SetCursor(0) // TestLoadStartsAtTop checks where loading leaves it
	return hs
}

// keys names the keys that are not text, as tea.Key.String() names them.
var keys = map[string]tea.Key{
	"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "pgup": {Code: tea.KeyPgUp}, "pgdown": {Code: tea.KeyPgDown},
	"home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd}, "enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape},
	"backspace": {Code: tea.KeyBackspace}, "space": {Code: tea.KeySpace, Text: " "},
	"tab": {Code: tea.KeyTab}, "shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"ctrl+c": {Code: 'c', Mod: tea.ModCtrl}, "ctrl+u": {Code: 'u', Mod: tea.ModCtrl}, "ctrl+d": {Code: 'd', Mod: tea.ModCtrl},
}

// keyMsg is the message a terminal sends for the key named k: a name from
// keys, or a character typed, an upper-case letter as shift and the letter.
func keyMsg(k string) tea.KeyPressMsg {
	if key, ok := keys[k]; ok {
		return tea.KeyPressMsg(key)
	}
	r := []rune(k)
	if len(r) != 1 {
		panic(fmt.Sprintf("keyMsg(%q): one key at a time; typeText types text", k))
	}
	key := tea.Key{Code: r[0], Text: k}
	if unicode.IsUpper(r[0]) {
		key.Code, key.ShiftedCode, key.Mod = unicode.ToLower(r[0]), r[0], tea.ModShift
	}
	return tea.KeyPressMsg(key)
}

// press sends each key to m in turn and returns the last command.
func (hs *harness) press(keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = hs.m.Update(keyMsg(k))
	}
	return cmd
}

// typeText sends s one rune at a time, as a slow typist would.
func (hs *harness) typeText(s string) {
	for _, r := range s {
		hs.m.Update(keyMsg(string(r)))
	}
}

// status is the status line of the current view, as plain text.
func (hs *harness) status() string { return ansi.Strip(hs.m.statusLine()) }

// view is the screen, as plain text.
func (hs *harness) view() string { return screen(hs.m) }

// selected is the line of the event under the cursor.
func (hs *harness) selected(t *testing.T) string {
	t.Helper()
	e := hs.m.List().Selected()
	if e == nil {
		t.Fatal("no event selected")
	}
	return string(e.Line)
}

// cursorRow returns the table row with the cursor glyph.
func cursorRow(t *testing.T, view string) string {
	t.Helper()
	for _, line := range strings.Split(view, "\n") {
		if strings.Contains(line, "▸") {
			return line
		}
	}
	t.Fatalf("no row has the cursor glyph in\n%s", view)
	return ""
}

// trimLines drops the spaces that pad each line of view to the screen width.
func trimLines(view string) string {
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// copied returns the text that cmd (or a command of its batch) puts on the
// clipboard through Bubble Tea, and whether it does.
func copied(cmd tea.Cmd) (string, bool) {
	if cmd == nil {
		return "", false
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			if text, ok := copied(c); ok {
				return text, true
			}
		}
		return "", false
	}
	if reflect.TypeOf(msg) == reflect.TypeOf(tea.SetClipboard("")()) {
		return reflect.ValueOf(msg).String(), true
	}
	return "", false
}

// isQuit reports whether cmd makes the program quit.
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestKeyMsgNames(t *testing.T) {
	// The helper must build the messages the key map is written for.
	for name, want := range map[string]string{"space": "space", "pgdown": "pgdown", "ctrl+u": "ctrl+u", "G": "G", "esc": "esc", "/": "/"} {
		if got := keyMsg(name).String(); got != want {
			t.Errorf("keyMsg(%q).String() = %q, want %q", name, got, want)
		}
	}
}

func TestLoadStartsAtTop(t *testing.T) {
	// The first batch's newest event is not the newest of all: the cursor
	// must stay on the first row as the second batch arrives, not follow
	// the event it was on.
	hs := newHarness(t, 100, 30, fixtureBatches(t)...)
	if got := hs.m.List().Total(); got != 10 {
		t.Fatalf("Total() = %d, want 10", got)
	}
	if hs.m.load.loading {
		t.Error("still loading after loadDoneMsg")
	}
	if hs.m.Err() != nil {
		t.Errorf("Err() = %v, want nil", hs.m.Err())
	}
	// Newest first.
	if got, want := hs.selected(t), "Payment tr_9fLm2QwZkE paid"; got != want {
		t.Errorf("first event = %q, want %q", got, want)
	}
	if s := hs.status(); strings.Contains(s, "loading") {
		t.Errorf("status %q still says loading", s)
	}
	if row := cursorRow(t, hs.view()); !strings.Contains(row, "Payment tr_9fLm2QwZkE paid") {
		t.Errorf("cursor row %q, want the newest event", row)
	}
}

func TestLoadKeepsAMovedCursorOnItsEvent(t *testing.T) {
	b := fixtureBatches(t)
	hs := newHarness(t, 100, 30, b[0])
	hs.press("j") // Subscription sub_rVKGtNd6s3 created…
	want := hs.selected(t)
	hs.m.Update(batchMsg{batch: b[1]})
	if got := hs.selected(t); got != want {
		t.Errorf("after a batch the cursor is on %q, want %q", got, want)
	}
	if got := hs.m.List().Cursor(); got != 3 {
		t.Errorf("cursor = %d, want 3 (two newer events arrived above)", got)
	}
}

func TestLoadKeepsDetailOnItsEvent(t *testing.T) {
	// In the detail view o and y act on the list's selection, so a batch
	// must not move it away from the event on screen, even from the top.
	b := fixtureBatches(t)
	hs := newHarness(t, 100, 30, b[0])
	hs.press("enter")
	want := hs.selected(t)
	hs.m.Update(batchMsg{batch: b[1]})
	if got := hs.selected(t); got != want {
		t.Errorf("after a batch the detail view acts on %q, want %q", got, want)
	}
}

func TestLoadErrorEndsProgram(t *testing.T) {
	boom := errors.New("events.json:3: type: want an integer")
	m := New(testConfig(fakeSource{batches: fixtureBatches(t)[:1], err: boom}, &opener{}))
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	cmd := loadEvents(t, m)
	if !isQuit(cmd) {
		t.Fatal("a load error did not quit the program")
	}
	if !errors.Is(m.Err(), boom) {
		t.Errorf("Err() = %v, want %v", m.Err(), boom)
	}
}

func TestLoadErrorAfterQuitIsNotReported(t *testing.T) {
	// Quitting cancels the loader; the context error it then returns is not
	// the user's problem.
	m := New(testConfig(fakeSource{}, &opener{}))
	m.Update(keyMsg("q"))
	m.Update(loadDoneMsg{err: context.Canceled})
	if m.Err() != nil {
		t.Errorf("Err() = %v after quitting, want nil", m.Err())
	}
}

func TestBatchNotesShowInStatus(t *testing.T) {
	note := "old.json: customer cst_x has no \"events\" field"
	hs := newHarness(t, 100, 30, source.Batch{Chunks: chunks(genEvents(3)...)}, source.Batch{Notes: []string{"first note", note}})
	if s := hs.status(); !strings.Contains(s, note) {
		t.Errorf("status %q does not show the note %q", s, note)
	}
	if s := hs.status(); strings.Contains(s, "first note") {
		t.Errorf("status %q shows an earlier note; want only the latest", s)
	}
}

// TestBatchNotesAreSanitized: a note quoting hostile text (a server's, a
// file's) reaches the status line and E's list without its controls,
// whatever the source did.
func TestBatchNotesAreSanitized(t *testing.T) {
	hs := newHarness(t, 100, 30, source.Batch{Chunks: chunks(genEvents(3)...)},
		source.Batch{Notes: []string{"bad \x1b]52;c;aGk=\x07page\x1b[2J from \u202ex"}})
	for _, s := range []string{hs.status(), strings.Join(hs.m.load.notes, "\n")} {
		if strings.ContainsAny(s, "\x1b\x07\u202e") {
			t.Errorf("a note reached the screen with its controls: %q", s)
		}
	}
}

func TestStatusCounts(t *testing.T) {
	events := genEvents(340)
	for i := 0; i < 12; i++ {
		events[i*20].Type = 310
	}
	tests := []struct {
		name, query, want string
	}{
		{"unfiltered", "", "340 events · sort created ↓"},
		{"by type", "type:310", "12 of 340 events · type:310 · sort created ↓"},
		{"by text", "tr_00", "100 of 340 events · tr_00 · sort created ↓"},
		{"negated", "!tr_00", "240 of 340 events · !tr_00 · sort created ↓"},
		{"no match", "refund", "0 of 340 events · refund · sort created ↓"},
		{"mixed, as it applies", ` type:310  "tr_00" `, "5 of 340 events · type:310 tr_00 · sort created ↓"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, 100, 30, source.Batch{Chunks: chunks(events...)})
			q, err := hs.m.common.parse(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			hs.m.setQuery(q)
			hs.m.layout() // as after the key that set the query
			got := hs.status()
			if hs.m.List().Len() == 0 {
				// No events, no buckets: the timeline says so itself.
				if got != tt.want {
					t.Errorf("status = %q, want %q", got, tt.want)
				}
				return
			}
			if !strings.HasPrefix(got, tt.want+" · ") || !strings.HasSuffix(got, " buckets") {
				t.Errorf("status = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStatusThousands(t *testing.T) {
	hs := newHarness(t, 100, 30, source.Batch{Chunks: chunks(genEvents(1234)...)})
	if got := hs.status(); !strings.HasPrefix(got, "1,234 events") {
		t.Errorf("status = %q, want it to start with \"1,234 events\"", got)
	}
}

func TestStatusWhileLoading(t *testing.T) {
	m := New(testConfig(fakeSource{}, &opener{}))
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(batchMsg{batch: source.Batch{Chunks: chunks(genEvents(5)...)}})
	if s := ansi.Strip(m.statusLine()); !strings.Contains(s, "loading… 5 events") {
		t.Errorf("status %q does not say it is still loading", s)
	}
}

func TestQuitKeys(t *testing.T) {
	tests := []struct {
		name  string
		setup []string
		key   string
		quits bool
	}{
		{"q in table", nil, "q", true},
		{"ctrl+c in table", nil, "ctrl+c", true},
		{"q in detail", []string{"enter"}, "q", true},
		{"q in type panel", []string{"t"}, "q", true},
		{"ctrl+c in text filter", []string{"/"}, "ctrl+c", true},
		{"q in text filter is text", []string{"/"}, "q", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newFixture(t)
			hs.press(tt.setup...)
			cmd := hs.press(tt.key)
			if got := isQuit(cmd); got != tt.quits {
				t.Fatalf("quits = %v, want %v", got, tt.quits)
			}
			if tt.quits {
				if got := cmd(); got != (tea.QuitMsg{}) {
					t.Errorf("cmd() = %#v, want tea.QuitMsg{}", got)
				}
				if hs.m.load.ctx.Err() == nil {
					t.Error("quitting did not cancel the loader's context")
				}
			} else if got := hs.m.List().Query().Text(); got != "q" {
				t.Errorf("filter text = %q, want \"q\"", got)
			}
		})
	}
}

func TestCtrlZSuspends(t *testing.T) {
	for _, keys := range [][]string{nil, {"enter"}, {"/"}} {
		hs := newFixture(t)
		hs.press(keys...)
		cmd := hs.m.safeUpdate(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
		if cmd == nil {
			t.Fatalf("ctrl+z after %v: no command", keys)
		}
		if msg := cmd(); msg != tea.Suspend() {
			t.Errorf("ctrl+z after %v: %#v, want tea.Suspend", keys, msg)
		}
	}
}

func TestHelpToggles(t *testing.T) {
	hs := newFixture(t)
	const full = "reverse sort" // only in the full help
	if strings.Contains(hs.view(), full) {
		t.Fatal("full help shown before ?")
	}
	hs.press("?")
	if hs.m.helpPage == 0 || !strings.Contains(hs.view(), full) {
		t.Fatal("? did not show the full help")
	}
	hs.press("?")
	if (hs.m.helpPage > 0) || strings.Contains(hs.view(), full) {
		t.Fatal("second ? did not hide the full help")
	}
	hs.press("?", "esc")
	if hs.m.helpPage > 0 {
		t.Fatal("esc did not close the full help")
	}
}

func TestPaste(t *testing.T) {
	t.Run("into the filter is typed text", func(t *testing.T) {
		hs := newFixture(t)
		hs.press("/", "P")
		hs.m.Update(tea.PasteMsg{Content: "ay q?"})
		if got := hs.m.List().Query().Text(); got != "Pay q?" {
			t.Errorf("filter text = %q, want \"Pay q?\"", got)
		}
		if hs.m.state != stateFilter {
			t.Errorf("the q or ? pasted closed the filter (state %q)", hs.m.state)
		}
		hs.press("enter")
		if got := hs.m.List().Len(); got != 0 {
			t.Errorf("Len() = %d, want none with \"Pay q?\"", got)
		}
	})
	t.Run("into the table is no keys", func(t *testing.T) {
		hs := newFixture(t)
		cmd := hs.m.safeUpdate(tea.PasteMsg{Content: "jjq"})
		if got := hs.m.List().Cursor(); got != 0 || isQuit(cmd) {
			t.Errorf("after pasting \"jjq\": cursor %d, quit %v; want 0 and no quit", got, isQuit(cmd))
		}
	})
}

func TestTextFilter(t *testing.T) {
	t.Run("applies as you type", func(t *testing.T) {
		hs := newFixture(t)
		hs.press("/")
		if !(hs.m.state == stateFilter) {
			t.Fatal("/ did not open the filter")
		}
		if !strings.Contains(hs.view(), "/") || !strings.Contains(hs.view(), "keep query") {
			t.Error("the open filter shows neither its prompt nor its help")
		}
		steps := []struct {
			key  string
			text string
			len  int
		}{
			{"P", "P", 8}, // Payment×5, SEPA, Subscription, processed
			{"a", "Pa", 6},
			{"y", "Pay", 5},
			{"m", "Paym", 5},
			{"x", "Paymx", 0},
			{"backspace", "Paym", 5},
		}
		for _, s := range steps {
			if s.key == "backspace" {
				hs.press("backspace")
			} else {
				hs.press(s.key)
			}
			if got := hs.m.List().Query().Text(); got != s.text {
				t.Errorf("after %q: filter text = %q, want %q", s.key, got, s.text)
			}
			if got := hs.m.List().Len(); got != s.len {
				t.Errorf("after %q: Len() = %d, want %d", s.key, got, s.len)
			}
		}
	})
	t.Run("enter keeps", func(t *testing.T) {
		hs := newFixture(t)
		hs.press("/")
		hs.typeText("paid")
		hs.press("enter")
		if hs.m.state == stateFilter {
			t.Error("enter left the filter open")
		}
		if got := hs.m.List().Query().Text(); got != "paid" {
			t.Errorf("filter text = %q, want \"paid\"", got)
		}
		if got := hs.m.List().Len(); got != 3 {
			t.Errorf("Len() = %d, want 3", got)
		}
		if s := hs.status(); !strings.HasPrefix(s, `3 of 10 events · paid · `) {
			t.Errorf("status = %q", s)
		}
		// Reopening starts from the kept text.
		hs.press("/", "x")
		if got := hs.m.List().Query().Text(); got != "paidx" {
			t.Errorf("reopened filter text = %q, want \"paidx\"", got)
		}
	})
	t.Run("esc clears", func(t *testing.T) {
		hs := newFixture(t)
		hs.press("/")
		hs.typeText("paid")
		hs.press("esc")
		if hs.m.state == stateFilter {
			t.Error("esc left the filter open")
		}
		if got := hs.m.List().Query().Text(); got != "" {
			t.Errorf("filter text = %q, want none", got)
		}
		if got := hs.m.List().Len(); got != 10 {
			t.Errorf("Len() = %d, want 10", got)
		}
	})
	t.Run("esc in table clears a kept filter", func(t *testing.T) {
		hs := newFixture(t)
		hs.press("/")
		hs.typeText("paid")
		hs.press("enter", "esc")
		if got := hs.m.List().Query().Text(); got != "" {
			t.Errorf("filter text = %q, want none", got)
		}
	})
	t.Run("! negates", func(t *testing.T) {
		hs := newFixture(t)
		hs.press("/")
		hs.typeText("!payment")
		hs.press("enter")
		if got := hs.m.List().Len(); got != 5 {
			t.Errorf("Len() = %d, want the 5 events that are not payments", got)
		}
		for i := 0; i < hs.m.List().Len(); i++ {
			if l := hs.m.List().At(i).Line; strings.Contains(strings.ToLower(string(l)), "payment") {
				t.Errorf("negated filter shows %q", l)
			}
		}
		if s := hs.status(); !strings.Contains(s, ` · !payment · `) {
			t.Errorf("status %q does not say the filter is negated", s)
		}
	})
	t.Run("typed keys are text, not commands", func(t *testing.T) {
		hs := newFixture(t)
		hs.press("/")
		hs.typeText("tsS?jG")
		if hs.m.state != stateFilter || (hs.m.helpPage > 0) || hs.m.List().Sort() != model.DefaultSort {
			t.Error("keys typed into the filter acted as commands")
		}
		if got := hs.m.List().Query().Text(); got != "tsS?jG" {
			t.Errorf("filter text = %q", got)
		}
	})
}

func TestCursorStaysOnEvent(t *testing.T) {
	const target = "Payment tr_7UhSN1zuXS paid"
	tests := []struct {
		name string
		keys []string
	}{
		{"text filter", []string{"/", "p", "a", "i", "d", "enter"}},
		{"clearing the filter", []string{"/", "p", "a", "i", "d", "esc"}},
		{"sort", []string{"s"}},
		{"sort twice", []string{"s", "s"}},
		{"reverse", []string{"S"}},
		{"type filter", []string{"t", "a", "j", "j", "space", "enter"}}, // only 300
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newFixture(t)
			hs.press("j", "j", "j", "j")
			if got := hs.selected(t); got != target {
				t.Fatalf("setup: selected %q, want %q", got, target)
			}
			hs.press(tt.keys...)
			if got := hs.selected(t); got != target {
				t.Errorf("selected %q after %v, want %q", got, tt.keys, target)
			}
			if row := cursorRow(t, hs.view()); !strings.Contains(row, target) {
				t.Errorf("cursor row %q does not show %q", row, target)
			}
		})
	}
}

func TestSortKeys(t *testing.T) {
	hs := newFixture(t)
	l := hs.m.List()
	steps := []struct {
		key   string
		want  model.Sort
		first string // line of the first event in the view
	}{
		{"s", model.Sort{Key: model.SortType}, "Customer created"},
		{"s", model.Sort{Key: model.SortMessage}, "Customer created"},
		{"s", model.Sort{Key: model.SortNone}, "Customer created"}, // the input is in time order
		{"S", model.Sort{Key: model.SortNone, Desc: true}, "Payment tr_9fLm2QwZkE paid"},
		{"s", model.Sort{Key: model.SortCreated, Desc: true}, "Payment tr_9fLm2QwZkE paid"},
		{"S", model.Sort{Key: model.SortCreated}, "Customer created"},
		{"s", model.Sort{Key: model.SortType}, "Customer created"},
		{"S", model.Sort{Key: model.SortType, Desc: true}, "Refund re_4qqhO89gsT processed"},
		{"s", model.Sort{Key: model.SortMessage}, "Customer created"},
		{"S", model.Sort{Key: model.SortMessage, Desc: true}, "Subscription sub_rVKGtNd6s3 created First charge of EUR 25.00 on 2024-07-01, then monthly until cancelled."},
	}
	for i, s := range steps {
		hs.press(s.key)
		if got := l.Sort(); got != s.want {
			t.Fatalf("step %d (%s): sort = %+v, want %+v", i, s.key, got, s.want)
		}
		if got := l.At(0).Line; string(got) != s.first {
			t.Errorf("step %d (%s): first event %q, want %q", i, s.key, got, s.first)
		}
		dir := "↑"
		if s.want.Desc {
			dir = "↓"
		}
		if want := "sort " + s.want.Key.String() + " " + dir; !strings.Contains(hs.status(), want) {
			t.Errorf("step %d (%s): status %q does not say %q", i, s.key, hs.status(), want)
		}
	}
}

func TestTimeColumnCycles(t *testing.T) {
	// A zone that is not UTC, so local and UTC differ.
	hs := newHarnessZone(t, 100, 30, time.FixedZone("CEST", 2*60*60), fixtureBatches(t)...)
	steps := []struct {
		header, cell string // the selected event is 2024-06-10T09:00:00Z
	}{
		{"CREATED (UTC)", "2024-06-10 09:00:00"},
		{"CREATED (AGO)", "3h ago"},
		{"CREATED ", "2024-06-10 11:00:00"},
		{"CREATED (UTC)", "2024-06-10 09:00:00"},
	}
	if row := cursorRow(t, hs.view()); !strings.Contains(row, "2024-06-10 11:00:00") {
		t.Fatalf("local time not shown at start: %q", row)
	}
	for i, s := range steps {
		hs.press("T")
		view := hs.view()
		header := strings.Split(view, "\n")[0]
		if !strings.Contains(header, s.header) {
			t.Errorf("step %d: header %q, want %q", i, header, s.header)
		}
		if s.header == "CREATED " && strings.Contains(header, "(") {
			t.Errorf("step %d: header %q still names a mode", i, header)
		}
		if row := cursorRow(t, view); !strings.Contains(row, s.cell) {
			t.Errorf("step %d: row %q, want %q", i, row, s.cell)
		}
	}
	hs.press("enter")
	if view := hs.view(); !strings.Contains(view, "Created   2024-06-10 11:00:00 CEST  (3h ago") {
		t.Errorf("detail does not show the time in the configured zone:\n%s", view)
	}
}
func TestSourceColumn(t *testing.T) {
	t.Run("one source", func(t *testing.T) {
		hs := newHarness(t, 100, 30, fixtureBatches(t)[0])
		if header := strings.Split(hs.view(), "\n")[0]; strings.Contains(header, "SOURCE") {
			t.Errorf("one source, yet the header has SOURCE: %q", header)
		}
	})
	t.Run("two sources", func(t *testing.T) {
		hs := newFixture(t)
		view := hs.view()
		if header := strings.Split(view, "\n")[0]; !strings.Contains(header, "SOURCE") {
			t.Errorf("two sources, yet the header has no SOURCE: %q", header)
		}
		if row := cursorRow(t, view); !strings.HasSuffix(strings.TrimRight(row, " "), "cst_vsKJpSsabw") {
			t.Errorf("row %q does not end with its source", row)
		}
	})
	t.Run("second source arrives", func(t *testing.T) {
		b := fixtureBatches(t)
		hs := newHarness(t, 100, 30, b[0])
		hs.m.Update(batchMsg{batch: b[1]})
		if header := strings.Split(hs.view(), "\n")[0]; !strings.Contains(header, "SOURCE") {
			t.Errorf("a second source arrived, yet the header has no SOURCE: %q", header)
		}
	})
}

func TestViewFitsScreen(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {80, 24}, {70, 20}, {60, 16}} {
		for _, keys := range [][]string{nil, {"enter"}, {"enter", "J"}, {"t"}, {"/"}, {"?"}} {
			hs := newHarness(t, size[0], size[1], fixtureBatches(t)...)
			hs.press(keys...)
			lines := strings.Split(hs.view(), "\n")
			if len(lines) != size[1] {
				t.Errorf("%dx%d after %v: %d lines, want %d", size[0], size[1], keys, len(lines), size[1])
			}
			for i, l := range lines {
				if w := ansi.StringWidthWc(l); w > size[0] {
					t.Errorf("%dx%d after %v: line %d is %d cells wide: %q", size[0], size[1], keys, i, w, l)
				}
			}
		}
	}
}

func TestStatusShowsTimeRange(t *testing.T) {
	since, until := time.Date(2024, 3, 21, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 2, 8, 0, 0, 0, time.UTC)
	q, err := query.Parse("since:2024-03-21 until:2024-06-02T08:00:00Z", fixedNow, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, &opener{})
	cfg.Query = q
	m := New(cfg)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	loadEvents(t, m)
	status := ansi.Strip(m.statusLine())
	if want := "5 of 10 events · since:2024-03-21 until:2024-06-02T08:00:00Z · "; !strings.HasPrefix(status, want) {
		t.Errorf("status %q, want it to start with %q", status, want)
	}
	n := 0
	for e := range m.List().All() {
		n++
		if e.Created.Before(since) || !e.Created.Before(until) {
			t.Errorf("%s is outside [since, until)", e.CreatedRaw)
		}
	}
	if n != m.List().Len() || n == 0 {
		t.Errorf("%d events listed, Len() %d", n, m.List().Len())
	}
}

// viewIn is the view of state s as its own type.
func viewIn[V view](m *Model, s state) V { return m.views[s].(V) }
