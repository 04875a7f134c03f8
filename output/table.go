package output

import (
	"bufio"
	"iter"
	"slices"
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// The table's columns, in order; status only with --expand.
const (
	colCreated = iota
	colType
	colMessage
	colLink
	colSource
	colStatus
)

// tableGap is the space between two columns.
const tableGap = 2

// printTable lays the tsv columns out under a header, each line at most
// the width (fitColumns), cut with "…".
func printTable(w *bufio.Writer, events iter.Seq[*model.Event], o Options) {
	width := o.Width
	if width <= 0 {
		width = 120
	}
	head := []string{"CREATED", "TYPE", "MESSAGE", "LINK", "SOURCE"}
	if o.Resource != nil {
		head = append(head, "STATUS")
	}
	widths := make([]int, len(head))
	for i, h := range head {
		widths[i] = len(h)
	}
	rowCells := func(e *model.Event) []string {
		c := []string{e.UTCTime(), typeText(e), string(e.Line), cells.SanitizeLine(e.URL()), string(e.Source)}
		if o.Resource != nil {
			_, status := o.Resource(e)
			c = append(c, cells.SanitizeLine(status))
		}
		return c
	}
	for e := range events {
		for i, c := range rowCells(e) {
			widths[i] = max(widths[i], cells.Width(c))
		}
	}
	widths = fitColumns(widths, width)
	row := func(c []string) {
		var line strings.Builder
		for i, s := range c {
			if widths[i] == 0 {
				continue // given way to a narrow width
			}
			if line.Len() > 0 {
				line.WriteString(strings.Repeat(" ", tableGap))
			}
			line.WriteString(cells.Pad(cells.Truncate(s, widths[i], "…"), widths[i]))
		}
		w.WriteString(strings.TrimRight(line.String(), " "))
		w.WriteByte('\n')
	}
	row(head)
	for e := range events {
		row(rowCells(e))
	}
}

// fitColumns fits columns of natural widths nat (created, type, message,
// link, source and perhaps status) into width cells, gaps included.
// Created and type keep their width; the link gets at most a quarter of
// the width, the source 20 cells, the status 12, and the message the rest.
// When the message would get fewer than 16 cells the link gives way, then
// the source, down to their headers; when it would get fewer than 7 (its
// header), columns are left out (0), the link first, then the source, the
// status and the type; below that the created-at is cut. So a table fits
// any width from 20 cells without wrapping.
func fitColumns(nat []int, width int) []int {
	w := slices.Clone(nat)
	w[colLink] = min(w[colLink], max(24, width/4))
	w[colSource] = min(w[colSource], 20)
	if len(w) > colStatus {
		w[colStatus] = min(w[colStatus], 12)
	}
	rest := func() int { // the room left for the message
		r := width
		for i, c := range w {
			if i != colMessage && c > 0 {
				r -= c + tableGap
			}
		}
		return r
	}
	const roomy, least = 16, len("MESSAGE")
	for _, c := range []struct{ col, floor int }{{colLink, len("LINK")}, {colSource, len("SOURCE")}} {
		if r := rest(); r < roomy {
			w[c.col] = max(c.floor, w[c.col]-(roomy-r))
		}
	}
	for _, col := range []int{colLink, colSource, colStatus, colType} {
		if rest() >= least {
			break
		}
		if col < len(w) {
			w[col] = 0
		}
	}
	if r := rest(); r < least {
		w[colCreated] = max(1, w[colCreated]-(least-r))
	}
	w[colMessage] = max(1, min(w[colMessage], rest()))
	return w
}
