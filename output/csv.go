package output

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/eventbrowser/eventbrowser/model"
)

// csvRows writes events as RFC 4180 CSV under a header row of the
// columns' names: created, type, message, link, source, and status with
// --expand, unless others are chosen. Text is sanitized as in tsv. A
// field a spreadsheet would run as a formula (starting with =, +, -, @, a
// tab or a carriage return) gets a leading ' so that opening the export
// runs nothing (OWASP, "CSV injection").
type csvRows struct {
	cw  *csv.Writer
	o   Options
	row []string
}

func newCSVRows(w io.Writer, o Options) *csvRows {
	return &csvRows{cw: csv.NewWriter(w), o: o}
}

// header writes the header row.
func (c *csvRows) header() error {
	return c.cw.Write(columnTitles(c.o.columns(), false))
}

// write writes e's row.
func (c *csvRows) write(e *model.Event) error {
	c.row = c.o.shownRow(c.row, e)
	for i, col := range c.o.columns() {
		if col != model.ColumnCreated && col != model.ColumnType { // the texts; created and type are ours
			c.row[i] = defuseFormula(c.row[i])
		}
	}
	return c.cw.Write(c.row)
}

// flush writes out the rows the csv.Writer buffers.
func (c *csvRows) flush() error {
	c.cw.Flush()
	return c.cw.Error()
}

// defuseFormula prefixes a field a spreadsheet would read as a formula with
// a quote, which makes it text.
func defuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
