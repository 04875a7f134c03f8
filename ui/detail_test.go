package ui

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Positions of fixture events in the default sort, newest first.
const (
	posPaid2Links = 0 // Payment tr_9fLm2QwZkE paid: url and checkout links
	posRefundJS   = 2 // Refund re_4qqhO89gsT processed: a javascript: url
	posMultiline  = 3 // Subscription created, a two-line message
	posNoLinks    = 6 // Payment tr_Hq8PcBsCJg failed: no links
)

const (
	hrefPaid     = "https://api.mollie.com/v2/payments/tr_9fLm2QwZkE"
	hrefCheckout = "https://www.mollie.com/checkout/select-method/9fLm2QwZkE"
	hrefJS       = "javascript:alert(document.cookie)"
)

// at moves the cursor to position i of the view.
func (hs *harness) at(i int) *harness {
	hs.m.List().SetCursor(i)
	return hs
}

func TestDetailOpensAndCloses(t *testing.T) {
	hs := newFixture(t).at(posMultiline)
	hs.press("enter")
	if hs.m.state != stateDetail {
		t.Fatalf("enter: state %v, want detail", hs.m.state)
	}
	view := trimLines(hs.m.View())
	for _, want := range []string{
		"Event 4 of 10",
		"Type      400",
		"Created   2024-06-01 08:00:00 UTC  (9d ago, sent as 2024-06-01T08:00:00Z)",
		"Source    cst_8wmqcHMN4U",
		"Subscription sub_rVKGtNd6s3 created\nFirst charge of EUR 25.00", // the newline kept
		"1  url  https://www.mollie.com/dashboard/org_1/subscriptions/sub_rVKGtNd6s3  text/html",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("detail view lacks %q:\n%s", want, view)
		}
	}

	hs.press("J")
	view = trimLines(hs.m.View())
	if !strings.Contains(view, "Event 4 of 10 · raw JSON") || !strings.Contains(view, `"createdAt": "2024-06-01T08:00:00Z"`) {
		t.Errorf("J did not show the raw JSON:\n%s", view)
	}
	if !strings.Contains(view, `created\nFirst charge`) {
		t.Errorf("raw JSON does not show the newline escaped:\n%s", view)
	}
	hs.press("J")
	if view := hs.m.View(); strings.Contains(view, "· raw JSON") || !strings.Contains(view, "Type      400") {
		t.Errorf("second J did not go back to the fields:\n%s", view)
	}

	hs.press("esc")
	if hs.m.state != stateTable {
		t.Fatalf("esc: state %v, want table", hs.m.state)
	}
	if got := hs.m.List().Cursor(); got != posMultiline {
		t.Errorf("cursor moved to %d while in detail, want %d", got, posMultiline)
	}
}

func TestDetailUnsafeLinkIsMarked(t *testing.T) {
	hs := newFixture(t).at(posRefundJS)
	hs.press("enter")
	// At 100 columns the reason wraps onto a second line.
	if view := trimLines(hs.m.View()); !strings.Contains(view, "1  url  "+hrefJS+"  text/html  (not openable: javascript: links are not\nopened, only http and https)") {
		t.Errorf("the javascript: link is not marked as not openable:\n%s", view)
	}
}

func TestDetailScrolls(t *testing.T) {
	hs := newHarness(t, 80, 8, fixtureBatches(t)...).at(posPaid2Links)
	hs.press("enter")
	vp := &hs.m.detail.vp
	if vp.YOffset != 0 {
		t.Fatalf("detail opens scrolled to %d", vp.YOffset)
	}
	for _, s := range []struct {
		key  string
		want func() bool
	}{
		{"j", func() bool { return vp.YOffset == 1 }},
		{"down", func() bool { return vp.YOffset == 2 }},
		{"k", func() bool { return vp.YOffset == 1 }},
		{"G", func() bool { return vp.AtBottom() }},
		{"g", func() bool { return vp.AtTop() }},
		{"end", func() bool { return vp.AtBottom() }},
		{"home", func() bool { return vp.AtTop() }},
		{"pgdown", func() bool { return vp.YOffset == vp.Height || vp.AtBottom() }},
		{"pgup", func() bool { return vp.AtTop() }},
	} {
		hs.press(s.key)
		if !s.want() {
			t.Errorf("after %s: offset %d of %d lines", s.key, vp.YOffset, vp.TotalLineCount())
		}
	}
	if got := hs.m.List().Cursor(); got != posPaid2Links {
		t.Errorf("scrolling the detail moved the table cursor to %d", got)
	}
}

