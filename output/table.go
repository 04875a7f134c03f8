package output

import (
	"bufio"
	"iter"
	"slices"
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// tableGap is the space between two columns.
const tableGap = 2

// printTable lays the columns out under a header, each line at most the
// width (fitColumns), cut with "…".
func printTable(w *bufio.Writer, events iter.Seq[*model.Event], o Options) {
	width := o.Width
	if width <= 0 {
		width = 120
	}
	cols := o.columns()
	head := columnTitles(cols, true)
	widths := make([]int, len(head))
	for i, h := range head {
		widths[i] = len(h)
	}
	var shown []string
	for e := range events {
		shown = o.shownRow(shown, e)
		for i, c := range shown {
			widths[i] = max(widths[i], cells.Width(c))
		}
	}
	widths = fitColumns(cols, widths, width)
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
		shown = o.shownRow(shown, e)
		row(shown)
	}
}

// widest is how wide a column gets at most in a table width cells wide;
// 0 for no bound (created, type) and for the message, which takes the
// rest.
func widest(c model.Column, width int) int {
	switch c {
	case model.ColumnLink, model.ColumnDashboard:
		return max(24, width/4)
	case model.ColumnDescription, model.ColumnFailure:
		return 30
	case model.ColumnSource, model.ColumnID, model.ColumnCustomer:
		return 20
	case model.ColumnStatus, model.ColumnMethod, model.ColumnAmount:
		return 12
	}
	return 0
}

// isText says whether c holds text, which reads cut, rather than an ID,
// an amount or a status, which do not.
func isText(c model.Column) bool {
	switch c {
	case model.ColumnLink, model.ColumnSource, model.ColumnDashboard, model.ColumnFailure, model.ColumnDescription:
		return true
	}
	return false
}

// fitColumns fits columns cols of natural widths nat into width cells,
// gaps included. Created and type keep their width; the others get at
// most widest, and the message the rest. When the message would get
// fewer than 16 cells the others give way, down to their headers: the
// texts (link, source, dashboard, failure, description) left to right,
// then the rest (IDs, amounts, statuses), which are little use cut; when
// it would get fewer than 7 (its header), they are left out (0) in that
// order, then the type; below that the created-at is cut.
// Without a message the same happens when the columns do not fit. So a
// table fits any width from 20 cells without wrapping.
func fitColumns(cols []model.Column, nat []int, width int) []int {
	w := slices.Clone(nat)
	msg := slices.Index(cols, model.ColumnMessage)
	var text, atoms []int // the columns that give way, in order: text before IDs, amounts, statuses
	for i, c := range cols {
		if most := widest(c, width); most > 0 {
			w[i] = min(w[i], most)
			if isText(c) {
				text = append(text, i)
			} else {
				atoms = append(atoms, i)
			}
		}
	}
	yielding := append(text, atoms...)
	rest := func() int { // the room left for the message
		r := width
		if msg < 0 {
			r += tableGap
		}
		for i, c := range w {
			if i != msg && c > 0 {
				r -= c + tableGap
			}
		}
		return r
	}
	roomy, least := 16, len("MESSAGE")
	if msg < 0 {
		roomy, least = 0, 0
	}
	for _, i := range yielding {
		if r := rest(); r < roomy {
			w[i] = max(len(cols[i].String()), w[i]-(roomy-r))
		}
	}
	if t := slices.Index(cols, model.ColumnType); t >= 0 {
		yielding = append(yielding, t)
	}
	for _, i := range yielding {
		if rest() >= least {
			break
		}
		w[i] = 0
	}
	if c := slices.Index(cols, model.ColumnCreated); c >= 0 && rest() < least {
		w[c] = max(1, w[c]-(least-rest()))
	}
	if msg >= 0 {
		w[msg] = max(1, min(w[msg], rest()))
	}
	return w
}
