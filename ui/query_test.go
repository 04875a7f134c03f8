package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
)

func TestQueryBox(t *testing.T) {
	hs := newFixture(t)
	hs.press("/")
	hs.typeText("payment type:3")
	if got := hs.m.List().Len(); got != 0 {
		t.Fatalf("payment type:3: %d events, want none", got)
	}
	hs.typeText("1")
	if got := hs.m.List().Len(); got != 0 {
		t.Fatalf("payment type:31: %d events", got)
	}
	hs.typeText("0")
	hs.m.Update(tea.PasteMsg{Content: " type:2b"})
	// Invalid: the last valid query (payment type:310) stays, the error
	// shows under the line.
	if got := hs.m.List().Len(); got != 2 {
		t.Errorf("while the text does not parse: %d events, want the 2 of the last valid query", got)
	}
	lines := strings.Split(hs.view(), "\n")
	box := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "/payment type:310 type:2b") {
			box = i
		}
	}
	if box < 0 || !strings.Contains(lines[box+1], `type:2b at column 18: "2b" is not a type`) {
		t.Fatalf("the error is not under the line:\n%s", hs.view())
	}
	if len(lines) != 30 {
		t.Errorf("%d lines, want 30", len(lines))
	}
	// enter on a query that does not parse keeps the box open with the
	// error: nothing half-typed is applied (issue 23, item 4).
	hs.press("enter")
	if hs.m.state != stateFilter || !strings.Contains(hs.view(), `"2b" is not a type`) {
		t.Errorf("enter on an invalid query closed the box (state %v):\n%s", hs.m.state, hs.view())
	}
	if !strings.Contains(hs.status(), "the query does not parse") {
		t.Errorf("status %q does not say why enter did nothing", hs.status())
	}
	for range len(" type:2b") {
		hs.press("backspace")
	}
	hs.press("enter")
	if got := hs.m.List().Query().String(); got != "payment type:310" || hs.m.state != stateTable {
		t.Errorf("enter kept %q (state %v), want the valid query", got, hs.m.state)
	}
	// esc restores the query from before /.
	hs.press("/")
	hs.typeText(" refund")
	if got := hs.m.List().Len(); got != 0 {
		t.Errorf("payment type:310 refund: %d events", got)
	}
	hs.press("esc")
	if got := hs.m.List().Query().String(); got != "payment type:310" || hs.m.state != stateTable {
		t.Errorf("esc left %q (state %v), want the query from before /", got, hs.m.state)
	}
	// esc in the table clears it.
	hs.press("esc")
	if got := hs.m.List().Len(); got != 10 || !hs.m.List().Query().IsZero() {
		t.Errorf("esc in the table: %d events, query %q", got, hs.m.List().Query())
	}
}

func TestPanelsKeepTypedText(t *testing.T) {
	hs := newFixture(t)
	hs.press("/")
	hs.typeText("!refund type:300,310 payment")
	hs.press("enter")
	if got := hs.m.List().Len(); got != 5 {
		t.Fatalf("%d events, want 5", got)
	}
	hs.press("t")
	checked := map[string]bool{}
	for i, r := range viewIn[*panel](hs.m, stateTypes).items {
		checked[r.key] = viewIn[*panel](hs.m, stateTypes).checked[i]
	}
	if !checked["300"] || !checked["310"] || checked["200"] || checked["500"] {
		t.Errorf("the panel's boxes %v do not follow type:300,310", checked)
	}
	hs.press("j", "j", "j", "space", "enter") // uncheck 310
	if got := hs.m.List().Query().String(); got != "!refund type:300 payment" {
		t.Errorf("after the panel the query is %q, want the typed text kept around type:300", got)
	}
	hs.press("c")
	if hs.m.state != stateSources {
		t.Fatalf("c: state %v, want the source panel", hs.m.state)
	}
	hs.press("space", "enter") // uncheck the first source
	if got := hs.m.List().Query().String(); got != "!refund type:300 payment source:cst_vsKJpSsabw" {
		t.Errorf("after the source panel the query is %q", got)
	}
	hs.press("t", "a", "enter") // all types: the type: term goes
	if got := hs.m.List().Query().String(); got != "!refund payment source:cst_vsKJpSsabw" {
		t.Errorf("with every type the query is %q", got)
	}
}

