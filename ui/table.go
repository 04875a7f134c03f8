package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"

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
// keeps the cursor; the table keeps only which row is at the top. The bubbles
// table widget gets just the visible rows, since it allocates per row on
// every move.
type eventTable struct {
	list   *model.List
	keys   *keyMap
	styles *styles
	clock  clock

	tbl           table.Model
	top           int // view position of the first visible row
	width, height int // height includes the header
	timeMode      timeMode
	sourceWidth   int // 0 hides the source column, shown only for several sources
}

// clock gives the present and the zone times are shown in; tests fix both.
type clock struct {
	now func() time.Time
	loc *time.Location
}

func newEventTable(list *model.List, keys *keyMap, st *styles, c clock) *eventTable {
	t := &eventTable{list: list, keys: keys, styles: st, clock: c}
	t.tbl = table.New(table.WithStyles(st.table), table.WithFocused(true))
	return t
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

// columns lays out the columns for the current width. Every cell has one
// space of padding on each side.
func (t *eventTable) columns() []table.Column {
	typeW, srcW := 5, t.sourceWidth
	cols := []table.Column{
		{Title: "", Width: 1},
		{Title: t.createdTitle(), Width: len(timeLayout)},
		{Title: "TYPE", Width: typeW},
		{Title: "MESSAGE"},
	}
	fixed := 1 + len(timeLayout) + typeW + 2*len(cols)
	if srcW > 0 {
		fixed += srcW + 2
	}
	cols[3].Width = max(8, t.width-fixed)
	if srcW > 0 {
		cols = append(cols, table.Column{Title: "SOURCE", Width: srcW})
	}
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

// View renders the header and the visible rows.
func (t *eventTable) View() string {
	t.follow()
	cols := t.columns()
	window := t.list.Window(t.top, t.pageSize())
	rows := make([]table.Row, len(window))
	for i, e := range window {
		glyph := " "
		switch pos := t.top + i; {
		case pos == t.list.Cursor():
			glyph = "▸"
		case t.list.IsNew(t.list.IDAt(pos)):
			glyph = "•" // plain: the widget truncates a styled cell
		}
		// The widget measures the whole of a cell to truncate it, every
		// frame: a 5 MB message is clipped to what fits first.
		r := table.Row{glyph, t.formatCreated(e), strconv.Itoa(e.Type), model.ClipWidth(e.Line, cols[3].Width)}
		if len(cols) > 4 {
			r = append(r, model.SanitizeLine(model.ClipWidth(e.Source, cols[4].Width)))
		}
		rows[i] = r
	}
	// Columns first: SetRows renders, and rows must never outnumber columns.
	t.tbl.SetRows(nil)
	t.tbl.SetColumns(cols)
	t.tbl.SetHeight(t.height)
	t.tbl.SetWidth(t.width)
	t.tbl.SetRows(rows)
	t.tbl.SetCursor(t.list.Cursor() - t.top)
	out := t.tbl.View()
	if len(rows) == 0 {
		// The widget pads its rows to the full height, so the text goes
		// under the header line alone, not under the padding, which would
		// push it off the bottom.
		header, _, _ := strings.Cut(out, "\n")
		out = header + "\n" + t.styles.muted.Render("  "+t.emptyText())
	}
	return lipgloss.NewStyle().Height(t.height).MaxHeight(t.height).Render(out)
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
