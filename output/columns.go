package output

import (
	"bufio"
	"strings"

	"github.com/eventbrowser/eventbrowser/model"
)

// defaultColumns are what tsv, csv and table print without --columns:
// created, type, message, link and source, and the status with --expand.
var defaultColumns = []model.Column{model.ColumnCreated, model.ColumnType, model.ColumnMessage,
	model.ColumnLink, model.ColumnSource, model.ColumnStatus}

// columns are the columns o prints: those chosen, else the default ones.
func (o Options) columns() []model.Column {
	switch {
	case len(o.Columns) > 0:
		return o.Columns
	case o.Resource != nil:
		return defaultColumns
	}
	return defaultColumns[:len(defaultColumns)-1]
}

// resource is what is known of e's resource: nil without --expand or
// when it is not known.
func (o Options) resource(e *model.Event) *model.ResourceValues {
	if o.Resource == nil {
		return nil
	}
	_, r := o.Resource(e)
	return r
}

// shownRow fills row with e's columns as tsv, csv and table show them.
func (o Options) shownRow(row []string, e *model.Event) []string {
	r := o.resource(e)
	row = row[:0]
	for _, c := range o.columns() {
		row = append(row, c.Shown(e, r))
	}
	return row
}

// appendColumnsTSV appends e's chosen columns as a tsv line.
func (o Options) appendColumnsTSV(b []byte, e *model.Event) []byte {
	r := o.resource(e)
	for i, c := range o.Columns {
		if i > 0 {
			b = append(b, '\t')
		}
		b = append(b, c.Shown(e, r)...)
	}
	return append(b, '\n')
}

// appendColumnsJSON appends e's chosen columns as one JSON object, keyed
// by their names, the values as the event and the API wrote them.
func (o Options) appendColumnsJSON(b []byte, e *model.Event, w *bufio.Writer) []byte {
	r := o.resource(e)
	b = append(b, '{')
	for i, c := range o.Columns {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, c.String())
		b = append(b, ':')
		b = appendStringTo(b, c.Value(e, r), w)
	}
	return append(b, '}')
}

// columnTitles are the names of cols as a header shows them: upper case
// in a table, as typed in csv.
func columnTitles(cols []model.Column, upper bool) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.String()
		if upper {
			out[i] = strings.ToUpper(out[i])
		}
	}
	return out
}