func TestSourcePanel(t *testing.T) {
	b := fixtureBatches(t)
	b[0].Names = map[string]string{"cst_8wmqcHMN4U": "Jane \x1b[31mDoe"}
	hs := newHarness(t, 100, 30, b...)
	hs.press("/")
	hs.typeText("payment")
	hs.press("enter", "c")
	view := trimLines(hs.view())
	for _, want := range []string{
		"Sources  by name · space toggles · a all/none · s sorts · / filters · enter applies",
		"▸ [x] cst_8wmqcHMN4U         2  Jane Doe",
		"  [x] cst_vsKJpSsabw         3",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("the source panel lacks %q:\n%s", want, view)
		}
	}
	hs.press("j", "space", "enter")
	if got, want := hs.m.List().Query().String(), "payment source:cst_8wmqcHMN4U"; got != want {
		t.Errorf("query %q, want %q", got, want)
	}
	if got := hs.m.List().Len(); got != 2 {
		t.Errorf("%d events, want the two payments of cst_8wmqcHMN4U", got)
	}
	hs.press("c", "esc")
	if got := hs.m.List().Query().String(); got != "payment source:cst_8wmqcHMN4U" || hs.m.state != stateTable {
		t.Errorf("esc changed the query to %q", got)
	}
}

func TestCopyEventAsJSON(t *testing.T) {
	hs := newFixture(t).at(posPaid2Links)
	text, ok := copied(hs.press("Y"))
	want := string(output.AppendJSON(nil, hs.m.List().Selected(), true)) // two sources: with "source"
	if !ok || text != want {
		t.Errorf("Y copied %q (%v), want %q", text, ok, want)
	}
	dec, err := model.Decode("clipboard", []byte(text))
	if err != nil || len(dec.Events) != 1 || dec.Events[0].Message != hs.m.List().Selected().Message {
		t.Errorf("the copy does not load back as the event: %v", err)
	}
}

func TestCopyViewAsCommand(t *testing.T) {
	cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, &opener{})
	cfg.Command = []string{"--", "events.json", "it's here.json"}
	m := New(cfg)
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 30})
	loadEvents(t, m)
	hs := &harness{m: m}
	hs.press("/")
	hs.typeText(`since:30d "it's paid" !type:200`)
	hs.press("enter", "S")
	text, ok := copied(hs.press("X"))
	// The query as written: since:30d means the last 30 days when it runs
	// (issue 23, item 13).
	want := `eventbrowser --query 'since:30d "it'\''s paid" !type:200' --sort 'created' '--' 'events.json' 'it'\''s here.json'`
	if !ok || text != want {
		t.Errorf("X copied\n%s\nwant\n%s", text, want)
	}
	if say := fmt.Sprintf("copied a command that prints this view (OSC 52, %d characters)", len(want)); !strings.Contains(hs.status(), say) {
		t.Errorf("X says %q, want %q: a command cut by the status line is no use", hs.status(), say)
	}
}

// X copies a command that reproduces the view exactly: a tab in a quoted
// term stays a tab, a file name with a newline or ESC stays that name, and
// is:marked, which a new run cannot have, is left out and said so (issue
// 24, item 15).
func TestCopyViewAsCommandIsExact(t *testing.T) {
	cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, &opener{})
	cfg.Command = []string{"--skip-invalid", "--max-event-size", "1024", "--", "a\nb.json", "c\x1b[31m.json"}
	q, err := query.Parse("\"paid\twith\" is:marked", fixedNow, time.UTC) // as -q gives it
	if err != nil {
		t.Fatal(err)
	}
	cfg.Query = q
	m := New(cfg)
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 30})
	loadEvents(t, m)
	hs := &harness{m: m}
	text, ok := copied(hs.press("X"))
	want := "eventbrowser --query '\"paid\twith\"' --sort '-created' '--skip-invalid' '--max-event-size' '1024' '--' 'a\nb.json' 'c\x1b[31m.json'"
	if !ok || text != want {
		t.Errorf("X copied\n%q\nwant\n%q", text, want)
	}
	if s := hs.status(); !strings.Contains(s, "but for is:marked") {
		t.Errorf("status %q does not say is:marked was left out", s)
	}
}

