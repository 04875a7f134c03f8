package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

const stateSources state = "sources"

// newSourcePanel is the panel of c: every source (customer or file) with
// its count under the rest of the query and, for an API customer, its
// name; it writes a source: term.
func newSourcePanel(c *common) *panel {
	keys := newPanelKeys()
	keys.Sort.SetHelp("s", "sort by count/name")
	return &panel{common: c, title: "Sources", by: "name", keys: keys,
		rows: func(l *model.List, q query.Query) []panelRow {
			counts := l.SourceCounts()
			width := len("SOURCE")
			for _, s := range counts {
				width = min(max(width, ansi.StringWidthWc(string(s.Source))), 40)
			}
			rows := make([]panelRow, 0, len(counts))
			for _, s := range counts {
				src := string(s.Source)
				shown := src + spaces(width-ansi.StringWidthWc(src))
				rows = append(rows, panelRow{key: src, count: s.Count, label: strings.ToLower(src + " " + c.names[src]),
					text:    fmt.Sprintf("%s %9d  %s", shown, s.Count, cells.SanitizeLine(c.names[src])),
					allowed: !q.LimitsSources() || q.AllowsSource(src)})
			}
			return rows
		},
		apply: func(q query.Query, keys []string) query.Query { return q.WithSources(keys) },
	}
}
