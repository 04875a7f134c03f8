package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// shownKeys are the keys of the rows a panel shows, in order.
func shownKeys(p *panel) []string {
	var out []string
	for _, i := range p.shown {
		out = append(out, p.items[i].key)
	}
	return out
}

// After / in a panel, what is typed narrows its rows, q and s included;
// backspace takes back a character; space still ticks; esc clears what
// is typed, and esc again closes the panel without applying.
func TestPanelTyping(t *testing.T) {
	hs := newFixture(t)
	p := viewIn[*panel](hs.m, stateTypes)
	hs.press("t", "/")
	steps := []struct {
		keys  []string
		shown []string
		title string // in the panel's first line
	}{
		{[]string{"3", "1"}, []string{"310"}, "/31▏  1 of 6"},
		{[]string{"backspace"}, []string{"300", "310"}, "/3▏  2 of 6"},
		{[]string{"q"}, nil, "/3q▏  0 of 6"},                                          // text, not quit
		{[]string{"backspace", "backspace", "c", "u", "s"}, []string{"200"}, "/cus▏"}, // by its name: Customer created
		{[]string{"backspace", "backspace", "backspace"}, fixtureTypeKeys(), "/▏  6 of 6"},
		{[]string{"backspace"}, fixtureTypeKeys(), "/▏"}, // nothing more to take back
	}
	for _, st := range steps {
		hs.press(st.keys...)
		if got := shownKeys(p); !slices.Equal(got, st.shown) {
			t.Errorf("after %v the panel shows %v, want %v", st.keys, got, st.shown)
		}
		if first, _, _ := strings.Cut(hs.view(), "\n"); !strings.Contains(first, st.title) {
			t.Errorf("after %v the title is %q, want %q in it", st.keys, first, st.title)
		}
		if hs.m.state != stateTypes || hs.m.load.ctx.Err() != nil || hs.m.helpPage > 0 {
			t.Fatalf("after %v: state %q, quit %v", st.keys, hs.m.state, hs.m.load.ctx.Err() != nil)
		}
	}
	hs.press("3", "q")
	if view := hs.view(); !strings.Contains(view, "nothing matches 3q") {
		t.Errorf("with nothing matching, the panel does not say so:\n%s", view)
	}
	hs.press("backspace", "down", "space") // untick 310
	if p.checked[slices.Index(fixtureTypeKeys(), "310")] {
		t.Error("space while typing did not untick the row under the cursor")
	}
	hs.press("esc")
	if p.filter != (panelFilter{}) || len(p.shown) != 6 || hs.m.state != stateTypes {
		t.Errorf("esc: filter %+v, %d rows, state %q; want it cleared and the panel open", p.filter, len(p.shown), hs.m.state)
	}
	if p.checked[slices.Index(fixtureTypeKeys(), "310")] {
		t.Error("clearing the filter lost a tick")
	}
	hs.press("esc")
	if hs.m.state != stateTable || hs.m.List().Query().Text() != "" {
		t.Errorf("esc esc: state %q, query %q; want the table, nothing applied", hs.m.state, hs.m.List().Query().Text())
	}
}

// enter keeps what is typed: the panel's keys then act on the rows it
// shows (a ticks or unticks them all), esc clears it, and enter applies
// every tick, hidden rows' too.
func TestPanelFilterKept(t *testing.T) {
	hs := newFixture(t)
	p := viewIn[*panel](hs.m, stateTypes)
	hs.press("t", "/", "3", "enter")
	if p.filter != (panelFilter{text: "3"}) || hs.m.state != stateTypes {
		t.Fatalf("enter while typing: filter %+v, state %q", p.filter, hs.m.state)
	}
	hs.press("a")                                          // all shown are ticked: untick 300 and 310
	hs.press("/", "backspace", "2", "enter", "j", "space") // the rows with a 2: 200, 210; untick 210
	if got := shownKeys(p); !slices.Equal(got, []string{"200", "210"}) {
		t.Fatalf("after / backspace 2 the panel shows %v", got)
	}
	hs.press("enter")
	if got := selectedTypes(hs); !slices.Equal(got, []int{200, 400, 500}) {
		t.Errorf("applied types %v, want [200 400 500]", got)
	}
}

// In the source panel, typing finds a source by its ID or its
// customer's name; s is text there, not the sort; a paste is typed.
func TestSourcePanelTyping(t *testing.T) {
	hs := newFixture(t)
	hs.m.common.names["cst_vsKJpSsabw"] = "Jan Smit"
	p := viewIn[*panel](hs.m, stateSources)
	hs.press("c", "/", "s")
	if p.byCount || len(p.shown) != 2 {
		t.Errorf("s while typing sorted (%v) or filtered to %v", p.byCount, shownKeys(p))
	}
	hs.press("backspace")
	hs.m.Update(tea.PasteMsg{Content: "SMIT"})
	if got := shownKeys(p); !slices.Equal(got, []string{"cst_vsKJpSsabw"}) {
		t.Errorf("typing the customer's name shows %v", got)
	}
	hs.press("esc", "s")
	if !p.byCount {
		t.Error("s after esc does not sort")
	}
}

// fixtureTypeKeys are the fixture's types as the type panel keys them.
func fixtureTypeKeys() []string { return []string{"200", "210", "300", "310", "400", "500"} }
