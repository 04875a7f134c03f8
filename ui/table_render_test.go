package ui

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// awkwardTexts are texts whose width is easy to get wrong: wide and
// ambiguous characters, emoji sequences, combining and prepended marks,
// zero-width characters and lengths around a column's width. Event text is
// sanitized when it loads, so controls do not reach a cell.
var awkwardTexts = []string{
	"", " ", "a", "Payment tr_7UhSN1zuXS paid", "€25.00 refunded to naïve customer",
	"漢字の支払いが完了しました", "a漢b字c", "👍🏽 thumbs", "👨‍👩‍👧 family", "🇳🇱🇧🇪 flags",
	"e\u0301e\u0301e\u0301 combining", "\u0600\u0601 prepend", "zero\u200bwidth\u200djoin",
	"①②③ ambiguous …•▸", "ＦＵＬＬＷＩＤＴＨ", strings.Repeat("x", 7), strings.Repeat("x", 8),
	strings.Repeat("x", 9), strings.Repeat("漢", 4) + "x", "x" + strings.Repeat("漢", 4),
	strings.Repeat("word ", 40), strings.Repeat("é", 30),
}

// TestFitCell holds every cell to its column's width, as x/ansi measures
// it, with an ellipsis where the text was cut and the text whole where it
// fits.
func TestFitCell(t *testing.T) {
	for _, text := range awkwardTexts {
		for width := 1; width <= 12; width++ {
			got := fitCell(text, width)
			if w := ansi.StringWidthWc(got); w != width {
				t.Errorf("fitCell(%q, %d) = %q, %d cells wide", text, width, got, w)
			}
			shown := cells.Shown(text)
			fits := ansi.StringWidthWc(shown) <= width
			if cut := strings.HasSuffix(strings.TrimRight(got, " "), ellipsis); cut == fits && !strings.Contains(text, ellipsis) {
				t.Errorf("fitCell(%q, %d) = %q: cut %v, but the text fits %v", text, width, got, cut, fits)
			}
			if fits && strings.TrimRight(got, " ") != strings.TrimRight(shown, " ") {
				t.Errorf("fitCell(%q, %d) = %q, want the text whole", text, width, got)
			}
		}
	}
}

// TestTableLinesFitTheWidth draws tables of awkward texts at many widths:
// every line is exactly as wide as the table, so that nothing wraps and
// pushes the header off, and the height is the table's.
func TestTableLinesFitTheWidth(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 60 {
		events := make([]model.Event, rng.IntN(30))
		for i := range events {
			msg := awkwardTexts[rng.IntN(len(awkwardTexts))]
			created := fixedNow.Add(-time.Duration(rng.IntN(1e6)) * time.Second)
			events[i] = model.Event{Resource: "event", Type: rng.IntN(100000), Created: created,
				CreatedRaw: created.Format(time.RFC3339), Message: msg, Line: cells.Line(cells.SanitizeLine(msg)),
				Source: cells.Line(awkwardTexts[rng.IntN(len(awkwardTexts))])}
		}
		// From 70 columns on, the message column gets what the others leave.
		w, h := 70+rng.IntN(100), 3+rng.IntN(20)
		hs := newHarness(t, w, h+2, source.Batch{Chunks: chunks(events...)})
		hs.m.table().timeMode = timeMode(round % 3)
		hs.m.table().SetSize(w, h)
		lines := strings.Split(hs.m.table().View(), "\n")
		if len(lines) != h {
			t.Fatalf("round %d, %d×%d: %d lines", round, w, h, len(lines))
		}
		for i, line := range lines {
			if got := ansi.StringWidthWc(line); got != w && i <= len(events) {
				t.Errorf("round %d, %d×%d: line %d is %d cells wide: %q", round, w, h, i, got, ansi.Strip(line))
			}
		}
	}
}

// On a narrow terminal the source column gives way, cut with …, and no
// row is wider than the screen (issue 23, item 12).
func TestNarrowTableCutsTheSourceWithAnEllipsis(t *testing.T) {
	events := genEvents(6)
	for i := range events {
		events[i].Source = cells.Line([]string{"cst_B9hNrzbRlJ", "cst_hQueD2BG0i_and_more"}[i%2])
	}
	for _, w := range []int{44, 50, 56, 80} {
		hs := newHarness(t, w, 24, source.Batch{Chunks: chunks(events...)})
		for _, line := range strings.Split(hs.m.table().View(), "\n") {
			if n := ansi.StringWidthWc(line); n > w {
				t.Errorf("width %d: a line of %d cells: %q", w, n, line)
			}
		}
		rows := strings.Split(hs.m.table().View(), "\n")[1:4]
		for _, row := range rows {
			if strings.Contains(row, "cst_") && !strings.Contains(row, "cst_B9hNrzbRlJ") && !strings.Contains(row, "…") {
				t.Errorf("width %d: a source cut without …: %q", w, row)
			}
		}
	}
}

// The @ prompt's hint is cut with … on a narrow terminal (issue 23, item 12).
func TestGotoHintCutWithAnEllipsis(t *testing.T) {
	hs := newHarness(t, 40, 24, source.Batch{Chunks: chunks(genEvents(3)...)})
	hs.press("@")
	lines := strings.Split(hs.view(), "\n")
	var prompt string
	for _, l := range lines {
		if strings.HasPrefix(ansi.Strip(l), "@") {
			prompt = ansi.Strip(l)
		}
	}
	if !strings.HasPrefix(prompt, "@") || !strings.HasSuffix(strings.TrimRight(prompt, " "), "…") || ansi.StringWidthWc(prompt) > 40 {
		t.Errorf("the @ prompt at 40 columns: %q", prompt)
	}
}
