package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// newViewsHarness is the fixture at 100×30 with mod applied to its
// configuration, the cursor on the first row.
func newViewsHarness(t *testing.T, mod func(*Config)) *harness {
	t.Helper()
	hs := newHarnessWith(t, 100, 30, mod, fixtureBatches(t)...)
	hs.m.List().SetCursor(0)
	return hs
}

// rows are the IDs of the events the view shows, in order.
func (hs *harness) rows() []int {
	l := hs.m.List()
	ids := make([]int, l.Len())
	for i := range ids {
		ids[i] = l.IDAt(i)
	}
	return ids
}

// TestSaveViewAndOpenIt: V saves the query, sort and columns under a
// name, through Config.SaveView in a command; v lists it, and enter
// brings back the same rows.
func TestSaveViewAndOpenIt(t *testing.T) {
	var saved []SavedView
	hs := newViewsHarness(t, func(c *Config) {
		c.SaveView = func(v SavedView) error { saved = append(saved, v); return nil }
		c.Views = []SavedView{{Name: "all"}}
	})
	hs.press("/")
	hs.typeText("payment")
	hs.press("enter", "S")
	want := hs.rows()
	if len(want) < 2 || len(want) == hs.m.List().Total() {
		t.Fatalf("the query shows %d of %d events", len(want), hs.m.List().Total())
	}
	hs.press("V")
	if hs.m.state != stateSaveView {
		t.Fatalf("V opened %q", hs.m.state)
	}
	hs.typeText("pay")
	cmd := hs.press("enter")
	if cmd == nil || len(saved) != 0 {
		t.Fatal("enter saved at once, or not at all: the save is a command")
	}
	hs.m.Update(cmd())
	if len(saved) != 1 || saved[0].Name != "pay" || saved[0].Query != "payment" || saved[0].Sort != "created" {
		t.Fatalf("saved %+v", saved)
	}
	if !strings.Contains(hs.status(), "saved view pay") {
		t.Errorf("status %q", hs.status())
	}
	hs.press("esc", "S") // clear the query, sort the other way
	if slices.Equal(hs.rows(), want) {
		t.Fatal("the rows did not change")
	}
	hs.press("v")
	if s := hs.view(); !strings.Contains(s, "▸ all") || !strings.Contains(s, "  pay ") {
		t.Fatalf("v does not list the views:\n%s", s)
	}
	hs.press("down", "enter")
	if got := hs.rows(); !slices.Equal(got, want) || hs.m.state != stateTable {
		t.Errorf("the view reopened to %v, want %v", got, want)
	}
	if !strings.Contains(hs.status(), "view pay") {
		t.Errorf("status %q", hs.status())
	}
}

// TestSaveViewFails: a save that fails says why, and lists nothing.
func TestSaveViewFails(t *testing.T) {
	hs := newViewsHarness(t, func(c *Config) {
		c.SaveView = func(SavedView) error { return errors.New("cannot write [views.x] into c.toml: edit it by hand") }
	})
	hs.press("V")
	hs.typeText("x")
	hs.m.Update(hs.press("enter")())
	if !strings.Contains(hs.status(), "view not saved: cannot write [views.x] into c.toml: edit it by hand") || len(hs.m.cfg.Views) != 0 {
		t.Errorf("status %q, views %v", hs.status(), hs.m.cfg.Views)
	}
	hs.press("v")
	if !strings.Contains(hs.view(), "none yet") {
		t.Errorf("v with no views:\n%s", hs.view())
	}
}

// TestProfileShown: the profile and mode are in the window title and the
// status line, which never cuts them.
func TestProfileShown(t *testing.T) {
	hs := newViewsHarness(t, func(c *Config) { c.Profile = "shop-nl · live" })
	if v := hs.m.View(); !strings.HasSuffix(v.WindowTitle, " — shop-nl · live") {
		t.Errorf("title %q", v.WindowTitle)
	}
	hs.m.say(strings.Repeat("a long message ", 20))
	if st := hs.status(); !strings.HasPrefix(st, "shop-nl · live · ") {
		t.Errorf("status %q", st)
	}
}

// TestViewColumns: a view's columns choose and order the table's.
func TestViewColumns(t *testing.T) {
	hs := newViewsHarness(t, func(c *Config) { c.Columns = []string{"message", "created"} })
	header := strings.Split(hs.view(), "\n")[0]
	m, c := strings.Index(header, "MESSAGE"), strings.Index(header, "CREATED")
	if m < 0 || c < m || strings.Contains(header, "TYPE") {
		t.Errorf("header %q", header)
	}
}
