package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// seqSource answers its first Load with loads[0], the next with loads[1],
// and so on; past the end, with the last again.
type seqSource struct {
	mu    sync.Mutex
	loads []source.Source
	calls int
}

func (s *seqSource) Load(ctx context.Context, send func(source.Batch)) error {
	s.mu.Lock()
	src := s.loads[min(s.calls, len(s.loads)-1)]
	s.calls++
	s.mu.Unlock()
	return src.Load(ctx, send)
}

func (s *seqSource) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// loads is a seqSource whose nth Load sends batches[n] as one batch.
func loads(batches ...[]model.Event) *seqSource {
	s := &seqSource{}
	for _, b := range batches {
		s.loads = append(s.loads, fakeSource{batches: []source.Batch{{Chunks: chunks(b...)}}})
	}
	return s
}

// blockingSource loads nothing: it waits for its context to end and
// reports the error it saw on done.
type blockingSource struct {
	started chan struct{}
	done    chan error
}

func (s blockingSource) Load(ctx context.Context, send func(source.Batch)) error {
	close(s.started)
	<-ctx.Done()
	s.done <- ctx.Err()
	return ctx.Err()
}

// newSeqHarness is a w×h model on cfg that has done its first load; it
// returns the command the load ended with.
func newSeqHarness(t *testing.T, w, h int, cfg Config) (*harness, tea.Cmd) {
	t.Helper()
	hs := &harness{open: &opener{}}
	cfg.Open = hs.open.open
	hs.m = New(cfg)
	hs.m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return hs, loadEvents(t, hs.m)
}

// refresh presses r and runs the load it starts to its end.
func (hs *harness) refresh(t *testing.T) tea.Cmd {
	t.Helper()
	return runLoad(t, hs.m, hs.press("r"))
}

// glyphRows returns the lines of the table that start with the glyph g.
func glyphRows(view, g string) []string {
	var out []string
	for _, line := range strings.Split(view, "\n") {
		if strings.HasPrefix(line, " "+g+" ") {
			out = append(out, strings.TrimRight(line, " "))
		}
	}
	return out
}

func TestProgressInStatus(t *testing.T) {
	tests := []struct {
		name     string
		progress source.Progress
		filter   string
		want     string // after the spinner and a space
	}{
		{"counting", source.Progress{Done: 120, Total: 450, Events: 3210, Failed: 2},
			"", "customers 120/450 · events 3,210 · 2 failed · sort created ↓"},
		{"no failures", source.Progress{Done: 3, Total: 450, Events: 12},
			"", "customers 3/450 · events 12 · sort created ↓"},
		{"still listing", source.Progress{Done: 120, Total: 450, Listing: true, Events: 3210, Failed: 1},
			"", "customers 120/450+ · events 3,210 · 1 failed · sort created ↓"},
		{"big", source.Progress{Done: 1200, Total: 12000, Events: 1234567},
			"", "customers 1,200/12,000 · events 1,234,567 · sort created ↓"},
		{"filtered", source.Progress{Done: 1, Total: 2, Events: 5},
			"tr_0001", `customers 1/2 · events 5 · 1 of 5 events · tr_0001 · sort created ↓`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(testConfig(fakeSource{}, &opener{}))
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
			q, _ := m.common.parse(tt.filter)
			m.setQuery(q)
			p := tt.progress
			m.Update(batchMsg{batch: source.Batch{Chunks: chunks(genEvents(5)...), Progress: &p}})
			p.Done = -1 // the model keeps its own copy
			if got, want := ansi.Strip(m.statusLine()), ansi.Strip(m.spinner.View())+" "+tt.want+" · 1m buckets"; got != want {
				t.Errorf("status = %q, want %q", got, want)
			}
		})
	}
}

