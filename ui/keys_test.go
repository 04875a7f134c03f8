package ui

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// TestREADMEKeys presses every key of the README's key table where it
// applies and checks what it does, so that the table and the program
// cannot drift apart.
func TestREADMEKeys(t *testing.T) {
	documented := readmeKeys(t)
	failed := source.Batch{Failures: []source.Failure{{Source: "cst_x", Err: os.ErrNotExist}}}
	type check func(hs *harness) bool
	cursorAt := func(i int) check { return func(hs *harness) bool { return hs.m.List().Cursor() == i } }
	inState := func(s state) check { return func(hs *harness) bool { return hs.m.state == s } }
	tests := []struct {
		keys  []string // README spellings: ↑ is up, pgdn pgdown
		setup []string
		does  check
	}{
		{[]string{"↓", "j"}, nil, cursorAt(1)},
		{[]string{"↑", "k"}, []string{"j", "j"}, cursorAt(1)},
		{[]string{"pgdn", "ctrl+d"}, nil, cursorAt(9)}, // a page is 27 rows; the fixture has 10
		{[]string{"pgup", "ctrl+u"}, []string{"G"}, cursorAt(0)},
		{[]string{"G", "end"}, nil, cursorAt(9)},
		{[]string{"g", "home"}, []string{"G"}, cursorAt(0)},
		{[]string{"/"}, nil, inState(stateFilter)},
		{[]string{"t"}, nil, inState(stateTypes)},
		{[]string{"c"}, nil, inState(stateSources)},
		{[]string{"i"}, nil, func(hs *harness) bool { return !hs.m.table().tline.shown }},
		{[]string{"z"}, nil, func(hs *harness) bool { return hs.m.table().tline.zoomed && hs.m.table().tline.step == model.Step6h }},
		{[]string{"Z"}, nil, func(hs *harness) bool { return hs.m.table().tline.zoomed && hs.m.table().tline.step == model.Step1w }},
		{[]string{"["}, nil, cursorAt(1)},
		{[]string{"]"}, []string{"G"}, cursorAt(7)},
		{[]string{"@"}, nil, inState(stateGoto)},
		{[]string{"m"}, nil, func(hs *harness) bool { return hs.m.List().IsMarked(hs.m.List().SelectedID()) }},
		{[]string{"n"}, []string{"j", "m", "g"}, cursorAt(1)},
		{[]string{"N"}, []string{"j", "m", "G"}, cursorAt(1)},
		{[]string{"M"}, []string{"m"}, func(hs *harness) bool { return hs.m.List().Len() == 1 }},
		{[]string{"Y"}, nil, func(hs *harness) bool { return hs.m.message == "copied the event as JSON (OSC 52)" }},
		{[]string{"X"}, nil, func(hs *harness) bool {
			return strings.HasPrefix(hs.m.message, "copied a command that prints this view")
		}},
		{[]string{"s"}, nil, func(hs *harness) bool { return hs.m.List().Sort() == model.Sort{Key: model.SortType} }},
		{[]string{"S"}, nil, func(hs *harness) bool { return hs.m.List().Sort() == model.Sort{Key: model.SortCreated} }},
		{[]string{"T"}, nil, func(hs *harness) bool { return hs.m.table().timeMode == timeUTC }},
		{[]string{"p"}, nil, func(hs *harness) bool { return hs.m.table().preview.shown }}, // forced at 100 columns
		{[]string{"tab"}, []string{"/", "t", "y"}, func(hs *harness) bool {
			return viewIn[*filterView](hs.m, stateFilter).input.Value() == "type:"
		}},
		{[]string{"enter"}, nil, inState(stateDetail)},
		{[]string{"J"}, []string{"enter"}, func(hs *harness) bool { return viewIn[*detailView](hs.m, stateDetail).raw }},
		{[]string{"o"}, nil, func(hs *harness) bool { return strings.HasPrefix(hs.m.message, "opening ") }},
		{[]string{"f"}, nil, func(hs *harness) bool {
			return strings.HasPrefix(hs.m.message, "following ") || strings.HasPrefix(hs.m.message, "nothing to follow")
		}},
		{[]string{"v"}, nil, inState(stateViews)},
		{[]string{"V"}, nil, inState(stateSaveView)},
		{[]string{"C"}, nil, inState(stateColumns)},
		{[]string{"K"}, []string{"C", "j"}, func(hs *harness) bool {
			return viewIn[*columnPanel](hs.m, stateColumns).names[0] == "type"
		}},
		{[]string{"d"}, []string{"C", "space"}, func(hs *harness) bool {
			return viewIn[*columnPanel](hs.m, stateColumns).shown[0]
		}},
		{[]string{"O"}, nil, func(hs *harness) bool { return strings.HasPrefix(hs.m.message, "opening ") }},
		{[]string{"1"}, []string{"enter"}, func(hs *harness) bool { return hs.m.message == "opening "+hrefPaid+" …" }},
		{[]string{"9"}, []string{"enter"}, func(hs *harness) bool { return hs.m.message == "this event has 2 link(s), not 9" }},
		{[]string{"y"}, nil, func(hs *harness) bool { return strings.HasPrefix(hs.m.message, "copied ") }},
		{[]string{"r"}, nil, func(hs *harness) bool { return hs.m.load.loading && hs.m.load.gen == 1 }},
		{[]string{"E"}, nil, inState(stateFailures)},
		{[]string{"e"}, nil, func(hs *harness) bool { return hs.m.message == "exporting…" }},
		{[]string{"esc"}, []string{"enter"}, inState(stateTable)},
		{[]string{"?"}, nil, func(hs *harness) bool { return (hs.m.helpPage > 0) }},
		{[]string{"q", "ctrl+c"}, nil, func(hs *harness) bool { return hs.m.load.ctx.Err() != nil }},
	}
	names := map[string]string{"↑": "up", "↓": "down", "pgdn": "pgdown"}
	tested := map[string]bool{}
	for _, tt := range tests {
		for _, k := range tt.keys {
			tested[k] = true
			t.Run(k, func(t *testing.T) {
				hs := newHarness(t, 100, 30, append(fixtureBatches(t), failed)...)
				hs.at(0)
				hs.press(tt.setup...)
				key := k
				if n, ok := names[k]; ok {
					key = n
				}
				hs.press(key)
				if !tt.does(hs) {
					t.Errorf("%s after %v did not do what the README says", k, tt.setup)
				}
			})
		}
	}
	for k := range documented {
		if strings.Contains(k, "text") || strings.Contains(k, "•") || strings.Contains(k, "events-") {
			continue // !text, the new-event glyph, the export's name
		}
		if k == "space" || k == "a" || k == "ctrl+z" {
			continue // the panels' keys, pressed in types_test.go; ctrl+z in TestCtrlZSuspends
		}
		if !tested[k] {
			t.Errorf("the README documents %q, which this test does not press", k)
		}
	}
}

