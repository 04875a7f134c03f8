package ui

import (
	"errors"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source"
)

// TestRegistry checks that every registered view has a state of its own,
// is built by New, comes to the front with show, draws there, and goes
// back to the table on esc.
func TestRegistry(t *testing.T) {
	seen := map[state]bool{}
	for _, r := range registry {
		if r.state == "" || seen[r.state] {
			t.Errorf("state %q is registered twice, or empty", r.state)
		}
		seen[r.state] = true
	}
	for _, s := range []state{stateTable, stateDetail, stateTypes, stateSources, stateFailures, stateFilter, stateGoto} {
		if !seen[s] {
			t.Errorf("%q is not registered", s)
		}
	}
	for _, r := range registry {
		t.Run(string(r.state), func(t *testing.T) {
			hs := newFixture(t)
			if hs.m.views[r.state] == nil {
				t.Fatalf("New built no view for %q", r.state)
			}
			hs.m.show(r.state)
			hs.m.layout()
			if hs.m.state != r.state || hs.m.front() != hs.m.views[r.state] {
				t.Fatalf("show(%q) left %q in front", r.state, hs.m.state)
			}
			if lines := strings.Split(hs.view(), "\n"); len(lines) != 30 || strings.TrimSpace(hs.view()) == "" {
				t.Errorf("%q draws %d lines, want the 30 of the screen", r.state, len(lines))
			}
			hs.press("esc")
			if hs.m.state != stateTable {
				t.Errorf("esc in %q left %q in front, want the table", r.state, hs.m.state)
			}
		})
	}
}

// TestTextTakers checks that q and ? are text in the prompts (and in a
// panel after /, see TestPanelTyping), and the program's keys everywhere
// else.
func TestTextTakers(t *testing.T) {
	for _, r := range registry {
		tt, text := newFixture(t).m.views[r.state].(textTaker)
		text = text && tt.takesText()
		if want := r.state == stateFilter || r.state == stateGoto || r.state == stateSaveView; text != want {
			t.Errorf("%q takes text: %v, want %v", r.state, text, want)
		}
	}
	hs := newFixture(t)
	hs.press("/", "q", "?")
	if hs.m.state != stateFilter || (hs.m.helpPage > 0) || hs.m.load.ctx.Err() != nil {
		t.Fatal("q or ? in the query line quit or opened the help")
	}
	if got := hs.m.List().Query().Text(); got != "q?" {
		t.Errorf("the query line holds %q, want what was typed", got)
	}
}

// TestFailuresViewFollowsTheLoad checks that the failures view, open, shows
// failures as they arrive, keeping its place, and starts over with a
// refresh.
func TestFailuresViewFollowsTheLoad(t *testing.T) {
	var failed []source.Failure
	for i := range 40 {
		failed = append(failed, source.Failure{Source: "cst_" + itoa(i), Err: errors.New("timeout")})
	}
	hs := newHarness(t, 100, 20, source.Batch{Chunks: chunks(genEvents(3)...), Failures: failed})
	hs.press("E", "j", "j")
	top := viewIn[*failuresView](hs.m, stateFailures).top
	if top != 2 {
		t.Fatalf("j j scrolled to line %d, want 2", top)
	}
	more := source.Failure{Source: "cst_late", Err: errors.New("502 Bad Gateway")}
	hs.m.Update(batchMsg{gen: hs.m.load.gen, batch: source.Batch{Failures: []source.Failure{more}}})
	if got := viewIn[*failuresView](hs.m, stateFailures).top; got != top {
		t.Errorf("a failure that arrived moved the view to line %d, want %d", got, top)
	}
	hs.press("G")
	if view := hs.view(); !strings.Contains(view, "cst_late") {
		t.Errorf("a failure that arrived with the view open is not at its end:\n%s", view)
	}
	hs.press("g")
	if view := hs.view(); !strings.Contains(view, "Failures · 41 failed to load") {
		t.Errorf("the title does not count the late failure:\n%s", view)
	}
	hs.m.Update(watchMsg{gen: hs.m.load.gen}) // a watched refresh starts: nothing has failed yet
	if view := hs.view(); !strings.Contains(view, "Failures · 0 failed to load") || !strings.Contains(view, "no failures") {
		t.Errorf("after a refresh started the view still shows the old failures:\n%s", view)
	}
}
