package ui

import (
	"fmt"

	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/model"
)

const stateSources state = "sources"

// newSourcePanel is the panel of c: every source (customer or file) with
// its count under the rest of the query and, for an API customer, its
// name; it writes a source: term.
func newSourcePanel(c *common) *panel {
	return &panel{common: c, title: "Sources", keys: newPanelKeys(),
		rows: func(l *model.List, q model.Query) []panelRow {
			counts := l.SourceCounts()
			width := len("SOURCE")
			for _, s := range counts {
				width = min(max(width, ansi.StringWidth(model.SanitizeLine(s.Source))), 40)
			}
			rows := make([]panelRow, 0, len(counts))
			for _, s := range counts {
				shown := model.SanitizeLine(s.Source)
				shown += spaces(width - ansi.StringWidth(shown))
				rows = append(rows, panelRow{key: s.Source,
					text:    fmt.Sprintf("%s %9d  %s", shown, s.Count, model.SanitizeLine(c.names[s.Source])),
					allowed: !q.LimitsSources() || q.AllowsSource(s.Source)})
			}
			return rows
		},
		apply: func(q model.Query, keys []string) model.Query { return q.WithSources(keys) },
	}
}
