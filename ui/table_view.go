package ui

import (
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/timefmt"
	"github.com/eventbrowser/eventbrowser/model"
)

func (t *eventTable) createdTitle() string {
	switch t.timeMode {
	case timeUTC:
		return "CREATED (UTC)"
	case timeRelative:
		return "CREATED (AGO)"
	}
	return "CREATED"
}

func (t *eventTable) formatCreated(e *model.Event) string {
	switch t.timeMode {
	case timeUTC:
		return e.Created.UTC().Format(timeLayout)
	case timeRelative:
		return timefmt.Ago(t.clock.now(), e.Created)
	}
	return e.Created.In(t.clock.loc).Format(timeLayout)
}

// rows draws the header and the rows on screen, the cursor's row in the
// selection style and with the ▸ glyph, new events with •, the others in
// the colour of their outcome, blank lines below the last row.
func (t *eventTable) rows() string {
	cols := t.columns()
	var b strings.Builder
	b.WriteString(t.header)
	window := t.list.Window(t.top, t.pageSize())
	if len(window) == 0 {
		// The text goes under the header line alone, not under blank rows,
		// which would push it off the bottom.
		b.WriteString("\n" + t.styles.muted.Render("  "+t.emptyText()))
		for range t.pageSize() - 1 {
			b.WriteByte('\n')
		}
		t.writeTimeline(&b)
		return b.String()
	}
	var row strings.Builder
	for i, e := range window {
		pos := t.top + i
		b.WriteByte('\n')
		row.Reset()
		// The gutter: the cursor or the new mark, then the user's mark.
		id := t.list.IDAt(pos)
		switch {
		case pos == t.list.Cursor():
			row.WriteString(" ▸")
		case t.list.IsNew(id):
			row.WriteString(" " + t.styles.newMark.Render("•"))
		default:
			row.WriteString("  ")
		}
		if t.list.IsMarked(id) {
			row.WriteString("◆")
		} else {
			row.WriteByte(' ')
		}
		gutter := row.Len()
		for _, c := range cols {
			row.WriteByte(' ')
			row.WriteString(fitCell(c.cell(e), c.width))
			row.WriteByte(' ')
		}
		switch o := t.outcome(e); {
		case pos == t.list.Cursor():
			b.WriteString(t.styles.selected.Render(row.String()))
		case o != model.OutcomeOther:
			s := row.String()
			b.WriteString(s[:gutter] + t.styles.outcomes[o].Render(s[gutter:]))
		default:
			b.WriteString(row.String())
		}
	}
	for range t.pageSize() - len(window) {
		b.WriteByte('\n')
	}
	t.writeTimeline(&b)
	return b.String()
}

// writeTimeline adds the timeline under the rows, when it is shown.
func (t *eventTable) writeTimeline(b *strings.Builder) {
	if t.tline.shown {
		b.WriteByte('\n')
		b.WriteString(t.tline.view(t.tline.selected(t.list), t.styles))
	}
}

// drawHeader draws the column titles over their cells.
func (t *eventTable) drawHeader() string {
	var b strings.Builder
	b.WriteString("   ")
	for _, c := range t.columns() {
		b.WriteByte(' ')
		b.WriteString(t.styles.header.Render(fitCell(c.title, c.width)))
		b.WriteByte(' ')
	}
	return b.String()
}

const ellipsis = "…"

// fitCell is s cut to width cells with a trailing … if it is longer, or
// padded with spaces if it is shorter. s may be megabytes long: it is
// clipped to about the width before it is measured.
func fitCell(s string, width int) string {
	if n := min(len(s), width+1); cells.PrintableASCII(s[:n]) {
		// One cell a byte: s fits, or the first width-1 bytes do.
		if len(s) <= width {
			return s + spaces(width-len(s))
		}
		return s[:max(0, width-1)] + ellipsis
	}
	// Measured rune by rune, as the terminal advances: a conjunct
	// (क्ष) takes the cells of its consonants (see cells.Width).
	s = cells.Truncate(shownStart(s, width), width, ellipsis)
	return s + spaces(width-cells.Width(s))
}

// shownStart is the start of s as cells.Shown shows it, wider than width
// unless all of s fits. Shown drops skin tones, which count as cells in a
// clip, so a clip that shows no wider than width is taken further, a few
// times at most, so that a flood of them does not read on and on.
func shownStart(s string, width int) string {
	clip := cells.ClipWidth(s, width+1)
	for try := 0; try < 3 && len(clip) < len(s) && cells.Width(cells.Shown(clip)) <= width; try++ {
		clip = cells.ClipWidth(s, 4*len(clip))
	}
	return cells.Shown(clip)
}

const blanks = "                                                                                                    "

// spaces returns n spaces (none for n ≤ 0).
func spaces(n int) string {
	if n <= len(blanks) {
		return blanks[:max(0, n)]
	}
	return strings.Repeat(" ", n)
}

func writeSpaces(b *strings.Builder, n int) { b.WriteString(spaces(n)) }