func TestStatusAfterLoadCountsFailures(t *testing.T) {
	boom := errors.New("customer cst_x not found (404)")
	failed := []source.Failure{{Source: "cst_x", Err: boom}, {Source: "cst_y", Err: boom}}
	m := New(testConfig(fakeSource{}, &opener{}))
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	m.Update(batchMsg{batch: source.Batch{Chunks: chunks(genEvents(5)...), Failures: failed[:1],
		Progress: &source.Progress{Done: 1, Total: 3, Events: 5, Failed: 1}}})
	m.Update(batchMsg{batch: source.Batch{Failures: failed[1:],
		Progress: &source.Progress{Done: 3, Total: 3, Events: 5, Failed: 2}}})
	if got, want := ansi.Strip(m.statusLine()), ansi.Strip(m.spinner.View())+" customers 3/3 · events 5 · 2 failed · sort created ↓ · 1m buckets"; got != want {
		t.Errorf("while loading, status = %q, want %q", got, want)
	}
	m.Update(loadDoneMsg{})
	if got, want := ansi.Strip(m.statusLine()), "5 events · 2 failed (E) · sort created ↓ · 1m buckets"; got != want {
		t.Errorf("after loading, status = %q, want %q", got, want)
	}

	// A source without progress still counts its failures.
	m = New(testConfig(fakeSource{}, &opener{}))
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	m.Update(batchMsg{batch: source.Batch{Chunks: chunks(genEvents(5)...), Failures: failed[:1]}})
	if got, want := ansi.Strip(m.statusLine()), ansi.Strip(m.spinner.View())+" loading… 5 events · 1 failed (E) · sort created ↓ · 1m buckets"; got != want {
		t.Errorf("without progress, status = %q, want %q", got, want)
	}
}

func TestFailuresView(t *testing.T) {
	failed := []source.Failure{
		{Source: "cst_8wmqcHMN4U", Err: errors.New("customer cst_8wmqcHMN4U not found (404 Not Found)")},
		{Source: "cst_\x1b[31mred", Err: errors.New("502 Bad Gateway: <html>\x1b]0;pwned\x07proxy error</html>")},
		{Source: "cst_nil"},
	}
	hs := newHarness(t, 100, 30, source.Batch{Chunks: chunks(genEvents(3)...), Failures: failed[:2]}, source.Batch{Failures: failed[2:]})
	if help := ansi.Strip(hs.m.helpText); !strings.Contains(help, "E failures • ? help • q quit") {
		t.Errorf("help %q does not offer E, ? and q when something failed", help)
	}
	hs.press("E")
	if hs.m.state != stateFailures {
		t.Fatalf("E did not open the failures view (state %q)", hs.m.state)
	}
	view := hs.view()
	for _, want := range []string{
		"Failures · 3 failed to load",
		"cst_8wmqcHMN4U", "customer cst_8wmqcHMN4U not found (404 Not Found)",
		"cst_red", "502 Bad Gateway: <html>proxy error</html>",
		"cst_nil", "unknown error",
		"esc back",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("failures view lacks %q:\n%s", want, view)
		}
	}
	if strings.ContainsAny(view, "\x1b\x07") {
		t.Errorf("failures view holds control characters: %q", view)
	}
	if lines := strings.Split(view, "\n"); len(lines) != 30 {
		t.Errorf("failures view is %d lines, want 30", len(lines))
	}
	hs.press("j", "G", "g") // scroll keys are the view's, not the table's
	if hs.m.state != stateFailures || hs.m.List().Cursor() != 0 {
		t.Error("scrolling the failures view moved the table")
	}
	hs.press("esc")
	if hs.m.state != stateTable {
		t.Errorf("esc left state %q, want the table", hs.m.state)
	}
}

func TestFailuresViewScrolls(t *testing.T) {
	var failed []source.Failure
	for i := range 40 {
		failed = append(failed, source.Failure{Source: "cst_" + itoa(i), Err: errors.New("timeout")})
	}
	hs := newHarness(t, 100, 20, source.Batch{Failures: failed})
	hs.press("E")
	if strings.Contains(hs.view(), "cst_39") {
		t.Fatal("the last failure is on the first page")
	}
	hs.press("G")
	if !strings.Contains(hs.view(), "cst_39") {
		t.Errorf("G did not scroll to the last failure:\n%s", hs.view())
	}
}

