package ui

import (
	"fmt"
	"strconv"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

const stateTypes state = "types"

// newTypePanel is the panel of t: every type present, with its count under
// the rest of the query and its most common message; it writes a type:
// term.
func newTypePanel(c *common) *panel {
	return &panel{common: c, title: "Event types", keys: newPanelKeys(),
		rows: func(l *model.List, q query.Query) []panelRow {
			var rows []panelRow
			for _, t := range l.TypeCounts() {
				rows = append(rows, panelRow{key: strconv.Itoa(t.Type),
					text:    fmt.Sprintf("%6d %9d  %s", t.Type, t.Count, t.TopMessage),
					allowed: !q.LimitsTypes() || q.AllowsType(t.Type)})
			}
			return rows
		},
		apply: func(q query.Query, keys []string) query.Query {
			var types []int
			for _, k := range keys {
				t, _ := strconv.Atoi(k)
				types = append(types, t)
			}
			return q.WithTypes(types)
		},
	}
}
