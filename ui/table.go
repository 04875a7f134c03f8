package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
	"github.com/muesli/termenv"

	"github.com/eventbrowser/eventbrowser/model"
)

// timeMode is how the created column shows instants.
type timeMode int

const (
	timeLocal timeMode = iota
	timeUTC
	timeRelative
)

const timeLayout = "2006-01-02 15:04:05"

// eventTable shows the window of model.List that fits on screen. The list
// keeps the cursor; the table keeps only which row is at the top, and draws
// only the visible rows.
type eventTable struct {
	list   *model.List
	keys   *keyMap
	styles *styles
	clock  clock

	cols          []column
	rows          rowBuilder
	top           int // view position of the first visible row
	width, height int // height includes the header
	timeMode      timeMode
	sourceWidth   int // 0 hides the source column, shown only for several sources

	// the header line, kept while what it depends on stays the same
	headerKey   headerKey
	headerText  string
	headerWidth int
}

// clock gives the present and the zone times are shown in; tests fix both.
type clock struct {
	now func() time.Time
	loc *time.Location
}

func newEventTable(list *model.List, keys *keyMap, st *styles, c clock) *eventTable {
	return &eventTable{list: list, keys: keys, styles: st, clock: c}
}

// setSources shows the source column, sized to the longest name, when the
// events come from more than one source.
func (t *eventTable) setSources(sources []string) {
	t.sourceWidth = 0
	if len(sources) < 2 {
		return
	}
	for _, s := range sources {
		t.sourceWidth = max(t.sourceWidth, runewidth.StringWidth(model.SanitizeLine(s)))
	}
	t.sourceWidth = min(max(t.sourceWidth, len("SOURCE")), 18)
}

// SetSize sets the space the table may use, header included.
func (t *eventTable) SetSize(w, h int) {
	t.width, t.height = w, h
	t.follow()
}

// pageSize is the number of event rows on screen.
func (t *eventTable) pageSize() int { return max(1, t.height-1) }

// Update handles the movement keys; it reports whether it used the message.
func (t *eventTable) Update(msg tea.KeyMsg) bool {
	l, k := t.list, t.keys
	switch {
	case key.Matches(msg, k.Up):
		l.SetCursor(l.Cursor() - 1)
	case key.Matches(msg, k.Down):
		l.SetCursor(l.Cursor() + 1)
	case key.Matches(msg, k.PageUp):
		l.SetCursor(l.Cursor() - t.pageSize())
		t.top -= t.pageSize()
	case key.Matches(msg, k.PageDown):
		l.SetCursor(l.Cursor() + t.pageSize())
		t.top += t.pageSize()
	case key.Matches(msg, k.Top):
		l.SetCursor(0)
	case key.Matches(msg, k.Bottom):
		l.SetCursor(l.Len() - 1)
	case key.Matches(msg, k.Time):
		t.timeMode = (t.timeMode + 1) % 3
	default:
		return false
	}
	t.follow()
	return true
}

// moveCursor moves the cursor n rows down (up if n < 0), as the mouse
// wheel does, no further than the ends.
func (t *eventTable) moveCursor(n int) {
	t.list.SetCursor(t.list.Cursor() + n)
	t.follow()
}

// rowAt returns the view position of the event drawn on line y of the
// table, the header being line 0; ok is false for the header and for
// lines below the last row.
func (t *eventTable) rowAt(y int) (pos int, ok bool) {
	row := y - 1
	if row < 0 || row >= t.height-1 {
		return 0, false
	}
	pos = t.top + row
	return pos, pos < t.list.Len()
}

// follow scrolls so that the cursor is on screen; call it after anything
// that may move the cursor or change the view.
func (t *eventTable) follow() {
	rows, cur := t.pageSize(), t.list.Cursor()
	t.top = max(0, min(t.top, t.list.Len()-rows))
	if cur < t.top {
		t.top = cur
	}
	if cur >= t.top+rows {
		t.top = cur - rows + 1
	}
}

// column is a column of the table: its title and its width in cells, not
// counting the space of padding on each side of every cell.
type column struct {
	title string
	width int
}