func TestFailuresKeyWithoutFailures(t *testing.T) {
	hs := newFixture(t)
	hs.press("E")
	if hs.m.state != stateTable {
		t.Errorf("E opened state %q with nothing failed", hs.m.state)
	}
	if s := hs.status(); !strings.HasSuffix(s, " · no failures") {
		t.Errorf("status %q does not say there are no failures", s)
	}
	if help := ansi.Strip(hs.m.helpText); strings.Contains(help, "failures") {
		t.Errorf("short help %q offers E with nothing failed", help)
	}
	hs.press("?")
	if help := ansi.Strip(hs.m.helpText); !regexp.MustCompile(`E +failures`).MatchString(help) || !regexp.MustCompile(`r +refresh`).MatchString(help) {
		t.Errorf("full help lacks E or r:\n%s", help)
	}
}

func TestRefresh(t *testing.T) {
	all := genEvents(12) // oldest first
	twin := all[2]
	first := append([]model.Event{twin}, all[:9]...) // 0–8 and a second copy of 2
	src := loads(first, append(append([]model.Event{}, all...), twin))
	cfg := testConfig(src, &opener{})
	hs, cmd := newSeqHarness(t, 100, 30, cfg)
	if cmd != nil {
		t.Fatal("the first load ended with a command; want none without watch")
	}
	if got := hs.m.List().Total(); got != 10 {
		t.Fatalf("first load: Total() = %d, want 10", got)
	}
	hs.press("j", "j") // the third newest
	want := hs.selected(t)

	if cmd := hs.refresh(t); cmd != nil {
		t.Errorf("the refresh ended with a command (%T); want none", cmd())
	}
	if got := src.Calls(); got != 2 {
		t.Errorf("Load called %d times, want 2", got)
	}
	l := hs.m.List()
	if got := l.Total(); got != 13 {
		t.Errorf("Total() = %d, want 13: the 10 loaded, twins and all, and the 3 new", got)
	}
	if got := l.NewCount(); got != 3 {
		t.Errorf("NewCount() = %d, want 3", got)
	}
	for i := range 3 {
		if id := l.IDAt(i); !l.IsNew(id) {
			t.Errorf("the event at %d (%s) is not new", i, l.At(i).Line)
		}
	}
	if got := hs.selected(t); got != want {
		t.Errorf("after the refresh the cursor is on %q, want %q", got, want)
	}
	if got := l.Cursor(); got != 5 {
		t.Errorf("Cursor() = %d, want 5 (three new events above)", got)
	}
	if s := hs.status(); s != "13 events · 3 new · sort created ↓ · 1m buckets" {
		t.Errorf("status = %q", s)
	}
	view := hs.view()
	if rows := glyphRows(view, "•"); len(rows) != 3 {
		t.Errorf("%d rows marked new, want 3:\n%s", len(rows), view)
	} else {
		for i, r := range rows {
			if want := fmt.Sprintf("Payment tr_%04d paid", 11-i); !strings.Contains(r, want) {
				t.Errorf("new row %d = %q, want %q", i, r, want)
			}
		}
	}
	if row := cursorRow(t, view); !strings.Contains(row, want) {
		t.Errorf("cursor row %q, want %q", row, want)
	}

	// Loading the same again adds nothing.
	hs.m.List().MarkSeenWindow(0, 20)
	hs.refresh(t)
	if got := hs.m.List().Total(); got != 13 {
		t.Errorf("third load: Total() = %d, want 13", got)
	}
	if got := hs.m.List().NewCount(); got != 0 {
		t.Errorf("third load: NewCount() = %d, want 0", got)
	}
}

func TestRefreshWhileLoading(t *testing.T) {
	src := loads(genEvents(3))
	m := New(testConfig(src, &opener{}))
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Init() // the first load is running
	_, cmd := m.Update(keyMsg("r"))
	if cmd != nil {
		t.Errorf("r while loading returned a command (%T)", cmd())
	}
	if m.load.gen != 0 {
		t.Errorf("gen = %d, want 0: no second load", m.load.gen)
	}
	if s := ansi.Strip(m.statusLine()); !strings.Contains(s, "already loading") {
		t.Errorf("status %q does not say a load is running", s)
	}
}

