package ui

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/eventbrowser/eventbrowser/source"
)

// shownColumns are the names of the columns the table draws.
func shownColumns(hs *harness) []string {
	var names []string
	for _, c := range hs.m.table().columns() {
		names = append(names, c.name)
	}
	return names
}

func panelOf(hs *harness) *columnPanel { return viewIn[*columnPanel](hs.m, stateColumns) }

// TestColumnPanelKeys: C lists the shown columns ticked and first, then
// the others; space, K and J change what enter puts in force; esc leaves
// the table as it was; d ticks the default ones again.
func TestColumnPanelKeys(t *testing.T) {
	defaults := []string{"created", "type", "message", "source"} // the fixture has two sources
	for _, tt := range []struct {
		name  string
		keys  []string
		want  []string // the table's columns after
		state state
	}{
		{"opens", []string{"C"}, defaults, stateColumns},
		{"esc changes nothing", []string{"C", "space", "j", "K", "esc"}, defaults, stateTable},
		{"space hides", []string{"C", "j", "space", "enter"}, []string{"created", "message", "source"}, stateTable},
		{"space shows, at its place", []string{"C", "G", "k", "k", "k", "space", "enter"},
			[]string{"created", "type", "message", "source", "failure"}, stateTable},
		{"K moves up", []string{"C", "j", "j", "K", "enter"}, []string{"created", "message", "type", "source"}, stateTable},
		{"J moves down", []string{"C", "J", "J", "J", "enter"}, []string{"type", "message", "source", "created"}, stateTable},
		{"K at the top stays", []string{"C", "K", "enter"}, defaults, stateTable},
		{"a hidden column moved up and shown", []string{"C", "j", "j", "j", "j", "space", "K", "K", "K", "enter"},
			[]string{"created", "link", "type", "message", "source"}, stateTable},
		{"nothing ticked stays open", []string{"C", "space", "j", "space", "j", "space", "j", "space", "enter"}, defaults, stateColumns},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hs := newFixture(t)
			hs.press(tt.keys...)
			if hs.m.state != tt.state {
				t.Errorf("state %q, want %q", hs.m.state, tt.state)
			}
			if tt.state == stateColumns {
				return
			}
			if got := shownColumns(hs); !slices.Equal(got, tt.want) {
				t.Errorf("columns %q, want %q", got, tt.want)
			}
		})
	}
}

// TestColumnPanelLists: every column is listed once, the shown first and
// ticked; "nothing ticked" says so; d ticks the defaults again and
// applies them as none chosen, so that V saves no columns.
func TestColumnPanelLists(t *testing.T) {
	hs := newFixture(t)
	hs.press("C")
	p := panelOf(hs)
	if len(p.names) != len(ColumnNames)-1 || !slices.Equal(p.names[:4], []string{"created", "type", "message", "source"}) ||
		!slices.Equal(p.shown[:5], []bool{true, true, true, true, false}) {
		t.Errorf("listed %q %v; want the %d columns but delivery, the shown first", p.names, p.shown, len(ColumnNames)-1)
	}
	if slices.Contains(p.names, "delivery") {
		t.Error("delivery listed outside eventbrowser listen")
	}
	hs.press("space", "j", "space", "j", "space", "j", "space", "enter")
	if !strings.Contains(hs.status(), "tick a column") {
		t.Errorf("status %q", hs.status())
	}
	hs.press("d")
	if !slices.Equal(p.shown[:5], []bool{true, true, true, true, false}) {
		t.Errorf("d: %v", p.shown)
	}
	hs.press("G", "space", "enter", "C", "d", "enter")
	if hs.m.table().colNames != nil || !strings.Contains(hs.status(), "the default ones") {
		t.Errorf("d then enter: %q, status %q", hs.m.table().colNames, hs.status())
	}
	// The panel says what each column shows.
	hs.press("C")
	if v := hs.view(); !strings.Contains(v, "[x] created      when the event happened") || !strings.Contains(v, "[ ] amount       the object's amount *") {
		t.Errorf("panel:\n%s", v)
	}
}

// TestColumnsFetchTheRowsResources: a resource's column chosen in C has
// the table fetch its rows' resources, as --expand does, and show them.
func TestColumnsFetchTheRowsResources(t *testing.T) {
	f := &fakeFetcher{bodies: map[string]string{hrefPaid: failedPayment}}
	hs := newResourceHarness(t, f, false)
	if hs.m.res.expand || f.count(hrefPaid) != 0 {
		t.Fatal("fetching rows before a column asks")
	}
	hs.press("C")
	// id, then amount and failure, after message.
	for range 5 {
		hs.press("j")
	}
	hs.press("space", "j", "j", "space", "j", "j", "space")
	cmd := hs.press("enter")
	if !hs.m.res.expand {
		t.Fatal("amount shown, and the rows' resources not asked for")
	}
	urls := map[string]bool{}
	for e := range hs.m.List().All() {
		if u := hs.m.res.first(e); u != "" {
			urls[u] = true
		}
	}
	hs.deliver(t, cmd, len(urls))
	row := ansi.Strip(strings.Split(hs.view(), "\n")[1])
	for _, want := range []string{"tr_9fLm2QwZkE", "EUR 49.95", "authenticat"} {
		if !strings.Contains(row, want) {
			t.Errorf("row %q lacks %q", row, want)
		}
	}
	if head := ansi.Strip(strings.Split(hs.view(), "\n")[0]); !strings.Contains(head, "ID") || !strings.Contains(head, "AMOUNT") || !strings.Contains(head, "FAILURE") {
		t.Errorf("header %q", head)
	}
}