// columns lays out the columns for the current width. Every cell has one
// space of padding on each side.
func (t *eventTable) columns() []column {
	typeW, srcW := 5, t.sourceWidth
	cols := append(t.cols[:0],
		column{"", 1},
		column{t.createdTitle(), len(timeLayout)},
		column{"TYPE", typeW},
		column{"MESSAGE", 0},
	)
	fixed := 1 + len(timeLayout) + typeW + 2*len(cols)
	if srcW > 0 {
		fixed += srcW + 2
	}
	cols[3].width = max(8, t.width-fixed)
	if srcW > 0 {
		cols = append(cols, column{"SOURCE", srcW})
	}
	t.cols = cols
	return cols
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
		return relativeTime(t.clock.now(), e.Created)
	}
	return e.Created.In(t.clock.loc).Format(timeLayout)
}

// View renders the header and the visible rows. It draws what the bubbles
// table widget drew, byte for byte, but builds each row once into a reused
// buffer: the widget rendered every cell through lipgloss several times a
// frame, more than a millisecond for a screenful.
func (t *eventTable) View() string {
	t.follow()
	cols := t.columns()
	header, headerW := t.header(cols)
	window := t.list.Window(t.top, t.pageSize())
	if len(window) == 0 {
		// The text goes under the header line alone, not under blank rows,
		// which would push it off the bottom.
		out := header + "\n" + t.styles.muted.Render("  "+t.emptyText())
		return lipgloss.NewStyle().Height(t.height).MaxHeight(t.height).Render(out)
	}

	// The rows, each cell padded or cut to its column, one space on each
	// side, as the widget drew them; the cursor's row in the selection
	// style.
	cur := min(max(t.list.Cursor()-t.top, 0), len(window)-1)
	r := &t.rows
	r.start(runewidth.StringWidth(ellipsis), ansi.StringWidth(ellipsis))
	for i, e := range window {
		glyph := " "
		switch pos := t.top + i; {
		case pos == t.list.Cursor():
			glyph = "▸"
		case t.list.IsNew(t.list.IDAt(pos)):
			glyph = "•" // plain, as the widget had it: it truncated a styled cell
		}
		r.glyph(glyph, cols[0].width)
		r.b = append(r.b, ' ')
		start := len(r.b)
		if t.timeMode == timeRelative {
			r.b = append(r.b, t.formatCreated(e)...)
		} else {
			r.b = t.createdIn(e).AppendFormat(r.b, timeLayout)
		}
		r.cellAppended(start, cols[1].width)
		r.b = append(r.b, ' ')
		start = len(r.b)
		r.b = strconv.AppendInt(r.b, int64(e.Type), 10)
		r.cellAppended(start, cols[2].width)
		r.cell(e.Line, cols[3].width, cutMessage)
		if len(cols) > 4 {
			r.cell(e.Source, cols[4].width, cutSource)
		}
		r.endRow()
	}
	selected := t.styles.selected.Render(string(r.row(cur)))

	// The widget's viewport: rows padded to the widest and cut to the
	// screen, then every line padded to the screen width, blank lines
	// below the rows. Its header may be wider than the screen, and every
	// line is padded to the widest of all.
	w := t.width
	lineW := max(headerW, w)
	widest := 0
	for _, rw := range r.widths {
		widest = max(widest, rw)
	}
	var b strings.Builder
	b.Grow(len(header) + len(r.b) + len(selected) + t.height*(lineW+1))
	b.WriteString(header)
	writeSpaces(&b, lineW-headerW)
	for i, lw := range r.widths {
		b.WriteByte('\n')
		switch {
		case widest > w:
			line := string(r.row(i))
			if i == cur {
				line = selected
			}
			line = ansi.Cut(line+strings.Repeat(" ", widest-lw), 0, w)
			lw = ansi.StringWidth(line)
			b.WriteString(line)
		case i == cur:
			b.WriteString(selected)
		default:
			b.Write(r.row(i))
		}
		writeSpaces(&b, lineW-lw)
	}
	for range t.height - 1 - len(r.widths) {
		b.WriteByte('\n')
		writeSpaces(&b, lineW)
	}
	return b.String()
}

