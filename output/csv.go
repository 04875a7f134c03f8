package output

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// csvRows writes events as RFC 4180 CSV under a header row: created,
// type, message, link, source, and status with --expand. Text is
// sanitized as in tsv. A field a spreadsheet would run as a formula
// (starting with =, +, -, @, a tab or a carriage return) gets a leading
// ' so that opening the export runs nothing (OWASP, "CSV injection").
type csvRows struct {
	cw  *csv.Writer
	o   Options
	row []string
}

func newCSVRows(w io.Writer, o Options) *csvRows {
	n := 5
	if o.Resource != nil {
		n++
	}
	return &csvRows{cw: csv.NewWriter(w), o: o, row: make([]string, n)}
}

// header writes the header row.
func (c *csvRows) header() error {
	head := []string{"created", "type", "message", "link", "source", "status"}
	return c.cw.Write(head[:len(c.row)])
}

// write writes e's row.
func (c *csvRows) write(e *model.Event) error {
	row := c.row
	row[0], row[1], row[2], row[3], row[4] = e.UTCTime(), typeText(e), string(e.Line), cells.SanitizeLine(e.URL()), string(e.Source)
	if c.o.Resource != nil {
		_, status := c.o.Resource(e)
		row[5] = cells.SanitizeLine(status)
	}
	for i := 2; i < len(row); i++ { // the texts; created and type are ours
		row[i] = defuseFormula(row[i])
	}
	return c.cw.Write(row)
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
