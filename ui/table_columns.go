package ui

import (
	"slices"
	"strings"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// column is a column of the table: its title, its width in cells (not
// counting the space of padding on each side of every cell), the
// narrowest it may be cut to (its width, for one that is left out rather
// than cut), and the text of its cell for an event, which may be too long
// or hold more than printable ASCII (the table cuts it to width).
type column struct {
	name         string // as ColumnNames has it
	title        string
	width, least int
	cut          bool // may be cut (least < width), and so is left out first
	cell         func(*model.Event) string
}

// ColumnNames are the table's columns, as --columns, saved views and C
// name them: model's, and delivery, shown by eventbrowser listen.
var ColumnNames = append(slices.Clone(model.ColumnNames()), "delivery")

// minMessage and minSource are the narrowest the message and source
// columns get; a source narrower than minSource is left out.
const minMessage, minSource = 8, 6

// minMessageBesideNames is the message's width below which numeric types
// show without their names: the message says much the same.
const minMessageBesideNames = 60

// shownNames are the names of the columns the table shows: those chosen,
// else created, type, message, the source when there are several, the
// status with --expand, the delivery in eventbrowser listen.
func (t *eventTable) shownNames() []string {
	if len(t.colNames) > 0 {
		return t.colNames
	}
	names := []string{"created", "type", "message"}
	if t.manySources {
		names = append(names, "source")
	}
	if t.cfg.Expand {
		names = append(names, "status")
	}
	if t.cfg.Deliveries != nil {
		names = append(names, "delivery")
	}
	return names
}

// columns lays out the columns shown for the current width: the message
// takes what the others leave it. When that is under minMessage the
// columns that may be cut are cut, from the right, down to their least
// width; when that is not enough, columns are left out: of the default
// ones those that may be cut first, then the others, from the right, the
// message kept; of the chosen ones the rightmost, as the user ranked
// them. Numeric types show without their names when the message would get
// less than minMessageBesideNames.
func (t *eventTable) columns() []column {
	var cols []column
	for _, name := range t.shownNames() {
		if c, ok := t.column(name); ok {
			cols = append(cols, c)
		}
	}
	for {
		laid, ok := t.fit(cols)
		if ok || len(cols) == 1 {
			return laid
		}
		i := t.leftOut(cols)
		cols = slices.Delete(cols, i, i+1)
	}
}

// leftOut is the column to leave out of cols when they do not fit.
func (t *eventTable) leftOut(cols []column) int {
	if len(t.colNames) > 0 {
		return len(cols) - 1
	}
	for _, cut := range []bool{true, false} {
		for i := len(cols) - 1; i >= 0; i-- {
			if cols[i].name != "message" && cols[i].cut == cut {
				return i
			}
		}
	}
	return len(cols) - 1
}

// fit lays cols out for the width, cutting what may be cut; ok says
// whether they fit.
func (t *eventTable) fit(cols []column) (laid []column, ok bool) {
	cols = slices.Clone(cols)
	msg := slices.IndexFunc(cols, func(c column) bool { return c.name == "message" })
	room := func() int { // what the message gets
		r := t.width - 3 // the gutter (cursor and new marks), padded like the rest
		for i, c := range cols {
			r -= 2
			if i != msg {
				r -= c.width
			}
		}
		return r
	}
	if typ := slices.IndexFunc(cols, func(c column) bool { return c.name == "type" }); typ >= 0 && room() < minMessageBesideNames {
		w := cols[typ].width - max(numberTypeWidth, t.typeWidth) + max(numberTypeWidth, t.nameWidth)
		cols[typ].width, cols[typ].least, cols[typ].cell = w, w, t.typeNumber
	}
	least := 0
	if msg >= 0 {
		least = minMessage
	}
	for i := len(cols) - 1; i >= 0 && room() < least; i-- {
		if i != msg {
			cols[i].width = max(cols[i].least, cols[i].width-(least-room()))
		}
	}
	if msg >= 0 {
		cols[msg].width = max(minMessage, room())
	}
	return cols, room() >= least
}

// column is the column of that name, at its full width; ok is false for
// one the table cannot show (delivery outside eventbrowser listen).
func (t *eventTable) column(name string) (column, bool) {
	switch name {
	case "created":
		return column{name, t.createdTitle(), len(timeLayout), len(timeLayout), false, t.formatCreated}, true
	case "type":
		glyphW := 0
		if t.styles.glyphs {
			glyphW = 2 // the outcome's glyph and a space
		}
		w := max(numberTypeWidth, t.typeWidth) + glyphW
		return column{name, "TYPE", w, w, false, t.typeLabel}, true
	case "message":
		return column{name, "MESSAGE", 0, minMessage, false, func(e *model.Event) string { return string(e.Line) }}, true
	case "source":
		w := max(t.sourceWidth, len("SOURCE"))
		return column{name, "SOURCE", w, minSource, true, func(e *model.Event) string { return string(e.Source) }}, true
	case "delivery":
		if t.cfg.Deliveries == nil {
			return column{}, false
		}
		const deliveryW = 12 // "200 · 999 ms"
		return column{name, "DELIVERY", deliveryW, deliveryW, false, t.cfg.Deliveries.Outcome}, true
	}
	c, err := model.ParseColumn(name)
	if err != nil {
		return column{}, false
	}
	w, least := resourceColumnWidth(c)
	return column{name, strings.ToUpper(name), w, least, least < w, func(e *model.Event) string { return c.Shown(e, t.res.values(e)) }}, true
}

// resourceColumnWidth is the width of a column of the link or the
// resource (id, status, amount…) and the least it is cut to.
func resourceColumnWidth(c model.Column) (width, least int) {
	switch c {
	case model.ColumnLink, model.ColumnDashboard:
		return 30, 12
	case model.ColumnFailure, model.ColumnDescription:
		return 24, 10
	case model.ColumnID, model.ColumnCustomer:
		return 14, 14 // tr_7UhSN1zuXS
	case model.ColumnAmount:
		return 11, 11 // EUR 1234.56
	case model.ColumnMethod:
		return 11, 11 // directdebit
	}
	return 10, 10 // authorized
}

// needsResources says whether a column shown reads the resources events
// link to, which the table then fetches for its rows, as --expand does.
func (t *eventTable) needsResources() bool {
	for _, name := range t.shownNames() {
		if c, err := model.ParseColumn(name); err == nil && c.FromResource() {
			return true
		}
	}
	return false
}

// printColumns are the chosen columns as --columns takes them, those a
// print has (delivery is the table's); "" for the default ones.
func (t *eventTable) printColumns() string {
	var names []string
	for _, name := range t.colNames {
		if _, err := model.ParseColumn(name); err == nil {
			names = append(names, name)
		}
	}
	return strings.Join(names, ",")
}

// noKeyNote says that the resources' columns shown stay empty where the
// resources are not held, as print mode does on stderr.
func (t *eventTable) noKeyNote() string {
	var names []string
	for _, name := range t.shownNames() {
		if c, err := model.ParseColumn(name); err == nil && c.FromResource() {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ") + ": set " + source.KeyEnv + " to fetch the linked resources"
}

// setColumns shows the columns named, in order; nil for the default ones.
// A resource's column has the table fetch its rows' resources.
func (t *eventTable) setColumns(names []string) {
	t.colNames = names
	t.res.expand = t.cfg.Expand || t.needsResources()
}