func TestOpenLink(t *testing.T) {
	tests := []struct {
		name   string
		pos    int
		keys   []string
		want   string // the URL opened, "" for none
		status string
	}{
		{"o in table", posPaid2Links, []string{"o"}, hrefPaid, "opening " + hrefPaid + " …"},
		{"o in detail", posPaid2Links, []string{"enter", "o"}, hrefPaid, "opening " + hrefPaid + " …"},
		{"1 in detail", posPaid2Links, []string{"enter", "1"}, hrefPaid, "opening " + hrefPaid + " …"},
		{"2 in detail", posPaid2Links, []string{"enter", "2"}, hrefCheckout, "opening " + hrefCheckout + " …"},
		{"3 of 2 links", posPaid2Links, []string{"enter", "3"}, "", "this event has 2 link(s), not 3"},
		{"9 of 2 links", posPaid2Links, []string{"enter", "9"}, "", "this event has 2 link(s), not 9"},
		{"digit in table does nothing", posPaid2Links, []string{"2"}, "", ""},
		{"javascript: in table", posRefundJS, []string{"o"}, "", "not opened: javascript: links are not opened, only http and https"},
		{"javascript: in detail", posRefundJS, []string{"enter", "1"}, "", "not opened: javascript: links are not opened, only http and https"},
		{"no links", posNoLinks, []string{"o"}, "", "this event has no links"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newFixture(t).at(tt.pos)
			cmd := hs.press(tt.keys...)
			if !strings.Contains(hs.status(), tt.status) {
				t.Errorf("status %q does not say %q", hs.status(), tt.status)
			}
			if tt.want == "" {
				if cmd != nil {
					t.Errorf("returned a command (%T), want none", cmd())
				}
				if len(hs.open.urls) > 0 {
					t.Errorf("opened %q", hs.open.urls)
				}
				return
			}
			if cmd == nil {
				t.Fatal("returned no command")
			}
			if len(hs.open.urls) > 0 {
				t.Fatal("opened the link inside Update, not in the command")
			}
			msg := cmd()
			if got, want := msg, (linkOpenedMsg{url: tt.want}); got != want {
				t.Errorf("cmd() = %#v, want %#v", got, want)
			}
			if len(hs.open.urls) != 1 || hs.open.urls[0] != tt.want {
				t.Errorf("Open called with %q, want exactly [%q]", hs.open.urls, tt.want)
			}
			hs.m.Update(msg)
			if want := "opened " + tt.want; !strings.Contains(hs.status(), want) {
				t.Errorf("status %q does not say %q", hs.status(), want)
			}
		})
	}
}

func TestOpenLinkFails(t *testing.T) {
	hs := newFixture(t)
	hs.open.err = errors.New("no browser found")
	cmd := hs.press("o")
	if cmd == nil {
		t.Fatalf("o returned no command; status %q", hs.status())
	}
	hs.m.Update(cmd())
	if want := "could not open " + hrefPaid + ": no browser found"; !strings.Contains(hs.status(), want) {
		t.Errorf("status %q does not say %q", hs.status(), want)
	}
}

func TestOpenedMessageIsSanitized(t *testing.T) {
	hs := newFixture(t)
	hs.m.Update(linkOpenedMsg{url: "https://example.com/\x1b]52;c;ZXZpbA==\x07x"})
	if s := hs.status(); strings.ContainsRune(s, '\x1b') || !strings.Contains(s, "opened https://example.com/x") {
		t.Errorf("status %q", s)
	}
}

func TestCopyLink(t *testing.T) {
	tests := []struct {
		name string
		pos  int
		keys []string
		want string
	}{
		{"y in table", posPaid2Links, []string{"y"}, hrefPaid},
		{"y in detail", posPaid2Links, []string{"enter", "y"}, hrefPaid},
		{"y on the multi-line event", posMultiline, []string{"y"}, "https://www.mollie.com/dashboard/org_1/subscriptions/sub_rVKGtNd6s3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newFixture(t).at(tt.pos)
			cmd := hs.press(tt.keys...)
			if cmd == nil {
				t.Fatal("returned no command")
			}
			if hs.clip.Len() > 0 {
				t.Fatal("wrote the clipboard inside Update, not in the command")
			}
			msg := cmd()
			if got, want := msg, (copiedMsg{text: tt.want}); got != want {
				t.Errorf("cmd() = %#v, want %#v", got, want)
			}
			seq := hs.clip.String()
			body, ok := strings.CutPrefix(seq, "\x1b]52;c;")
			if !ok {
				t.Fatalf("clipboard got %q, want an OSC 52 sequence", seq)
			}
			body, ok = strings.CutSuffix(body, "\a")
			if !ok {
				t.Fatalf("OSC 52 sequence %q does not end with BEL", seq)
			}
			text, err := base64.StdEncoding.DecodeString(body)
			if err != nil || string(text) != tt.want {
				t.Errorf("OSC 52 carries %q (%v), want %q", text, err, tt.want)
			}
			hs.m.Update(msg)
			if want := "copied " + tt.want + " (OSC 52)"; !strings.Contains(hs.status(), want) {
				t.Errorf("status %q does not say %q", hs.status(), want)
			}
		})
	}
	t.Run("no links", func(t *testing.T) {
		hs := newFixture(t).at(posNoLinks)
		if cmd := hs.press("y"); cmd != nil {
			t.Errorf("returned a command (%T), want none", cmd())
		}
		if hs.clip.Len() > 0 {
			t.Errorf("wrote %q to the clipboard", hs.clip.String())
		}
		if !strings.Contains(hs.status(), "nothing to copy") {
			t.Errorf("status %q does not say why nothing was copied", hs.status())
		}
	})
}

func TestCopyFails(t *testing.T) {
	hs := newFixture(t)
	hs.m.Update(copiedMsg{err: errors.New("write /dev/tty: broken pipe")})
	if want := "could not copy: write /dev/tty: broken pipe"; !strings.Contains(hs.status(), want) {
		t.Errorf("status %q does not say %q", hs.status(), want)
	}
}

func TestMessageLastsUntilNextKey(t *testing.T) {
	note := "b.json: 1 of 2 customers have no \"events\" field"
	b := fixtureBatches(t)
	b[1].Notes = []string{note}
	hs := newHarness(t, 100, 30, b...).at(posNoLinks)
	if !strings.Contains(hs.status(), note) {
		t.Fatalf("status %q does not show the note", hs.status())
	}
	hs.press("o")
	if s := hs.status(); !strings.Contains(s, "this event has no links") || strings.Contains(s, note) {
		t.Errorf("status %q: want the key's message in place of the note", s)
	}
	hs.m.Update(tea.KeyMsg{Type: tea.KeyDown})
	if s := hs.status(); strings.Contains(s, "no links") || !strings.Contains(s, note) {
		t.Errorf("status %q: want the note back after the next key", s)
	}
}
