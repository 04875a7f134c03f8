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
			counts := l.TypeCounts()
			width := 6 // numbers right-aligned in it, names left-aligned
			for _, t := range counts {
				width = max(width, min(len(t.TypeName), maxTypeWidth))
			}
			var rows []panelRow
			for _, t := range counts {
				rows = append(rows, panelRow{key: t.TypeText(),
					text:    fmt.Sprintf("%s %9d  %s", typeCell(t.Type, t.TypeName, width), t.Count, t.TopMessage),
					allowed: !q.LimitsTypes() || q.AllowsType(t.Type, t.TypeName)})
			}
			return rows
		},
		apply: func(q query.Query, keys []string) query.Query {
			var nums []int
			var names []string
			for _, k := range keys {
				if n, err := strconv.Atoi(k); err == nil {
					nums = append(nums, n)
				} else {
					names = append(names, k)
				}
			}
			return q.WithTypes(nums, names)
		},
	}
}

// maxTypeWidth is the most a named type takes in the table and the type
// panel; a longer one is cut with an ellipsis.
const maxTypeWidth = 32

// typeCell writes a type in width cells: a number right-aligned, a name
// (ASCII only, see query.IsTypeName) left-aligned and cut to fit.
func typeCell(num int, name string, width int) string {
	if name == "" {
		return fmt.Sprintf("%*d", width, num)
	}
	if len(name) > width {
		name = name[:width-1] + "…"
	}
	return fmt.Sprintf("%-*s", width, name)
}
