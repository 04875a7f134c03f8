package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// The help under the view in front: a line of hints, or with ? every key
// of the view and the global ones, reflowed into as many columns as the
// width holds, a page at a time when they do not fit the height.

// suspendHelp and quitHelp are what the full help says of ctrl+z, which
// the root handles before any key map, and of every key that quits.
var (
	suspendHelp = key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "suspend (fg returns)"))
	quitHelp    = key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q/ctrl+c", "quit"))
)

// shortHelpView is the hint line: the bindings in order, " • " between.
// Where they do not fit, hints give way from the end of the line, but not
// help, quit and back, so ? and q always show.
func shortHelpView(bindings []key.Binding, width int, st help.Styles) string {
	var items []string
	var keep []bool
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		h := b.Help()
		items = append(items, st.ShortKey.Inline(true).Render(h.Key)+" "+st.ShortDesc.Inline(true).Render(h.Desc))
		keep = append(keep, h.Key == "?" || h.Key == "q" || h.Key == "esc")
	}
	sep := st.ShortSeparator.Inline(true).Render(" • ")
	line := func() string {
		var shown []string
		for _, it := range items {
			if it != "" {
				shown = append(shown, it)
			}
		}
		return strings.Join(shown, sep)
	}
	for i := len(items) - 1; i >= 0 && ansi.StringWidthWc(line()) > width; i-- {
		if !keep[i] {
			items[i] = ""
		}
	}
	return ansi.TruncateWc(line(), width, "…")
}

// helpEntry is one key of the full help.
type helpEntry struct{ key, desc string }

// fullHelpEntries are the keys of groups, in order, with ctrl+z and every
// key that quits.
func fullHelpEntries(groups [][]key.Binding) []helpEntry {
	var out []helpEntry
	for _, g := range groups {
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			if slices.Equal(b.Keys(), quitHelp.Keys()) {
				b = quitHelp
			}
			out = append(out, helpEntry{b.Help().Key, b.Help().Desc})
		}
	}
	return append(out, helpEntry{suspendHelp.Help().Key, suspendHelp.Help().Desc})
}

// fullHelpGap is the space between columns of the full help.
const fullHelpGap = 4

// fullHelpView lays out entries down columns, as many columns as width
// holds, in at most rows rows. When they need more, it shows page (from
// 1) of them, with a last line saying how to see the next; pages is how
// many there are.
func fullHelpView(entries []helpEntry, width, rows, page int, st help.Styles) (text string, pages int) {
	rows = max(1, rows)
	cols, perCol := helpColumns(entries, width)
	if perCol <= rows {
		return renderHelpColumns(entries, cols, perCol, st), 1
	}
	// Paged: a line of each page says there is more.
	perCol = max(1, rows-1)
	perPage := cols * perCol
	pages = (len(entries) + perPage - 1) / perPage
	page = min(max(1, page), pages)
	from := (page - 1) * perPage
	shown := entries[from:min(len(entries), from+perPage)]
	text = renderHelpColumns(shown, cols, perCol, st)
	more := fmt.Sprintf("? next page (%d of %d) · esc closes", page, pages)
	if page == pages {
		more = fmt.Sprintf("? closes (page %d of %d)", page, pages)
	}
	return text + "\n" + st.Ellipsis.Render(more), pages
}

// helpColumns is the most columns of entries that fit width, filled down,
// and how many entries a column holds: as few rows as the width allows.
func helpColumns(entries []helpEntry, width int) (cols, perCol int) {
	n := len(entries)
	best := 1
	for c := 2; c <= n; c++ {
		if helpWidth(entries, (n+c-1)/c) <= width {
			best = c
		}
	}
	return best, (n + best - 1) / best
}

// helpWidth is the width of entries laid out perCol to a column.
func helpWidth(entries []helpEntry, perCol int) int {
	w := 0
	for i := 0; i < len(entries); i += perCol {
		col := entries[i:min(len(entries), i+perCol)]
		if i > 0 {
			w += fullHelpGap
		}
		kw, dw := entryWidths(col)
		w += kw + 1 + dw
	}
	return w
}

func entryWidths(col []helpEntry) (kw, dw int) {
	for _, e := range col {
		kw, dw = max(kw, ansi.StringWidthWc(e.key)), max(dw, ansi.StringWidthWc(e.desc))
	}
	return kw, dw
}

// renderHelpColumns draws entries perCol to a column, in cols columns.
func renderHelpColumns(entries []helpEntry, cols, perCol int, st help.Styles) string {
	lines := make([]strings.Builder, min(perCol, len(entries)))
	for c := range cols {
		from := c * perCol
		if from >= len(entries) {
			break
		}
		col := entries[from:min(len(entries), from+perCol)]
		kw, dw := entryWidths(col)
		for r := range lines {
			if c > 0 {
				lines[r].WriteString(strings.Repeat(" ", fullHelpGap))
			}
			if r >= len(col) {
				lines[r].WriteString(strings.Repeat(" ", kw+1+dw))
				continue
			}
			e := col[r]
			lines[r].WriteString(st.FullKey.Render(e.key+spaces(kw-ansi.StringWidthWc(e.key))) + " " +
				st.FullDesc.Render(e.desc+spaces(dw-ansi.StringWidthWc(e.desc))))
		}
	}
	out := make([]string, len(lines))
	for i := range lines {
		out[i] = strings.TrimRight(lines[i].String(), " ")
	}
	return strings.Join(out, "\n")
}