// TestRefreshAPipe: r on standard input from a pipe, read to its end,
// starts no load and says why, and the events stay.
func TestRefreshAPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fmt.Fprintln(w, `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}`)
	w.Close()
	hs, _ := newSeqHarness(t, 100, 30, testConfig(source.File{Paths: []string{"-"}, Stdin: r}, &opener{}))
	if hs.m.List().Len() != 1 {
		t.Fatalf("%d events loaded, want 1", hs.m.List().Len())
	}
	if cmd := hs.press("r"); cmd != nil {
		t.Errorf("r returned a command (%T)", cmd())
	}
	if s := ansi.Strip(hs.m.statusLine()); hs.m.load.gen != 0 || !strings.Contains(s, "nothing to refresh: stdin is a pipe") {
		t.Errorf("gen %d, status %q; want no second load, saying why", hs.m.load.gen, s)
	}
	if hs.m.List().Len() != 1 {
		t.Errorf("%d events after r, want the 1 loaded", hs.m.List().Len())
	}
}

func TestStaleGenerationsAreDropped(t *testing.T) {
	all := genEvents(5)
	src := loads(all[:3], all)
	hs, _ := newSeqHarness(t, 100, 30, testConfig(src, &opener{}))
	start := hs.press("r") // generation 1 starts, not yet run
	if hs.m.load.gen != 1 || !hs.m.load.loading {
		t.Fatalf("after r: gen %d, loading %v; want 1, true", hs.m.load.gen, hs.m.load.loading)
	}
	stale := make(chan tea.Msg)
	steps := []struct {
		name string
		msg  tea.Msg
	}{
		{"loadStartedMsg", loadStartedMsg{gen: 0, stream: stale}},
		{"batchMsg", batchMsg{gen: 0, batch: source.Batch{Chunks: chunks(genEvents(9)...), Failures: []source.Failure{{Source: "x"}}, Notes: []string{"old"}}}},
		{"loadDoneMsg", loadDoneMsg{gen: 0, err: errors.New("boom")}},
		{"watchMsg", watchMsg{gen: 0}},
	}
	for _, s := range steps {
		_, cmd := hs.m.Update(s.msg)
		if cmd != nil {
			t.Errorf("%s of generation 0 returned a command", s.name)
		}
	}
	m := hs.m
	if m.load.stream == (<-chan tea.Msg)(stale) || m.List().Total() != 3 || len(m.load.failures) != 0 || m.load.note != "" ||
		!m.load.loading || m.Err() != nil || m.load.loadErr != "" {
		t.Errorf("a stale message changed the model: total %d, failures %d, note %q, loading %v, err %v, loadErr %q",
			m.List().Total(), len(m.load.failures), m.load.note, m.load.loading, m.Err(), m.load.loadErr)
	}
	// The current generation still goes through.
	runLoad(t, m, start)
	if got := m.List().Total(); got != 5 {
		t.Errorf("after the refresh Total() = %d, want 5", got)
	}
}

func TestRefreshErrorKeepsEvents(t *testing.T) {
	boom := errors.New("GET /v2/customers: 401 Unauthorized: \x1b[31mbad key")
	extra := genEvents(4)[3:]
	extra[0].Message, extra[0].Line = "arrived before the error", "arrived before the error"
	src := &seqSource{loads: []source.Source{
		fakeSource{batches: []source.Batch{{Chunks: chunks(genEvents(3)...)}}},
		fakeSource{batches: []source.Batch{{Chunks: chunks(extra...)}}, err: boom},
		fakeSource{batches: []source.Batch{{Chunks: chunks(genEvents(3)...)}}},
	}}
	hs, _ := newSeqHarness(t, 120, 30, testConfig(src, &opener{}))
	cmd := hs.refresh(t)
	if isQuit(cmd) {
		t.Fatal("a failed refresh quit the program")
	}
	if hs.m.Err() != nil {
		t.Errorf("Err() = %v, want nil: only the first load's error ends the program", hs.m.Err())
	}
	if got := hs.m.List().Total(); got != 4 {
		t.Errorf("Total() = %d, want 4: everything loaded stays, and what came before the error", got)
	}
	if s := hs.status(); !strings.Contains(s, "refresh failed, showing what was loaded before: ") || !strings.Contains(s, "1 failed (E)") {
		t.Errorf("status %q does not say the refresh failed, and that E says why", s)
	}
	// E says it in full (issue 23, item 2).
	hs.press("E")
	if v := ansi.Strip(hs.view()); !strings.Contains(v, "the refresh") || !strings.Contains(v, "GET /v2/customers: 401 Unauthorized: bad key") {
		t.Errorf("E does not list the refresh's error in full:\n%s", v)
	}
	hs.press("esc", "j") // the error stays until the next refresh, not the next key
	if s := hs.status(); !strings.Contains(s, "refresh failed") {
		t.Errorf("after a key the status %q no longer says the refresh failed", s)
	}
	hs.refresh(t)
	if s := hs.status(); strings.Contains(s, "refresh failed") {
		t.Errorf("after a good refresh the status %q still says one failed", s)
	}
}