// createdIn is an event's creation time in the zone of the created column.
func (t *eventTable) createdIn(e *model.Event) time.Time {
	if t.timeMode == timeUTC {
		return e.Created.UTC()
	}
	return e.Created.In(t.clock.loc)
}

// header renders the header line the way the widget did, and its width; it
// is kept until the columns or the colours change.
func (t *eventTable) header(cols []column) (string, int) {
	key := headerKey{width: t.width, sourceWidth: t.sourceWidth, mode: t.timeMode,
		profile: lipgloss.ColorProfile(), dark: lipgloss.HasDarkBackground()}
	if t.headerText != "" && key == t.headerKey {
		return t.headerText, t.headerWidth
	}
	cells := make([]string, 0, len(cols))
	for _, c := range cols {
		cell := lipgloss.NewStyle().Width(c.width).MaxWidth(c.width).Inline(true).
			Render(runewidth.Truncate(c.title, c.width, ellipsis))
		cells = append(cells, t.styles.header.Render(cell))
	}
	t.headerKey, t.headerText = key, lipgloss.JoinHorizontal(lipgloss.Top, cells...)
	t.headerWidth = ansi.StringWidth(t.headerText)
	return t.headerText, t.headerWidth
}

// headerKey is everything the header line depends on.
type headerKey struct {
	width, sourceWidth int
	mode               timeMode
	profile            termenv.Profile
	dark               bool
}

const ellipsis = "…"

// How a cell's text is cut before it is fitted to its column: a message
// and a source are clipped to about the width first, since one may be
// megabytes long, and a source is sanitized after, as it was not on load.
const (
	cutPlain = iota
	cutMessage
	cutSource
)

// rowBuilder builds the rows of a frame into one buffer, reused from frame
// to frame. Each cell is what the widget made of it: the text cut to the
// column width with a trailing … (measured as go-runewidth does), tabs as
// four spaces, newlines dropped, padded with spaces to the width and cut
// again (measured as x/ansi does), one space on each side.
type rowBuilder struct {
	b      []byte
	ends   []int // where each row ends in b
	widths []int // each row's width in cells
	// the row being built: its start, its width so far, and whether that
	// width is exact; it is not once a cell holds more than printable
	// ASCII, and the row is measured whole, as the widget did
	rowStart, rowW int
	exact          bool
	// the width of … measured both ways, per frame: go-runewidth counts
	// it as two cells in an East Asian locale
	tailRW, tailAW int
	glyphs         []glyphCell
}

func (r *rowBuilder) start(tailRW, tailAW int) {
	r.b, r.ends, r.widths = r.b[:0], r.ends[:0], r.widths[:0]
	r.tailRW, r.tailAW = tailRW, tailAW
	r.rowStart, r.rowW, r.exact = 0, 0, true
}

// row returns row i, in the buffer: valid until the next frame.
func (r *rowBuilder) row(i int) []byte {
	start := 0
	if i > 0 {
		start = r.ends[i-1]
	}
	return r.b[start:r.ends[i]]
}

func (r *rowBuilder) endRow() {
	if !r.exact {
		r.rowW = ansi.StringWidth(string(r.b[r.rowStart:]))
	}
	r.ends = append(r.ends, len(r.b))
	r.widths = append(r.widths, r.rowW)
	r.rowStart, r.rowW, r.exact = len(r.b), 0, true
}

// cell adds a cell of text s in a column width cells wide. Printable ASCII,
// the common case, is cut and padded here, without measuring; anything else
// goes the widget's way.
func (r *rowBuilder) cell(s string, width, cut int) {
	r.b = append(r.b, ' ')
	if n := min(len(s), width+1); printableASCII(s[:n]) {
		// One cell per byte: s fits, or is cut to leave room for the
		// ellipsis as runewidth.Truncate cuts it. Clipping first would
		// change nothing: it keeps these width+1 bytes.
		if len(s) <= width {
			r.b = append(r.b, s...)
			r.pad(width - len(s))
			r.rowW += width + 2
			r.b = append(r.b, ' ')
			return
		}
		if k := max(0, width-r.tailRW); k+r.tailAW <= width {
			r.b = append(r.b, s[:k]...)
			r.b = append(r.b, ellipsis...)
			r.pad(width - k - r.tailAW)
			r.rowW += width + 2
			r.b = append(r.b, ' ')
			return
		}
	}
	switch cut {
	case cutMessage:
		s = model.ClipWidth(s, width)
	case cutSource:
		s = model.SanitizeLine(model.ClipWidth(s, width))
	}
	r.slowCell(s, width)
}