// TestColumnsSavedWithTheView: V saves the columns C chose, and opening
// the view brings them back.
func TestColumnsSavedWithTheView(t *testing.T) {
	var saved []SavedView
	hs := newViewsHarness(t, func(c *Config) {
		c.SaveView = func(v SavedView) error { saved = append(saved, v); return nil }
	})
	hs.press("C", "j", "space", "enter", "V")
	hs.typeText("notype")
	hs.m.Update(hs.press("enter")())
	if len(saved) != 1 || !slices.Equal(saved[0].Columns, []string{"created", "message", "source"}) {
		t.Fatalf("saved %+v", saved)
	}
	hs.press("C", "d", "enter")
	if slices.Contains(shownColumns(hs), "type") == false {
		t.Fatal("d did not bring the type back")
	}
	hs.press("v", "enter")
	if got := shownColumns(hs); !slices.Equal(got, []string{"created", "message", "source"}) {
		t.Errorf("the view opened with %q", got)
	}
}

// TestChosenColumnsFitTheWidth: every column chosen, from 40 to 200
// cells, no line of the table is wider than the screen; the columns that
// do not fit are the rightmost, as the user ranked them, and the message
// (third) keeps at least minMessage cells from 60 cells up.
func TestChosenColumnsFitTheWidth(t *testing.T) {
	all := slices.DeleteFunc(slices.Clone(ColumnNames), func(s string) bool { return s == "delivery" })
	for _, w := range []int{40, 60, 80, 100, 120, 160, 200} {
		hs := newHarnessWith(t, w, 24, func(c *Config) { c.Columns = all }, fixtureBatches(t)...)
		for i, line := range strings.Split(hs.view(), "\n") {
			if lw := ansi.StringWidth(line); lw > w {
				t.Errorf("width %d: line %d is %d wide: %q", w, i, lw, line)
			}
		}
		cols := hs.m.table().columns()
		for i, c := range cols {
			if c.name != all[i] {
				t.Errorf("width %d: column %d is %s, want %s", w, i, c.name, all[i])
			}
		}
		if i := slices.IndexFunc(cols, func(c column) bool { return c.name == "message" }); w >= 60 && (i < 0 || cols[i].width < minMessage) {
			t.Errorf("width %d: the message lost its column: %+v", w, cols)
		}
	}
}

// TestGoldenColumns renders the table with chosen columns, a resource's
// among them, and the C panel, at 80×24, 100×30 and 200×50.
func TestGoldenColumns(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {100, 30}, {200, 50}} {
		for _, tt := range []struct {
			name string
			keys []string
		}{
			{"table", nil},
			{"panel", []string{"C", "j", "j", "j", "j", "j", "space", "K"}},
		} {
			name := fmt.Sprintf("%s_%dx%d", tt.name, size.w, size.h)
			t.Run(name, func(t *testing.T) { goldenColumns(t, size.w, size.h, tt.keys) })
		}
	}
}

var fetchedStatus = regexp.MustCompile(`(;13H|10 events · )sort created`)

// goldenColumns is goldenScreen with the columns a spreadsheet user asks
// for, once the failed payment's resource has arrived.
func goldenColumns(t *testing.T, w, h int, keyList []string) {
	t.Helper()
	cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, &opener{})
	cfg.Columns = []string{"created", "id", "amount", "method", "failure", "message"}
	cfg.Resources = &fakeFetcher{bodies: map[string]string{hrefPaid: failedPayment}}
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(w, h))
	// Once the last fetch is done, the status line is written again from
	// where "fetching linked …" was, or whole (a frame drawn anew), or was
	// never written with it.
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		if !bytes.Contains(b, []byte("EUR 49.95")) {
			return false
		}
		i := bytes.LastIndex(b, []byte("fetching linked"))
		return i < 0 || fetchedStatus.Match(b[i:])
	},
		teatest.WithDuration(waitFor), teatest.WithCheckInterval(10*time.Millisecond))
	for _, k := range keyList {
		tm.Send(keyMsg(k))
	}
	tm.Send(keyMsg("ctrl+c"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(waitFor)).(*Model)
	if final.Err() != nil {
		t.Fatalf("Err() = %v", final.Err())
	}
	golden.RequireEqual(t, []byte(screen(final)))
}

// TestCopyViewAsCommandWithColumns: X copies the chosen columns as
// --columns, so that the command prints what the table shows.
func TestCopyViewAsCommandWithColumns(t *testing.T) {
	hs := newFixture(t)
	hs.press("C", "j", "space", "enter")
	text, ok := copied(hs.press("X"))
	if want := "eventbrowser --sort '-created' --columns created,message,source"; !ok || !strings.HasPrefix(text, want) {
		t.Errorf("X copied %q, want it to start %q", text, want)
	}
	hs.press("C", "d", "enter")
	if text, _ := copied(hs.press("X")); strings.Contains(text, "--columns") {
		t.Errorf("X copied %q with the default columns", text)
	}
}

// TestColumnsWithoutKey: a resource's column chosen where resources are
// neither held nor fetchable says so once in the status line, rather than
// staying silently empty.
func TestColumnsWithoutKey(t *testing.T) {
	hs := newResourceHarness(t, source.NewHeld(nil), false)
	hs.press("C", "G", "k", "k", "k", "k", "k", "space") // amount
	cmd := hs.press("enter")
	hs.deliver(t, cmd, 1)
	if want := "amount: set MOLLIE_API_KEY to fetch the linked resources"; !strings.Contains(hs.status(), want) {
		t.Errorf("status %q, want %q", hs.status(), want)
	}
}
