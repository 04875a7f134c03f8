package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/lipgloss"

	"github.com/eventbrowser/eventbrowser/model"
)

// referenceTableView is how the table was drawn before it drew its rows
// itself: the bubbles table widget, handed the rows on screen. The
// differential test holds eventTable.View to it, byte for byte.
func referenceTableView(t *eventTable) string {
	t.follow()
	tbl := table.New(table.WithStyles(table.Styles{
		Header:   t.styles.header,
		Cell:     lipgloss.NewStyle().Padding(0, 1),
		Selected: t.styles.selected,
	}), table.WithFocused(true))
	var cols []table.Column
	for _, c := range t.columns() {
		cols = append(cols, table.Column{Title: c.title, Width: c.width})
	}
	window := t.list.Window(t.top, t.pageSize())
	rows := make([]table.Row, len(window))
	for i, e := range window {
		glyph := " "
		switch pos := t.top + i; {
		case pos == t.list.Cursor():
			glyph = "▸"
		case t.list.IsNew(t.list.IDAt(pos)):
			glyph = "•"
		}
		r := table.Row{glyph, t.formatCreated(e), strconv.Itoa(e.Type), model.ClipWidth(e.Line, cols[3].Width)}
		if len(cols) > 4 {
			r = append(r, model.SanitizeLine(model.ClipWidth(e.Source, cols[4].Width)))
		}
		rows[i] = r
	}
	tbl.SetRows(nil)
	tbl.SetColumns(cols)
	tbl.SetHeight(t.height)
	tbl.SetWidth(t.width)
	tbl.SetRows(rows)
	tbl.SetCursor(t.list.Cursor() - t.top)
	out := tbl.View()
	if len(rows) == 0 {
		header, _, _ := strings.Cut(out, "\n")
		out = header + "\n" + t.styles.muted.Render("  "+t.emptyText())
	}
	return lipgloss.NewStyle().Height(t.height).MaxHeight(t.height).Render(out)
}