func TestRefreshReplacesFailures(t *testing.T) {
	src := &seqSource{loads: []source.Source{
		fakeSource{batches: []source.Batch{{Chunks: chunks(genEvents(3)...), Failures: []source.Failure{{Source: "cst_a", Err: errors.New("timeout")}}}}},
		fakeSource{batches: []source.Batch{{Chunks: chunks(genEvents(3)...)}}},
	}}
	hs, _ := newSeqHarness(t, 100, 30, testConfig(src, &opener{}))
	if s := hs.status(); !strings.Contains(s, "1 failed (E)") {
		t.Fatalf("status %q does not count the failure", s)
	}
	hs.refresh(t)
	if s := hs.status(); strings.Contains(s, "failed") {
		t.Errorf("after a refresh without failures the status %q still counts some", s)
	}
	hs.press("E")
	if hs.m.state != stateTable {
		t.Error("E opened the failures of the previous load")
	}
}

func TestQuitDuringRefreshCancelsIt(t *testing.T) {
	block := blockingSource{started: make(chan struct{}), done: make(chan error, 1)}
	src := &seqSource{loads: []source.Source{fakeSource{batches: []source.Batch{{Chunks: chunks(genEvents(3)...)}}}, block}}
	hs, _ := newSeqHarness(t, 100, 30, testConfig(src, &opener{}))
	started := hs.press("r")
	for _, c := range started().(tea.BatchMsg) {
		if msg, ok := c().(loadStartedMsg); ok { // the other is the spinner's first tick
			hs.m.Update(msg)
		}
	}
	select {
	case <-block.started:
	case <-time.After(waitFor):
		t.Fatal("the refresh did not call Load")
	}
	if !isQuit(hs.press("q")) {
		t.Fatal("q did not quit during a refresh")
	}
	select {
	case err := <-block.done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the refresh's context ended with %v, want context.Canceled", err)
		}
	case <-time.After(waitFor):
		t.Fatal("quitting did not cancel the refresh")
	}
	hs.m.Update(loadDoneMsg{gen: 1, err: context.Canceled})
	if hs.m.Err() != nil {
		t.Errorf("Err() = %v after quitting, want nil", hs.m.Err())
	}
}

