package ui

import (
	"slices"
	"strings"
	"testing"
)

// candidates completes a field name, or after type: and source: the item
// before the cursor, from the fixture's types and sources.
func TestCandidates(t *testing.T) {
	l := newFixture(t).m.List()
	tests := []struct {
		line   string
		cursor int // -1: at the end
		want   []string
		at     int // where the part replaced starts
	}{
		{"ty", -1, []string{"type:"}, 0},
		{"s", -1, []string{"source:", "since:", "status:"}, 0},
		{"paid ST", -1, []string{"status:"}, 5},
		{"!ty", -1, []string{"type:"}, 1},
		{"is", -1, []string{"is:new", "is:marked"}, 0},
		{"is:m", -1, []string{"is:marked"}, 0},
		{"ha", -1, []string{"has:link"}, 0},
		{"type:", -1, fixtureTypeKeys(), 5},
		{"pay type:3", -1, []string{"300", "310"}, 9},
		{"type:200,3", -1, []string{"300", "310"}, 9},
		{"TYPE:2", -1, []string{"200", "210"}, 5},
		{"source:cst_v", -1, []string{"cst_vsKJpSsabw"}, 7},
		{"!source:", -1, []string{"cst_8wmqcHMN4U", "cst_vsKJpSsabw"}, 8},
		{"ty failed", 2, []string{"type:"}, 0},
		{"since:2", -1, nil, 0},
		{"zz", -1, nil, 0},
	}
	for _, tt := range tests {
		cursor := tt.cursor
		if cursor < 0 {
			cursor = len(tt.line)
		}
		got, at := candidates(l, tt.line, cursor)
		if !slices.Equal(got, tt.want) || (got != nil && at != tt.at) {
			t.Errorf("candidates(%q, %d) = %q at %d, want %q at %d", tt.line, cursor, got, at, tt.want, tt.at)
		}
	}
}

// Tab in the query line completes the word before the cursor and applies
// the query; tab again cycles through the candidates, shift+tab back;
// after a field's only completion, tab goes on to its values.
func TestQueryTabCompletes(t *testing.T) {
	hs := newFixture(t)
	f := viewIn[*filterView](hs.m, stateFilter)
	hs.press("/")
	hs.typeText("ty")
	steps := []struct {
		key, line, says string
	}{
		{"tab", "type:", ""},
		{"tab", "type:200", "1 of 6: tab for the next, shift+tab the one before"},
		{"tab", "type:210", "2 of 6"},
		{"shift+tab", "type:200", "1 of 6"},
		{"shift+tab", "type:500", "6 of 6"},
		{"tab", "type:200", "1 of 6"},
	}
	for _, st := range steps {
		hs.press(st.key)
		if got := f.input.Value(); got != st.line {
			t.Fatalf("%s: the line is %q, want %q", st.key, got, st.line)
		}
		if !strings.HasPrefix(hs.m.message, st.says) {
			t.Errorf("%s to %q says %q, want %q", st.key, st.line, hs.m.message, st.says)
		}
	}
	if got := hs.m.List().Query().Text(); got != "type:200" {
		t.Errorf("the query in force is %q, want the completed one", got)
	}
	hs.typeText(",3")
	hs.press("tab")
	if got := f.input.Value(); got != "type:200,300" {
		t.Errorf("tab after a comma completes to %q, want type:200,300", got)
	}
	hs.typeText(" source:cst_v")
	hs.press("tab", "enter")
	if got := hs.m.List().Query().Text(); got != "type:200,300 source:cst_vsKJpSsabw" || hs.m.state != stateTable {
		t.Errorf("kept %q (state %q), want the completed query", got, hs.m.state)
	}
}

// Tab completes status: (whose error, once it has a value, says it needs
// the resources fetched, which --expand does), and says
// when nothing completes, leaving the line as it was.
func TestQueryTabSaysWhatItCannot(t *testing.T) {
	hs := newFixture(t)
	f := viewIn[*filterView](hs.m, stateFilter)
	hs.press("/")
	hs.typeText("sta")
	hs.press("tab")
	if got := f.input.Value(); got != "status:" || !strings.Contains(f.err, "want a status") {
		t.Errorf("sta tab: %q, error %q", got, f.err)
	}
	hs.typeText("failed")
	if !strings.Contains(f.err, "status: needs the resources") {
		t.Errorf("status:failed without --expand: error %q", f.err)
	}
	hs.press("esc", "/")
	hs.typeText("zz")
	hs.press("tab")
	if got := f.input.Value(); got != "zz" || !strings.HasPrefix(hs.m.message, "nothing to complete") {
		t.Errorf("zz tab: line %q, says %q", got, hs.m.message)
	}
}