// TestREADMEKeysInHelp checks that every key of the README's key table is
// listed in the full help (?) of some view, by the name the README uses,
// and that every key a view's help lists is in the README: the screen and
// the README name the same keys (issue 23, item 16).
func TestREADMEKeysInHelp(t *testing.T) {
	documented := readmeKeys(t)
	hs := newFixture(t)
	shown := map[string]bool{}
	for _, r := range registry {
		for _, e := range fullHelpEntries(hs.m.views[r.state].FullHelp()) {
			if strings.Contains(e.key, " ") {
				continue // a prompt's example, not a key
			}
			for _, k := range helpKeyNames(e.key) {
				shown[k] = true
			}
		}
	}
	// What the help spells otherwise, or shows as a pair of arrows.
	readmeNames := map[string][]string{"1-9": {"1", "9"}, "↑↓": {"↑", "↓"}, "jk": {"j", "k"}}
	for k := range shown {
		for _, n := range readmeNames[k] {
			shown[n] = true
		}
	}
	for k := range documented {
		if !shown[k] {
			t.Errorf("the README documents %q, which no view's help lists", k)
		}
	}
	// The panels' keys, which the t row describes, and the mouse's.
	elsewhere := map[string]bool{"space": true, "a": true, "shift+drag": true, "↑↓": true, "jk": true, "1-9": true}
	for k := range shown {
		if !documented[k] && !elsewhere[k] {
			t.Errorf("a view's help lists %q, which the README's key table does not", k)
		}
	}
}

// readmeKeys is every key named in the first column of the README's key
// table.
func readmeKeys(t *testing.T) map[string]bool {
	t.Helper()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	table := regexp.MustCompile("(?s)### Keys\n\n(.*?)\n\n").FindSubmatch(readme)
	if table == nil {
		t.Fatal("README.md has no key table under ### Keys")
	}
	documented := map[string]bool{}
	for _, row := range strings.Split(string(table[1]), "\n")[2:] {
		cell := strings.SplitN(row, "|", 3)[1]
		for _, k := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(cell, -1) {
			documented[k[1]] = true
		}
	}
	return documented
}

// helpKeyNames splits a help key ("pgup/ctrl+u", "[/]", "/") into the
// names of its keys.
func helpKeyNames(k string) []string {
	if k == "/" {
		return []string{k}
	}
	return strings.Split(k, "/")
}