func TestWatch(t *testing.T) {
	all := genEvents(6)
	src := loads(all[:3], all[:5], all)
	cfg := testConfig(src, &opener{})
	cfg.Watch = time.Millisecond
	hs, cmd := newSeqHarness(t, 100, 30, cfg)
	if s := hs.status(); s != "3 events · sort created ↓ · watch 1ms · 1m buckets" {
		t.Errorf("status = %q", s)
	}
	if cmd == nil {
		t.Fatal("with watch, the first load did not schedule a tick")
	}
	tick, ok := cmd().(watchMsg)
	if !ok || tick.gen != 0 {
		t.Fatalf("the scheduled command sent %#v, want watchMsg{gen: 0}", tick)
	}

	// The tick refreshes as r does, and its end schedules the next.
	_, start := hs.m.Update(tick)
	if hs.m.load.gen != 1 || !hs.m.load.loading {
		t.Fatalf("after the tick: gen %d, loading %v; want 1, true", hs.m.load.gen, hs.m.load.loading)
	}
	cmd = runLoad(t, hs.m, start)
	if got := hs.m.List().NewCount(); got != 2 {
		t.Errorf("NewCount() = %d after a watched refresh, want 2", got)
	}
	if s := hs.status(); s != "5 events · 2 new · sort created ↓ · watch 1ms · 1m buckets" {
		t.Errorf("status = %q", s)
	}
	if cmd == nil {
		t.Fatal("the watched refresh did not schedule the next tick")
	}
	if tick, ok := cmd().(watchMsg); !ok || tick.gen != 1 {
		t.Errorf("the next tick is %#v, want watchMsg{gen: 1}", tick)
	}

	// A tick while a load runs starts no second load: it waits for the next.
	start = hs.press("r") // generation 2 runs
	_, cmd = hs.m.Update(watchMsg{gen: 2})
	if hs.m.load.gen != 2 {
		t.Errorf("a tick while loading started load %d", hs.m.load.gen)
	}
	if cmd == nil {
		t.Fatal("a tick while loading was not scheduled again")
	}
	if tick, ok := cmd().(watchMsg); !ok || tick.gen != 2 {
		t.Errorf("the rescheduled tick is %#v, want watchMsg{gen: 2}", tick)
	}
	// A tick scheduled before the running load began is dropped: that
	// load's end schedules the next, so ticks never pile up.
	if _, cmd := hs.m.Update(watchMsg{gen: 1}); cmd != nil || hs.m.load.gen != 2 {
		t.Errorf("a stale tick returned %v and left gen %d", cmd, hs.m.load.gen)
	}
	if cmd := runLoad(t, hs.m, start); cmd == nil {
		t.Error("the end of a refresh by r did not schedule a tick")
	}
	if got := src.Calls(); got != 3 {
		t.Errorf("Load called %d times, want 3", got)
	}
}
func TestNewEventsSeenAfterKeyPress(t *testing.T) {
	// 12 rows: the table shows 9 events under its header.
	all := genEvents(30)
	hs, _ := newSeqHarness(t, 100, 12, testConfig(loads(all[:10], all), &opener{}))
	if got := hs.m.table().pageSize(); got != 9 {
		t.Fatalf("page size %d, want 9", got)
	}
	hs.refresh(t)
	l := hs.m.List()
	// 20 newer events arrived above the cursor's; the table scrolled to
	// keep it on screen, showing positions 12–20.
	if got := l.Cursor(); got != 20 {
		t.Fatalf("Cursor() = %d, want 20", got)
	}
	if got := l.NewCount(); got != 20 {
		t.Fatalf("NewCount() = %d before any key, want 20: arrivals on screen are not seen until a key", got)
	}
	if rows := glyphRows(hs.view(), "•"); len(rows) != 8 {
		t.Errorf("%d rows show the new glyph, want 8", len(rows))
	}
	steps := []struct {
		key     string
		wantNew int
	}{
		{"k", 12}, // 12–19 were on screen
		{"k", 12}, // the same screen
		{"g", 12}, // the screen before jumping
		{"j", 3},  // 0–8 were on screen: 9, 10, 11 are left
		{"T", 3},  // any key, even one that moves nothing
		{"pgdown", 3},
		{"k", 0},
	}
	for i, s := range steps {
		hs.press(s.key)
		if got := l.NewCount(); got != s.wantNew {
			t.Errorf("step %d (%s): NewCount() = %d, want %d", i, s.key, got, s.wantNew)
		}
	}
	if s := hs.status(); strings.Contains(s, "new") {
		t.Errorf("status %q still counts new events", s)
	}
}

func TestNewEventsNotSeenOutsideTheTable(t *testing.T) {
	all := genEvents(5)
	hs, _ := newSeqHarness(t, 100, 30, testConfig(loads(all[:3], all), &opener{}))
	hs.press("enter") // the detail view covers the table
	runLoad(t, hs.m, hs.m.refresh())
	hs.press("j", "k")
	if got := hs.m.List().NewCount(); got != 2 {
		t.Errorf("NewCount() = %d after keys in the detail view, want 2", got)
	}
	hs.press("esc") // back to the table: this key was pressed in the detail view
	if got := hs.m.List().NewCount(); got != 2 {
		t.Errorf("NewCount() = %d after esc, want 2", got)
	}
	hs.press("j")
	if got := hs.m.List().NewCount(); got != 0 {
		t.Errorf("NewCount() = %d after a key in the table, want 0", got)
	}
}