// cellAppended fits the text appended to the row since start, which is
// printable ASCII (a time, a number) but may be too long.
func (r *rowBuilder) cellAppended(start, width int) {
	if n := len(r.b) - start; n <= width && printableASCII(r.b[start:]) {
		r.pad(width - n)
		r.rowW += width + 2
		r.b = append(r.b, ' ')
		return
	}
	s := string(r.b[start:])
	r.b = r.b[:start]
	r.slowCell(s, width)
}

// slowCell adds the cell of text s the way the widget made it.
func (r *rowBuilder) slowCell(s string, width int) {
	r.b = append(r.b, fitCell(s, width)...)
	r.b = append(r.b, ' ')
	r.exact = false
}

// glyph adds the cell of a row's glyph. The few there are are fitted once
// and kept: a glyph is not ASCII, but ends in nothing that could join the
// space after it, so the row's width stays exact.
func (r *rowBuilder) glyph(g string, width int) {
	if g == " " {
		r.cell(g, width, cutPlain)
		return
	}
	i := slices.IndexFunc(r.glyphs, func(c glyphCell) bool {
		return c.glyph == g && c.width == width && c.tailRW == r.tailRW
	})
	if i < 0 {
		text := " " + fitCell(g, width) + " "
		r.glyphs = append(r.glyphs, glyphCell{g, width, r.tailRW, text, ansi.StringWidth(text)})
		i = len(r.glyphs) - 1
	}
	r.b = append(r.b, r.glyphs[i].text...)
	r.rowW += r.glyphs[i].cells
}

// glyphCell is the cell of a glyph in a column width cells wide, fitted
// when the ellipsis was tailRW cells wide by go-runewidth.
type glyphCell struct {
	glyph         string
	width, tailRW int
	text          string
	cells         int
}

// fitCell is text s fitted to width cells as the widget did it: cut by
// runewidth.Truncate, then rendered by lipgloss inline at a width and a max
// width.
func fitCell(s string, width int) string {
	s = runewidth.Truncate(s, width, ellipsis)
	if strings.ContainsAny(s, "\t\r\n") {
		s = strings.ReplaceAll(s, "\t", "    ")
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\n", "")
	}
	if w := ansi.StringWidth(s); w > width {
		return ansi.Truncate(s, width, "")
	} else if w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

func (r *rowBuilder) pad(n int) {
	for ; n > 0; n -= len(spaces) {
		r.b = append(r.b, spaces[:min(n, len(spaces))]...)
	}
}

const spaces = "                                                                "

func writeSpaces(b *strings.Builder, n int) {
	for ; n > 0; n -= len(spaces) {
		b.WriteString(spaces[:min(n, len(spaces))])
	}
}

// printableASCII reports whether s is only printable ASCII, one cell a byte
// however it is measured.
func printableASCII[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

func (t *eventTable) emptyText() string {
	if t.list.Total() == 0 {
		return "no events"
	}
	return "no events match the filter (esc clears the text filter, t picks types)"
}

// relativeTime says how long ago t was, "3h ago", to the largest unit.
func relativeTime(now, t time.Time) string {
	d := now.Sub(t)
	suffix := " ago"
	if d < 0 {
		d, suffix = -d, " from now"
	}
	var s string
	switch {
	case d < time.Minute:
		s = fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		s = fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		s = fmt.Sprintf("%dh", int(d.Hours()))
	case d < 60*24*time.Hour:
		s = fmt.Sprintf("%dd", int(d.Hours()/24))
	case d < 2*365*24*time.Hour:
		s = fmt.Sprintf("%dmo", int(d.Hours()/24/30))
	default:
		s = fmt.Sprintf("%dy", int(d.Hours()/24/365))
	}
	return s + suffix
}
