package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/eventbrowser/eventbrowser/model"
)

// fixtureNames names the fixture's numeric types, as the demo names its own.
var fixtureNames = map[int]string{200: "Customer created", 300: "Payment paid", 310: "Payment failed", 500: "Refund processed"}

// outcomeHarness is the fixture at w×h with its types named, in a terminal
// that shows colours or, with glyphs, none.
func outcomeHarness(t *testing.T, w, h int, glyphs bool) *harness {
	t.Helper()
	hs := newHarnessWith(t, w, h, func(cfg *Config) { cfg.TypeNames = fixtureNames }, fixtureBatches(t)...)
	if glyphs {
		hs.m.Update(tea.ColorProfileMsg{Profile: colorprofile.ASCII})
	}
	hs.m.List().SetCursor(0)
	return hs
}

// rowOf is the line of the screen (with its colours) that shows text.
func rowOf(t *testing.T, m *Model, text string) string {
	t.Helper()
	for _, line := range strings.Split(m.View().Content, "\n") {
		if strings.Contains(line, text) {
			return line
		}
	}
	t.Fatalf("no line shows %q", text)
	return ""
}

// Rows are coloured by the outcome their type's name tells: failed in the
// error colour, paid and refunded in the success colour; the selected row
// keeps the selection's, and a type without an outcome has none (issue 23,
// item 20).
func TestOutcomeColours(t *testing.T) {
	hs := outcomeHarness(t, 200, 30, false)
	hs.press("p") // the table alone, its rows the whole width
	colourOf := func(o model.Outcome) string {
		r := hs.m.styles.outcomes[o].Render("x")
		return r[:strings.Index(r, "x")]
	}
	for _, tt := range []struct {
		text    string
		outcome model.Outcome
	}{
		{"tr_3RkqmP7Cxb failed", model.OutcomeFailed},
		{"re_4qqhO89gsT processed", model.OutcomeSucceeded},
		{"tr_7UhSN1zuXS paid", model.OutcomeSucceeded},
	} {
		if row := rowOf(t, hs.m, tt.text); !strings.Contains(row, colourOf(tt.outcome)) {
			t.Errorf("the row of %q is not in the colour of outcome %d: %q", tt.text, tt.outcome, row)
		}
	}
	for _, text := range []string{"Mandate created", "sub_rVKGtNd6s3"} {
		row := rowOf(t, hs.m, text)
		for _, o := range []model.Outcome{model.OutcomeFailed, model.OutcomeSucceeded, model.OutcomePending} {
			if strings.Contains(row, colourOf(o)) {
				t.Errorf("the row of %q, whose type has no outcome, is coloured as outcome %d", text, o)
			}
		}
	}
	if row := rowOf(t, hs.m, "tr_9fLm2QwZkE"); strings.Contains(row, colourOf(model.OutcomeSucceeded)) {
		t.Errorf("the selected row takes its outcome's colour over the selection's: %q", row)
	}
}

// Without colours the outcome shows as a glyph before the type; a wide
// table names numeric types it knows, a narrow one shows the number alone;
// the detail names it too.
func TestOutcomeGlyphs(t *testing.T) {
	tests := []struct {
		width int
		text  string
		want  string
	}{
		{200, "tr_3RkqmP7Cxb", "✗ 310 Payment failed    Payment tr_3RkqmP7Cxb"},
		{200, "re_4qqhO89gsT", "✓ 500 Refund processed  Refund"},
		{200, "sub_rVKGtNd6s3", "  400                   Subscription"},
		{100, "tr_3RkqmP7Cxb", "✗ 310    Payment tr_3RkqmP7Cxb"},
		{80, "Mandate", "  210    Mandate"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.width, tt.text), func(t *testing.T) {
			hs := outcomeHarness(t, tt.width, 30, true)
			if tt.width >= previewFrom {
				hs.press("p") // the table alone, wide enough for the names
			}
			if row := hs.view(); !strings.Contains(row, tt.want) {
				t.Errorf("want %q in the table:\n%s", tt.want, row)
			}
		})
	}
	hs := outcomeHarness(t, 100, 30, true)
	hs.press("j", "enter")
	if view := hs.view(); !strings.Contains(view, "Type      ✗ 310 Payment failed") {
		t.Errorf("the detail does not name the type with its outcome's glyph:\n%s", view)
	}
	hs = outcomeHarness(t, 100, 30, false)
	hs.press("j", "enter")
	if view := hs.view(); !strings.Contains(view, "Type      310 Payment failed") {
		t.Errorf("with colours, the detail names the type without a glyph:\n%s", view)
	}
}

// TestGoldenOutcomes: the table, detail and type panel with named types
// and outcome glyphs at every size.
func TestGoldenOutcomes(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {100, 30}, {200, 50}} {
		for _, tt := range []struct {
			name string
			keys []string
		}{{"table", nil}, {"detail", []string{"j", "enter"}}, {"types", []string{"t"}}} {
			t.Run(fmt.Sprintf("%s_%dx%d", tt.name, size.w, size.h), func(t *testing.T) {
				hs := outcomeHarness(t, size.w, size.h, true)
				hs.press(tt.keys...)
				golden.RequireEqual(t, []byte(hs.view()))
			})
		}
	}
}
