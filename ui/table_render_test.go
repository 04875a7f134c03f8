package ui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"
	"github.com/muesli/termenv"

	"github.com/eventbrowser/eventbrowser/model"
)

// awkwardTexts are texts whose width is easy to get wrong: wide and
// ambiguous characters, emoji sequences, combining and prepended marks,
// zero-width characters, controls and lengths around a column's width.
var awkwardTexts = []string{
	"", " ", "a", "Payment tr_7UhSN1zuXS paid", "€25.00 refunded to naïve customer",
	"漢字の支払いが完了しました", "a漢b字c", "👍🏽 thumbs", "👨‍👩‍👧 family", "🇳🇱🇧🇪 flags",
	"e\u0301e\u0301e\u0301 combining", "\u0600\u0601 prepend", "zero\u200bwidth\u200djoin",
	"①②③ ambiguous …•▸", "tab\there", "line\nbreak", "cr\r\nlf", "\x1b[31mred\x1b[0m",
	"\u202eright-to-left", "ＦＵＬＬＷＩＤＴＨ", strings.Repeat("x", 7), strings.Repeat("x", 8),
	strings.Repeat("x", 9), strings.Repeat("漢", 4) + "x", "x" + strings.Repeat("漢", 4),
	strings.Repeat("word ", 40), strings.Repeat("é", 30), "\xff invalid utf-8",
}

// withRendering runs f under each colour profile and both background
// shades, and with go-runewidth both counting and not counting ambiguous
// characters as wide, then puts the test settings back.
func withRendering(t *testing.T, f func(t *testing.T)) {
	defer lipgloss.SetColorProfile(termenv.Ascii)
	defer lipgloss.SetHasDarkBackground(true)
	defer func(ea bool) { runewidth.DefaultCondition.EastAsianWidth = ea }(runewidth.DefaultCondition.EastAsianWidth)
	for _, p := range []termenv.Profile{termenv.Ascii, termenv.ANSI, termenv.ANSI256, termenv.TrueColor} {
		for _, dark := range []bool{true, false} {
			for _, ea := range []bool{false, true} {
				lipgloss.SetColorProfile(p)
				lipgloss.SetHasDarkBackground(dark)
				runewidth.DefaultCondition.EastAsianWidth = ea
				t.Run(fmt.Sprintf("profile %d dark %v east-asian %v", p, dark, ea), f)
			}
		}
	}
}

// TestTableViewMatchesWidget holds the table to what the bubbles table
// widget drew, byte for byte, over awkward texts, sizes, time modes,
// sources, new events and colour profiles.
func TestTableViewMatchesWidget(t *testing.T) {
	withRendering(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for round := range 40 {
			list := model.NewList()
			n := rng.IntN(30)
			events := make([]model.Event, n)
			for i := range events {
				msg := awkwardTexts[rng.IntN(len(awkwardTexts))]
				created := fixedNow.Add(-time.Duration(rng.IntN(1e6)) * time.Minute)
				if rng.IntN(20) == 0 {
					created = time.Date(12345, 1, 2, 3, 4, 5, 0, time.UTC) // a year of five digits
				}
				typ := []int{200, 221, 5, 123456, -1}[rng.IntN(5)]
				src := "events.json"
				if round%3 == 0 {
					src = awkwardTexts[rng.IntN(len(awkwardTexts))]
				}
				events[i] = model.Event{Resource: "event", Type: typ, Created: created,
					CreatedRaw: created.Format(time.RFC3339), Message: msg, Line: model.SanitizeLine(msg), Source: src}
			}
			half := n / 2
			list.Append(events[:half]...)
			list.Merge(events[half:]) // new events, marked with •
			st := defaultStyles()
			keys := defaultKeys()
			tbl := newEventTable(list, &keys, &st, clock{now: func() time.Time { return fixedNow }, loc: time.UTC})
			tbl.setSources(list.Sources())
			tbl.timeMode = timeMode(rng.IntN(3))
			tbl.SetSize(1+rng.IntN(130), 2+rng.IntN(14))
			list.SetCursor(rng.IntN(n + 1))
			tbl.top = rng.IntN(n + 1)
			for step := range 3 {
				want := referenceTableView(tbl)
				got := tbl.View()
				if got != want {
					t.Fatalf("round %d step %d, %d×%d, %d events, cursor %d, top %d, mode %d:\ngot\n%q\nwant\n%q",
						round, step, tbl.width, tbl.height, list.Len(), list.Cursor(), tbl.top, tbl.timeMode, got, want)
				}
				list.SetCursor(list.Cursor() + rng.IntN(7) - 3)
			}
		}
	})
}

// TestTableCellMatchesWidget holds a single cell to the widget's, over
// texts the table never gets from a list (tabs, newlines, escapes) too.
func TestTableCellMatchesWidget(t *testing.T) {
	withRendering(t, func(t *testing.T) {
		cellStyle := lipgloss.NewStyle().Padding(0, 1)
		for _, s := range awkwardTexts {
			for width := 1; width <= 32; width++ {
				want := cellStyle.Render(lipgloss.NewStyle().Width(width).MaxWidth(width).Inline(true).
					Render(runewidth.Truncate(s, width, "…")))
				var r rowBuilder
				r.start(runewidth.StringWidth("…"), 1)
				r.cell(s, width, cutPlain)
				r.endRow()
				if got := string(r.row(0)); got != want {
					t.Errorf("cell %q at width %d = %q, want %q", s, width, got, want)
				}
				if got := lipgloss.Width(want); r.widths[0] != got {
					t.Errorf("cell %q at width %d is %d wide, want %d", s, width, r.widths[0], got)
				}
			}
		}
	})
}

// TestFitScreenMatchesLipgloss holds fitScreen to the lipgloss style it
// replaces, over styled, wide, tabbed and empty lines.
func TestFitScreenMatchesLipgloss(t *testing.T) {
	withRendering(t, func(t *testing.T) {
		st := defaultStyles()
		rng := rand.New(rand.NewPCG(3, 4))
		line := func() string {
			s := awkwardTexts[rng.IntN(len(awkwardTexts))]
			switch rng.IntN(4) {
			case 0:
				s = st.status.Render(s) + st.muted.Render(" · note")
			case 1:
				s = st.selected.Render(s) + strings.Repeat(" ", rng.IntN(5))
			}
			return s
		}
		for round := range 300 {
			parts := make([]string, 1+rng.IntN(4))
			for i := range parts {
				lines := make([]string, rng.IntN(4))
				for j := range lines {
					lines[j] = line()
				}
				parts[i] = strings.Join(lines, "\n")
			}
			width := rng.IntN(60)
			want := lipgloss.NewStyle().MaxWidth(width).Render(strings.Join(parts, "\n"))
			if got := fitScreen(width, parts...); got != want {
				t.Fatalf("round %d, width %d, parts %q:\ngot  %q\nwant %q", round, width, parts, got, want)
			}
		}
	})
}
