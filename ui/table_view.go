package ui

import (
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/timefmt"
	"github.com/eventbrowser/eventbrowser/model"
)

// column is a column of the table: its title, its width in cells (not
// counting the space of padding on each side of every cell), and the text
// of its cell for an event, which may be too long or hold more than
// printable ASCII (the table cuts it to width).
type column struct {
	name  string // as ColumnNames has it
	title string
	width int
	cell  func(*model.Event) string
}

// minMessage and minSource are the narrowest the message and source
// columns get; a source narrower than minSource is left out.
const minMessage, minSource = 8, 6

// minMessageBesideNames is the message's width below which numeric types
// show without their names: the message says much the same.
const minMessageBesideNames = 60

// columns lays out the columns for the current width: created, type,
// message (taking what is left), and source when there are several.
func (t *eventTable) columns() []column {
	glyphW := 0
	if t.styles.glyphs {
		glyphW = 2 // the outcome's glyph and a space
	}
	typeW, typeCell := max(numberTypeWidth, t.typeWidth), t.typeLabel
	if t.width-3-len(timeLayout)-2-typeW-2-2-glyphW-t.sourceWidth-2 < minMessageBesideNames {
		typeW, typeCell = max(numberTypeWidth, t.nameWidth), t.typeNumber
	}
	typeW += glyphW
	cols := []column{
		{"created", t.createdTitle(), len(timeLayout), t.formatCreated},
		{"type", "TYPE", typeW, typeCell},
		{"message", "MESSAGE", 0, func(e *model.Event) string { return string(e.Line) }},
	}
	// The gutter (cursor and new marks) is one cell, padded like the rest.
	fixed := 3 + len(timeLayout) + 2 + typeW + 2 + 2
	const statusW = 10 // "authorized"
	if t.res.expand {
		fixed += statusW + 2
	}
	const deliveryW = 12 // "200 · 999 ms"
	if t.cfg.Deliveries != nil {
		fixed += deliveryW + 2
	}
	// The source takes what the message leaves it, down to a few cells, so
	// that a narrow terminal cuts it with … rather than cutting the row.
	if srcW := min(t.sourceWidth, t.width-fixed-2-minMessage); srcW >= minSource {
		fixed += srcW + 2
		cols = append(cols, column{"source", "SOURCE", srcW, func(e *model.Event) string {
			return cells.ClipWidth(string(e.Source), srcW)
		}})
	}
	if t.res.expand {
		cols = append(cols, column{"status", "STATUS", statusW, t.res.status})
	}
	if d := t.cfg.Deliveries; d != nil {
		cols = append(cols, column{"delivery", "DELIVERY", deliveryW, d.Outcome})
	}
	cols[2].width = max(minMessage, t.width-fixed)
	return t.chosen(cols)
}

// ColumnNames are the table's columns, as a saved view names them. The
// source column is shown only for several sources, status only with
// --expand.
var ColumnNames = []string{"created", "type", "message", "source", "status", "delivery"}

// chosen is cols in the order of the view's columns, without the others;
// all of them when the view names none.
func (t *eventTable) chosen(cols []column) []column {
	if len(t.colNames) == 0 {
		return cols
	}
	var out []column
	for _, name := range t.colNames {
		for _, c := range cols {
			if c.name == name {
				out = append(out, c)
			}
		}
	}
	return out
}

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