func TestBatchQueueGathersWhatArrivedMeanwhile(t *testing.T) {
	q := newBatchQueue()
	p1, p2 := &source.Progress{Done: 1}, &source.Progress{Done: 2}
	q.put(source.Batch{Chunks: chunks(model.Event{Message: "a"}), Progress: p1})
	q.put(source.Batch{Chunks: chunks(model.Event{Message: "b"}), Notes: []string{"n"}, Failures: []source.Failure{{Source: "cst_x"}}, Progress: p2})
	q.finish(errors.New("stopped"))

	b, err, done := q.take()
	if evs := eventsOf(b); done || err != nil || len(evs) != 2 || evs[1].Message != "b" || len(b.Notes) != 1 || len(b.Failures) != 1 || b.Progress != p2 {
		t.Fatalf("take() = %+v, %v, %v; want both batches as one, with the latest progress", b, err, done)
	}
	if _, err, done := q.take(); !done || err == nil || err.Error() != "stopped" {
		t.Fatalf("second take() = %v, %v; want the loader's error and done", err, done)
	}
}

func TestBatchQueueTakeWaitsForPut(t *testing.T) {
	q := newBatchQueue()
	got := make(chan source.Batch)
	go func() { b, _, _ := q.take(); got <- b }()
	q.put(source.Batch{Chunks: chunks(model.Event{Message: "late"})})
	if evs := eventsOf(<-got); len(evs) != 1 || evs[0].Message != "late" {
		t.Fatalf("take() gave the events %+v, want the one put", evs)
	}
}

func TestBatchQueueCancelEndsTake(t *testing.T) {
	q := newBatchQueue()
	type result struct {
		err  error
		done bool
	}
	got := make(chan result)
	go func() {
		_, err, done := q.take()
		got <- result{err, done}
	}()
	q.cancel() // the loader never finishes
	select {
	case r := <-got:
		if !r.done || !errors.Is(r.err, context.Canceled) {
			t.Errorf("take() after cancel = %v, %v; want context.Canceled and done", r.err, r.done)
		}
	case <-time.After(waitFor):
		t.Fatal("take() still waits after cancel")
	}
}

// TestStatusWhileInputIsOpen has a stream say its input is still open:
// the status line says so until a batch without Open comes.
func TestStatusWhileInputIsOpen(t *testing.T) {
	m := New(testConfig(fakeSource{}, &opener{}))
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	m.Update(batchMsg{batch: source.Batch{Open: "stdin"}})
	m.Update(batchMsg{batch: source.Batch{Chunks: chunks(genEvents(3)...), Open: "stdin"}})
	if s := ansi.Strip(m.statusLine()); !strings.Contains(s, "reading stdin… 3 events") {
		t.Errorf("status %q does not say stdin is still open", s)
	}
	m.Update(batchMsg{batch: source.Batch{}})
	if s := ansi.Strip(m.statusLine()); strings.Contains(s, "reading stdin") || !strings.Contains(s, "loading… 3 events") {
		t.Errorf("after the input closed, status %q", s)
	}
	// Batches merged while the UI was busy keep the latest Open.
	q := newBatchQueue()
	q.put(source.Batch{Open: "stdin"})
	q.put(source.Batch{Chunks: chunks(genEvents(1)...)})
	if b, _, _ := q.take(); b.Open != "" {
		t.Errorf("merged batches say %q open; the latest said closed", b.Open)
	}
}