// f narrows the view to the selected event's object, its whole story, and
// esc goes back to the query before (issue 21).
func TestFollowAnObjectsStory(t *testing.T) {
	link := func(e model.Event, href string) model.Event {
		e.Links = []model.Link{{Name: "url", Href: href}}
		return e
	}
	events := genEvents(4)
	events[0] = link(events[0], "https://my.mollie.com/dashboard/org_1/payments/tr_Story1")
	events[1] = link(events[1], "https://api.mollie.com/v2/payments/tr_Story1/refunds/re_Story1")
	events[2] = link(events[2], "https://my.mollie.com/dashboard/org_1/payments/tr_Other1")
	hs := newHarness(t, 100, 30, source.Batch{Chunks: chunks(events...)})
	hs.press("/")
	hs.typeText("Payment")
	hs.press("enter")
	before := hs.m.List().Query().String()
	for i := range hs.m.List().Len() { // the payment tr_Story1's own event
		if hs.m.List().At(i).URL() == events[0].Links[0].Href {
			hs.m.List().SetCursor(i)
		}
	}
	hs.press("f")
	if got := hs.m.List().Query().String(); got != "entity:tr_Story1" || hs.m.List().Len() != 2 {
		t.Errorf("f: query %q with %d events, want entity:tr_Story1 with the payment and its refund", got, hs.m.List().Len())
	}
	if !strings.Contains(hs.status(), "following tr_Story1") {
		t.Errorf("status %q does not say what is followed", hs.status())
	}
	hs.press("esc")
	if got := hs.m.List().Query().String(); got != before {
		t.Errorf("esc after f: query %q, want %q from before", got, before)
	}
	hs.press("esc")
	if !hs.m.List().Query().IsZero() {
		t.Errorf("a second esc: query %q, want none", hs.m.List().Query())
	}
}

// TestObjectIDFromLinks: what f follows, the object an event's link or
// source names (model.ObjectID).
func TestObjectIDFromLinks(t *testing.T) {
	for _, tt := range []struct {
		href, source, want string
	}{
		{"https://my.mollie.com/dashboard/org_1/payments/tr_7UhSN1zuXS", "cst_a", "tr_7UhSN1zuXS"},
		{"https://api.mollie.com/v2/payments/tr_1/refunds/re_2?testmode=true", "cst_a", "re_2"},
		{"https://example.org/docs", "cst_8wmqcHMN4U", "cst_8wmqcHMN4U"},
		{"", "events.json", ""},
	} {
		e := &model.Event{Source: cells.Line(tt.source)}
		if tt.href != "" {
			e.Links = []model.Link{{Href: tt.href}}
		}
		if got := model.ObjectID(e); got != tt.want {
			t.Errorf("ObjectID(%q, %q) = %q, want %q", tt.href, tt.source, got, tt.want)
		}
	}
}

// The error under the query box wraps to the width, whole, and the screen
// keeps its height: at 80 and 100 columns a type's error is wider than
// the line (issue 23, items 4 and 12).
func TestQueryErrorShownWhole(t *testing.T) {
	const want = `type:22x at column 1: "22x" is not a type: want a type number, a range like 220..229, a name like payment.failed or a prefix like payment.*`
	for _, w := range []int{80, 100, 200} {
		hs := newHarness(t, w, 24, source.Batch{Chunks: chunks(genEvents(3)...)})
		hs.press("/")
		hs.typeText("type:22x")
		lines := strings.Split(ansi.Strip(hs.view()), "\n")
		box := -1
		for i, l := range lines {
			if strings.HasPrefix(l, "/type:22x") {
				box = i
			}
		}
		if box < 0 {
			t.Fatalf("width %d: no query box:\n%s", w, hs.view())
		}
		var shown []string
		for _, l := range lines[box+1:] {
			if strings.Contains(l, "events ·") {
				break
			}
			if cells.Width(l) > w {
				t.Errorf("width %d: the line %q is wider", w, l)
			}
			shown = append(shown, strings.TrimSpace(l))
		}
		if got := strings.Join(shown, " "); got != want {
			t.Errorf("width %d: under the box %q, want the whole error %q", w, got, want)
		}
		if len(lines) != 24 {
			t.Errorf("width %d: %d lines, want 24", w, len(lines))
		}
	}
}
