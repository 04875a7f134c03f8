package ui

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
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
	hs.m.layout() // as after the key that would have moved it
	return hs
}

func TestDetailOpensAndCloses(t *testing.T) {
	hs := newFixture(t).at(posMultiline)
	hs.press("enter")
	if hs.m.state != stateDetail {
		t.Fatalf("enter: state %v, want detail", hs.m.state)
	}
	view := trimLines(hs.view())
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
	view = trimLines(hs.view())
	if !strings.Contains(view, "Event 4 of 10 · raw JSON") || !strings.Contains(view, `"createdAt": "2024-06-01T08:00:00Z"`) {
		t.Errorf("J did not show the raw JSON:\n%s", view)
	}
	if !strings.Contains(view, `created\nFirst charge`) {
		t.Errorf("raw JSON does not show the newline escaped:\n%s", view)
	}
	hs.press("J")
	if view := hs.view(); strings.Contains(view, "· raw JSON") || !strings.Contains(view, "Type      400") {
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
	if view := trimLines(hs.view()); !strings.Contains(view, "1  url  "+hrefJS+"  text/html  (not openable: javascript: links are not\nopened, only http and https)") {
		t.Errorf("the javascript: link is not marked as not openable:\n%s", view)
	}
}

func TestDetailScrolls(t *testing.T) {
	hs := newHarness(t, 80, 8, fixtureBatches(t)...).at(posPaid2Links)
	hs.press("enter")
	d := viewIn[*detailView](hs.m, stateDetail)
	if d.top != 0 {
		t.Fatalf("detail opens scrolled to %d", d.top)
	}
	for _, s := range []struct {
		key  string
		want func() bool
	}{
		{"j", func() bool { return d.top == 1 }},
		{"down", func() bool { return d.top == 2 }},
		{"k", func() bool { return d.top == 1 }},
		{"G", func() bool { return d.atBottom() && d.top > 0 }},
		{"g", func() bool { return d.atTop() }},
		{"end", func() bool { return d.atBottom() }},
		{"home", func() bool { return d.atTop() }},
		{"pgdown", func() bool { return d.top == d.height || d.atBottom() }},
		{"pgup", func() bool { return d.atTop() }},
	} {
		hs.press(s.key)
		if !s.want() {
			t.Errorf("after %s: offset %d of %d lines", s.key, d.top, len(d.lines))
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
			text, ok := copied(cmd)
			if !ok || text != tt.want {
				t.Errorf("the command copies %q (%v), want %q through the renderer", text, ok, tt.want)
			}
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
		if !strings.Contains(hs.status(), "nothing to copy") {
			t.Errorf("status %q does not say why nothing was copied", hs.status())
		}
	})
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
	hs.press("down")
	if s := hs.status(); strings.Contains(s, "no links") || !strings.Contains(s, note) {
		t.Errorf("status %q: want the note back after the next key", s)
	}
}

// hyperlinked returns the OSC 8 hyperlink of text to url.
func hyperlinked(url, text string) string {
	return ansi.SetHyperlink(url) + text + ansi.ResetHyperlink()
}

func TestDetailHyperlinks(t *testing.T) {
	long := "https://www.mollie.com/dashboard/org_1/payments/" + strings.Repeat("tr_7UhSN1zuXS", 8)
	e := hugeEvent("Payment paid")
	e.Links = []model.Link{
		{Name: "url", Href: hrefPaid},
		{Name: "js", Href: hrefJS},
		{Name: "space", Href: "https://example.com/a b"},
		{Name: "esc", Href: "https://example.com/\x1b]8;;https://evil.example\x1b\\x"},
		{Name: "long", Href: long},
	}
	for _, tt := range []struct {
		term string
		want int // hyperlinks on screen
	}{{"xterm-256color", 3}, {"", 0}, {"dumb", 0}} {
		t.Run("TERM="+tt.term, func(t *testing.T) {
			cfg := testConfig(fakeSource{}, &opener{})
			cfg.Getenv = envOf("TERM", tt.term)
			m := New(cfg)
			m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
			m.Update(batchMsg{batch: source.Batch{Chunks: chunks(e)}})
			m.Update(keyMsg("enter"))
			view := m.View().Content // colours and links as they are
			if got := strings.Count(view, "\x1b]8;;"); got != 2*tt.want {
				t.Errorf("%d OSC 8 sequences, want %d (an opening and a closing for each link piece):\n%q", got, 2*tt.want, view)
			}
			if tt.want == 0 {
				return
			}
			if !strings.Contains(view, "1  url  "+hyperlinked(hrefPaid, hrefPaid)+" ") {
				t.Errorf("the https link is not a hyperlink:\n%q", view)
			}
			// The long URL wraps: each line links its own part, opened
			// and closed on that line.
			for _, line := range strings.Split(view, "\n") {
				if n := strings.Count(line, "\x1b]8;;"); n%2 != 0 {
					t.Errorf("a hyperlink is left open at the end of %q", line)
				}
			}
			first, rest := long[:100], long[100:]
			if !strings.Contains(view, "\n"+hyperlinked(long, first)+"\n"+hyperlinked(long, rest)+" ") {
				t.Errorf("the two lines of the long URL do not each link to the whole URL:\n%q", view)
			}
			for _, bad := range []string{"javascript:", "example.com/a b", "evil.example"} {
				if strings.Contains(view, "\x1b]8;;"+bad) || strings.Contains(view, bad+"\x1b]8") {
					t.Errorf("%q became part of a hyperlink:\n%q", bad, view)
				}
			}
			if !strings.Contains(ansi.Strip(view), "4  esc  https://example.com/x  (not openable") {
				t.Errorf("the href with escapes is not shown sanitized:\n%s", ansi.Strip(view))
			}
		})
	}
}

func TestDetailShowsA5MBMessage(t *testing.T) {
	msg := "BEGIN " + hugeMessage(5<<20, true) + " END"
	m := loadedModel(t, 100, 30, hugeEvent(msg))
	t.Cleanup(m.Close)
	lines := func() []string { return strings.Split(trimLines(screen(m)), "\n") }
	fits := func() {
		t.Helper()
		for i, l := range lines() {
			if w := ansi.StringWidthWc(l); w > 100 {
				t.Fatalf("line %d is %d cells wide: %q", i, w, l)
			}
		}
		if n := len(lines()); n != 30 {
			t.Fatalf("the view has %d lines, want 30", n)
		}
	}
	m.Update(keyMsg("enter"))
	fits()
	// The first line of the message, wrapped at the last space that fits.
	first, _, _ := strings.Cut(cells.SanitizeText(msg), "\n")
	want := first[:strings.LastIndexByte(first[:101], ' ')]
	if v := lines(); v[7] != "Message" || v[8] != want {
		t.Errorf("the message starts with\n%q\n%q\nwant\n%q\n%q", v[7], v[8], "Message", want)
	}
	m.Update(keyMsg("G"))
	fits()
	v := strings.Join(lines(), "\n")
	if !strings.Contains(v, " END\n\nLinks\n1  url  https://example.com/x  text/html\n") {
		t.Errorf("G does not show the end of the message and the links:\n%s", v)
	}
	bottom := lines()[:28] // the body is 28 lines, then the status and the help
	m.Update(keyMsg("k"))
	if body := lines()[:28]; !slices.Equal(body[1:], bottom[:27]) {
		t.Errorf("k from the bottom did not scroll a line up:\n%s", strings.Join(body, "\n"))
	}
	m.Update(keyMsg("J"))
	m.Update(keyMsg("G"))
	fits()
	if v := strings.Join(lines(), "\n"); !strings.Contains(v, ` END",`) || !strings.Contains(v, `"href": "https://example.com/x"`) {
		t.Errorf("the raw JSON does not end with the message's end and the links:\n%s", v)
	}
}

func TestDetailRawRevealsControls(t *testing.T) {
	e := hugeEvent("red \x1b[31malert\x07 \u202eevil\u009b2J")
	m := loadedModel(t, 100, 30, e)
	t.Cleanup(m.Close)
	m.Update(keyMsg("enter"))
	m.Update(keyMsg("J"))
	view := screen(m)
	if !strings.Contains(view, `"message": "red \u001b[31malert\u0007 \u202eevil\u009b2J"`) {
		t.Errorf("the raw JSON does not show the controls as text:\n%s", view)
	}
	if strings.ContainsAny(view, "\x1b\x07\u202e\u009b") {
		t.Errorf("the raw view holds a control character: %q", view)
	}
}

// TestWrapLikeLipgloss checks that the one-pass wrapping lays ordinary text
// out as lipgloss did before it: words, single spaces, hyphens, newlines.
// (They differ on a paragraph that starts with a space and then a word too
// long for a line, where lipgloss adds an empty line.)
func TestWrapLikeLipgloss(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"Payment", "tr_7UhSN1zuXS", "paid", "of", "EUR", "25.00", "select-method", "https://www.mollie.com/dashboard/org_1/subscriptions/sub_rVKGtNd6s3", "a", "naïve", "漢字"}
	for n := 0; n < 500; n++ {
		paras := make([]string, 1+rng.IntN(4))
		for i := range paras {
			p := make([]string, rng.IntN(20))
			for j := range p {
				p[j] = words[rng.IntN(len(words))]
			}
			paras[i] = strings.Join(p, " ")
		}
		text, width := strings.Join(paras, "\n"), 20+rng.IntN(80)
		var got []string
		for _, s := range cells.Wrap(text, width) {
			got = append(got, text[s.Start:s.End])
		}
		want := trimLines(lipgloss.NewStyle().Width(width).Render(text))
		if trimLines(strings.Join(got, "\n")) != want {
			t.Fatalf("width %d, %q:\ngot\n%s\nlipgloss\n%s", width, text, strings.Join(got, "\n"), want)
		}
	}
}

func (d *detailView) atTop() bool    { return d.top == 0 }
func (d *detailView) atBottom() bool { return d.top >= d.maxTop() }
