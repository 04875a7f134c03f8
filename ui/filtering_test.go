package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// worstRegexp is issue 24's regexp that blocked the interface for 36 s over
// 10 messages of 5 MB.
const worstRegexp = `/(\w+\s?){19}x/`

// hugeEvents are n events whose messages are size bytes of distinct words.
func hugeEvents(n, size int) []model.Event {
	words := strings.Repeat("word ", size/5)
	out := make([]model.Event, n)
	for i := range out {
		out[i] = hugeEvent(fmt.Sprintf("m%d %s", i, words))
	}
	return out
}

// filteredOf runs cmd, and the commands of its batches, each on a
// goroutine of its own as Bubble Tea does, and returns the first
// filteredMsg among their messages.
func filteredOf(t testing.TB, cmd tea.Cmd) filteredMsg {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command: the query was applied at once, not worked out aside")
	}
	msgs := make(chan tea.Msg, 16)
	run := func(c tea.Cmd) {
		if c != nil {
			go func() { msgs <- c() }()
		}
	}
	run(cmd)
	timeout := time.After(10 * time.Second)
	for {
		select {
		case msg := <-msgs:
			switch msg := msg.(type) {
			case filteredMsg:
				return msg
			case tea.BatchMsg:
				for _, c := range msg {
					run(c)
				}
			}
		case <-timeout:
			t.Fatal("the command works no query out")
			return filteredMsg{}
		}
	}
}

// TestKeyMidFilterIsHandledAndStaleResultDropped: a costly query is worked
// out aside; the keys typed meanwhile are handled at once, the table keeps
// its view with "filtering…" in the status line, and the result of the
// query they replaced is dropped when it comes.
func TestKeyMidFilterIsHandledAndStaleResultDropped(t *testing.T) {
	hs := &harness{m: loadedModel(t, 100, 30, hugeEvents(10, 5<<20)...)}
	hs.press("/")
	_, cmd := hs.m.Update(tea.PasteMsg{Content: worstRegexp})
	if !hs.m.List().Query().IsZero() || !strings.Contains(hs.status(), "10 events · filtering…") {
		t.Fatalf("while the regexp is worked out: query %q, status %q; want the view before and \"filtering…\"",
			hs.m.List().Query().Text(), hs.status())
	}
	stale := filteredOf(t, cmd) // finished before the keys below came
	if stale.err != nil {
		t.Fatalf("the regexp's job failed: %v", stale.err)
	}
	hs.press("space", "z")
	if got := hs.m.views[stateFilter].(*filterView).input.Value(); got != worstRegexp+" z" {
		t.Fatalf("the keys typed mid-filter were not handled: the line reads %q", got)
	}
	hs.m.Update(stale)
	if !hs.m.List().Query().IsZero() || !strings.Contains(hs.status(), "filtering…") {
		t.Fatalf("a stale result was applied: query %q, status %q", hs.m.List().Query().Text(), hs.status())
	}
	cmd = hs.press("enter") // keeps the query; its work goes on
	if cmd != nil {
		t.Fatalf("enter returned a command %T", cmd())
	}
	current := hs.m.filter.gen
	hs.press("/")
	if hs.m.filter.gen != current {
		t.Fatal("opening / again changed the query")
	}
	if got := hs.m.views[stateFilter].(*filterView).input.Value(); got != worstRegexp+" z" {
		t.Errorf("/ opened on %q, want the query being worked out", got)
	}
}

// TestKeyMidFilterAppliesTheLastQuery: the job of the last key is applied
// when it comes, and "filtering…" goes.
func TestKeyMidFilterAppliesTheLastQuery(t *testing.T) {
	hs := &harness{m: loadedModel(t, 100, 30, hugeEvents(10, 1<<20)...)}
	hs.press("/")
	hs.m.Update(tea.PasteMsg{Content: worstRegexp})
	hs.press("space")
	_, cmd := hs.m.Update(keyMsg("z"))
	hs.m.Update(filteredOf(t, cmd))
	if got := hs.m.List().Query().Text(); got != worstRegexp+" z" {
		t.Errorf("query in force = %q, want %q", got, worstRegexp+" z")
	}
	if st := hs.status(); strings.Contains(st, "filtering…") || !strings.HasPrefix(st, "0 of 10 events") {
		t.Errorf("status = %q, want 0 of 10 events and no filtering…", st)
	}
}