// TestRefreshShowsTheFileAsItIsNow: r after a file was cut to fewer events
// shows what the file holds now; marks stay on the events that remain.
func TestRefreshShowsTheFileAsItIsNow(t *testing.T) {
	path := t.TempDir() + "/events.ndjson"
	line := func(i int) string {
		return fmt.Sprintf(`{"type":%d,"createdAt":"2024-03-2%dT09:00:00Z","message":"event %d"}`+"\n", 300+i, i, i)
	}
	write := func(n int) {
		var b strings.Builder
		for i := range n {
			b.WriteString(line(i))
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(6)
	hs, _ := newSeqHarness(t, 100, 30, testConfig(source.File{Paths: []string{path}}, &opener{}))
	if !strings.HasPrefix(hs.status(), "6 events") {
		t.Fatalf("status after the load = %q", hs.status())
	}
	hs.m.List().SetCursor(0)
	hs.press("m", "end", "m") // event 5, the newest, and event 0
	write(2)                  // truncated: events 0 and 1
	hs.refresh(t)
	if st := hs.status(); !strings.HasPrefix(st, "2 events") {
		t.Errorf("status after r = %q, want 2 events", st)
	}
	l := hs.m.List()
	if l.MarkedCount() != 1 || !l.IsMarked(l.IDAt(l.Len()-1)) || l.At(l.Len()-1).Message != "event 0" {
		t.Errorf("marks after r: %d, want event 0's alone", l.MarkedCount())
	}
	write(3) // event 2 again
	hs.refresh(t)
	if st := hs.status(); !strings.HasPrefix(st, "3 events · 1 new") {
		t.Errorf("status after event 2 came back = %q, want 3 events, 1 new", st)
	}
}

// TestRefreshOfTheAPIKeepsWhatItDidNotSend: a source that may fail in
// parts (the API) only adds on a refresh.
func TestRefreshOfTheAPIKeepsWhatItDidNotSend(t *testing.T) {
	ev := genEvents(3)
	hs, _ := newSeqHarness(t, 100, 30, testConfig(loads(ev, ev[:1]), &opener{}))
	hs.refresh(t)
	if st := hs.status(); !strings.HasPrefix(st, "3 events") {
		t.Errorf("status after a refresh that sent one event = %q, want 3 events", st)
	}
}

// After a refresh that fails, E still lists what the load before it could
// not load, and the refresh's own error, in full (issue 23, item 2).
func TestFailedRefreshKeepsTheFailuresInE(t *testing.T) {
	boom := errors.New("GET /v2/customers: the API stopped answering after 30s, a reason long enough to be cut in any status line of any width")
	src := &seqSource{loads: []source.Source{
		fakeSource{batches: []source.Batch{{Chunks: chunks(genEvents(3)...), Failures: []source.Failure{
			{Source: "cst_a", Err: errors.New("HTTP 500")}, {Source: "cst_b", Err: errors.New("HTTP 502")}}}}},
		fakeSource{batches: []source.Batch{{Failures: []source.Failure{{Source: "cst_b", Err: errors.New("HTTP 503")}}}}, err: boom},
	}}
	hs, _ := newSeqHarness(t, 100, 30, testConfig(src, &opener{}))
	hs.refresh(t)
	hs.press("E")
	if hs.m.state != stateFailures {
		t.Fatalf("E after a failed refresh: state %v, status %q", hs.m.state, hs.status())
	}
	v := ansi.Strip(strings.Join(viewIn[*failuresView](hs.m, stateFailures).lines, "\n"))
	for _, want := range []string{"cst_a", "HTTP 500", "cst_b", "HTTP 503", "the refresh", "a reason long enough to be cut in any status line of any width", "3 failed to load"} {
		if !strings.Contains(strings.Join(strings.Fields(v), " "), want) {
			t.Errorf("E does not show %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "HTTP 502") {
		t.Errorf("E keeps cst_b's reason from before the refresh, not its latest:\n%s", v)
	}
}

// Every note of a load is counted in the status line and listed in full
// under E, not only the last one (issue 23, item 3).
func TestNotesAreCountedAndListedUnderE(t *testing.T) {
	var notes []string
	for _, id := range []string{"cst_a", "cst_b", "cst_c", "cst_d"} {
		notes = append(notes, "customer "+id+" came without an \"events\" field: Mollie returns a customer's events only with include=events")
	}
	var batches []source.Batch
	for i, n := range notes {
		batches = append(batches, source.Batch{Chunks: chunks(genEvents(5)[i : i+1]...), Notes: []string{n}})
	}
	hs := newHarness(t, 200, 30, batches...)
	if s := hs.status(); !strings.Contains(s, "4 notes (E)") {
		t.Errorf("status %q does not count the notes", s)
	}
	hs.press("E")
	v := ansi.Strip(strings.Join(viewIn[*failuresView](hs.m, stateFailures).lines, "\n"))
	joined := strings.Join(strings.Fields(v), " ")
	for _, n := range notes {
		if !strings.Contains(joined, n) {
			t.Errorf("E does not list %q in full:\n%s", n, v)
		}
	}
}
