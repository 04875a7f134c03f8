package ui

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The fixture's types, in the order the panel lists them.
var fixtureTypes = []int{200, 210, 300, 310, 400, 500}

// selectedTypes are the fixture's types the query lets through, nil when
// it has no type: term.
func selectedTypes(hs *harness) []int {
	q := hs.m.List().Query()
	if !q.LimitsTypes() {
		return nil
	}
	var types []int
	for _, t := range fixtureTypes {
		if q.AllowsType(t, "") {
			types = append(types, t)
		}
	}
	return types
}

func TestTypePanel(t *testing.T) {
	tests := []struct {
		name  string
		keys  []string // after t
		types []int    // the filter's types afterwards; nil is all
		len   int
	}{
		{"enter applies nothing changed", []string{"enter"}, nil, 10},
		{"space unchecks", []string{"space", "enter"}, []int{210, 300, 310, 400, 500}, 8},
		{"space twice rechecks", []string{"space", "space", "enter"}, nil, 10},
		{"a clears all, space picks one", []string{"a", "j", "j", "space", "enter"}, []int{300}, 3},
		{"a then a checks all", []string{"a", "a", "enter"}, nil, 10},
		{"none checked means all", []string{"a", "enter"}, nil, 10},
		{"G and k", []string{"a", "G", "space", "k", "space", "enter"}, []int{400, 500}, 2},
		{"down stops at the end", []string{"a", "G", "j", "j", "space", "enter"}, []int{500}, 1},
		{"up stops at the top", []string{"a", "k", "space", "enter"}, []int{200}, 2},
		{"esc cancels", []string{"space", "j", "space", "esc"}, nil, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newFixture(t)
			hs.press("t")
			if hs.m.state != stateTypes {
				t.Fatalf("t: state %v, want the type panel", hs.m.state)
			}
			hs.press(tt.keys...)
			if hs.m.state != stateTable {
				t.Errorf("after %v: state %v, want table", tt.keys, hs.m.state)
			}
			if got := selectedTypes(hs); !slices.Equal(got, tt.types) && !(len(got) == 0 && tt.types == nil) {
				t.Errorf("after %v: types %v, want %v", tt.keys, got, tt.types)
			}
			if got := hs.m.List().Len(); got != tt.len {
				t.Errorf("after %v: Len() = %d, want %d", tt.keys, got, tt.len)
			}
		})
	}
}

func TestTypePanelShowsCountsAndSelection(t *testing.T) {
	hs := newFixture(t)
	hs.press("/")
	hs.typeText("payment")
	hs.press("enter", "t")
	view := trimLines(hs.view())
	// Counts follow the text filter; every type is listed, with its most
	// common message.
	for _, want := range []string{
		"Event types  by type · space toggles · a all/none · s sorts · / filters · enter applies",
		"▸ [x]    200 Customer created         0  Customer created", // the one type whose name Mollie documents
		"  [x]    300                          3  Payment tr_7UhSN1zuXS paid",
		"  [x]    310                          2  Payment tr_3RkqmP7Cxb failed: card expired",
		"  [x]    500                          0  Refund re_4qqhO89gsT processed",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("panel lacks %q:\n%s", want, view)
		}
	}
	if !strings.Contains(view, "space toggle") || !strings.Contains(view, "esc cancel") {
		t.Errorf("panel help does not list its keys:\n%s", view)
	}

	// Pick 310, then reopen: the panel starts from the filter in force.
	hs.press("a", "j", "j", "j", "space", "enter")
	if got := selectedTypes(hs); !slices.Equal(got, []int{310}) {
		t.Fatalf("types %v, want [310]", got)
	}
	if got := hs.m.List().Len(); got != 2 {
		t.Errorf("Len() = %d, want the 2 failed payments", got)
	}
	if s := hs.status(); !strings.HasPrefix(s, `2 of 10 events · payment type:310 · `) {
		t.Errorf("status = %q", s)
	}
	hs.press("t")
	checked := map[int]bool{}
	for i, r := range viewIn[*panel](hs.m, stateTypes).items {
		typ, _ := strconv.Atoi(r.key)
		checked[typ] = viewIn[*panel](hs.m, stateTypes).checked[i]
	}
	want := map[int]bool{200: false, 210: false, 300: false, 310: true, 400: false, 500: false}
	if !maps.Equal(checked, want) {
		t.Errorf("reopened panel checks %v, want %v", checked, want)
	}
	// Cancelling keeps the filter as it was.
	hs.press("space", "esc")
	if got := selectedTypes(hs); !slices.Equal(got, []int{310}) {
		t.Errorf("esc changed the types to %v", got)
	}
}

func TestTypePanelListsEveryType(t *testing.T) {
	hs := newFixture(t)
	hs.press("t")
	var got []int
	for _, r := range viewIn[*panel](hs.m, stateTypes).items {
		typ, _ := strconv.Atoi(r.key)
		got = append(got, typ)
	}
	if !slices.Equal(got, fixtureTypes) {
		t.Errorf("panel lists %v, want %v", got, fixtureTypes)
	}
}

// s in a panel puts its rows by count, most first, ticks and all, and back
// (issue 23, item 21).
func TestPanelSortsByCount(t *testing.T) {
	for _, tt := range []struct {
		key          string
		first, byCnt string // the first row's key in the panel's order and by count
	}{
		{"t", "200", "300"},
		{"c", "cst_8wmqcHMN4U", "cst_8wmqcHMN4U"},
	} {
		hs := newFixture(t)
		hs.press(tt.key)
		p := viewIn[*panel](hs.m, hs.m.state)
		if p.items[0].key != tt.first {
			t.Fatalf("%s: first row %q, want %q", tt.key, p.items[0].key, tt.first)
		}
		hs.press("j", "space", "s")
		for i := 1; i < len(p.items); i++ {
			if p.items[i].count > p.items[i-1].count {
				t.Errorf("%s by count: row %d (%d) after %d", tt.key, i, p.items[i].count, p.items[i-1].count)
			}
		}
		if p.items[0].key != tt.byCnt || !strings.Contains(hs.view(), "by count") {
			t.Errorf("%s by count: first row %q, want %q:\n%s", tt.key, p.items[0].key, tt.byCnt, hs.view())
		}
		unticked := 0
		for i, on := range p.checked {
			if !on {
				unticked++
				if p.items[i].rank != 1 {
					t.Errorf("%s: the tick left row %q, which moved", tt.key, p.items[i].key)
				}
			}
		}
		if unticked != 1 {
			t.Errorf("%s: %d rows unticked after sorting, want the one unticked", tt.key, unticked)
		}
		hs.press("s")
		if p.items[0].key != tt.first {
			t.Errorf("%s: s again: first row %q, want %q", tt.key, p.items[0].key, tt.first)
		}
	}
}