// TestKeysCancelAFilter: esc, q and ctrl+c during a costly query work at
// once and stop its work.
func TestKeysCancelAFilter(t *testing.T) {
	tests := []struct {
		name  string
		keys  []string // after the query is pasted
		quits bool
	}{
		{"esc undoes it", []string{"esc"}, false},
		{"q after enter quits", []string{"enter", "q"}, true},
		{"ctrl+c quits", []string{"ctrl+c"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := &harness{m: loadedModel(t, 100, 30, hugeEvents(10, 1<<20)...)}
			hs.press("/")
			_, job := hs.m.Update(tea.PasteMsg{Content: worstRegexp})
			cmd := hs.press(tt.keys...)
			if got := isQuit(cmd); got != tt.quits {
				t.Errorf("quits = %v, want %v", got, tt.quits)
			}
			if msg := filteredOf(t, job); msg.err == nil {
				t.Error("the query's work went on to the end")
			}
			if !tt.quits && (strings.Contains(hs.status(), "filtering…") || !hs.m.List().Query().IsZero()) {
				t.Errorf("after esc: query %q, status %q", hs.m.List().Query().Text(), hs.status())
			}
		})
	}
}

// BenchmarkKeyMidRegexpFilter: issue 24's worst regexp over 10 messages of
// 5 MB, a key arriving while it is worked out: how long Update takes to
// handle the key (ms-to-handle), and how long the replaced work goes on
// (ms-to-stop). Both must stay under 100 ms.
func BenchmarkKeyMidRegexpFilter(b *testing.B) {
	m := loadedModel(b, 100, 30, hugeEvents(10, 5<<20)...)
	var handled, stopped time.Duration
	for b.Loop() {
		m.Update(keyMsg("esc"))
		m.Update(keyMsg("/"))
		_, cmd := m.Update(tea.PasteMsg{Content: worstRegexp})
		started, done := make(chan struct{}), make(chan tea.Msg)
		go func() { close(started); done <- cmd() }()
		<-started
		start := time.Now()
		m.Update(keyMsg("space")) // a query again, and so a new job
		_ = m.View()
		handled = max(handled, time.Since(start))
		<-done
		stopped = max(stopped, time.Since(start))
	}
	b.ReportMetric(float64(handled.Microseconds())/1000, "ms-to-handle")
	b.ReportMetric(float64(stopped.Microseconds())/1000, "ms-to-stop")
}

// TestEventsArrivingUnderACostlyQueryAreMatchedAside: events that arrive
// while a costly regexp is in force are matched in a command, not in
// Update: the table shows them once their matching is done, and events
// arriving meanwhile are matched after.
func TestEventsArrivingUnderACostlyQueryAreMatchedAside(t *testing.T) {
	m := New(testConfig(fakeSource{}, &opener{}))
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	q, err := m.common.parse(worstRegexp)
	if err != nil {
		t.Fatal(err)
	}
	// Five events of 1 MB, then five more while the first are matched.
	events := hugeEvents(10, 1<<20)
	events[2] = hugeEvent("m2 " + strings.Repeat("v ", 19) + "x") // these two match
	events[7] = hugeEvent("m7 " + strings.Repeat("w ", 19) + "x")
	m.setQuery(q)
	_, cmd := m.Update(batchMsg{batch: source.Batch{Chunks: chunks(events[:5]...)}})
	if st := ansi.Strip(m.statusLine()); !strings.Contains(st, "0 of 5 events") || !strings.Contains(st, "filtering…") {
		t.Fatalf("status after the first events = %q; want them matched aside", st)
	}
	first, gen := filteredOf(t, cmd), m.filter.gen
	m.Update(batchMsg{batch: source.Batch{Chunks: chunks(events[5:]...)}})
	if m.filter.gen != gen {
		t.Fatal("a second job started while the first ran")
	}
	_, cmd = m.Update(first)
	if st := ansi.Strip(m.statusLine()); !strings.Contains(st, "1 of 10 events") || !strings.Contains(st, "filtering…") {
		t.Fatalf("status after the first job = %q; want m2 shown and the rest being matched", st)
	}
	m.Update(filteredOf(t, cmd))
	m.Update(loadDoneMsg{})
	want := model.NewList()
	want.Append(events...)
	want.SetQuery(q)
	if st := ansi.Strip(m.statusLine()); !strings.HasPrefix(st, "2 of 10 events") || strings.Contains(st, "filtering…") {
		t.Errorf("status at the end = %q; want 2 of 10 events", st)
	}
	if m.List().Len() != want.Len() {
		t.Errorf("%d events shown, SetQuery shows %d", m.List().Len(), want.Len())
	}
}
