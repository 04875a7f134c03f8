package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

const stateTypes state = "types"

// newTypePanel is the panel of t: every type present, with its count under
// the rest of the query and its most common message; it writes a type:
// term.
func newTypePanel(c *common) *panel {
	keys := newPanelKeys()
	keys.Sort.SetHelp("s", "sort by count/type")
	return &panel{common: c, title: "Event types", by: "type", keys: keys,
		rows: func(l *model.List, q query.Query) []panelRow {
			counts := l.TypeCounts()
			width := 0
			for _, t := range counts {
				width = max(width, ansi.StringWidth(typeCell(t.Type, t.TypeName, c.cfg.TypeNames[t.Type], 0)))
			}
			width = min(width, maxTypeWidth)
			var rows []panelRow
			for _, t := range counts {
				label := strings.ToLower(strings.TrimSpace(typeCell(t.Type, t.TypeName, c.cfg.TypeNames[t.Type], 0)))
				rows = append(rows, panelRow{key: t.TypeText(), count: t.Count, label: label,
					text:    fmt.Sprintf("%s %9d  %s", typeCell(t.Type, t.TypeName, c.cfg.TypeNames[t.Type], width), t.Count, t.TopMessage),
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

// numberCell is the cells a number takes in the type panel, right-aligned.
const numberCell = 6

// typeCell writes a type in width cells, left-aligned and cut to fit (as
// it is for width 0): a number right-aligned in numberCell cells, then the
// name it is known by if any ("   222 Payment failed"), or a name (ASCII
// only, see query.IsTypeName).
func typeCell(num int, name, known string, width int) string {
	if name == "" {
		name = fmt.Sprintf("%*d", numberCell, num)
		if known != "" {
			name += " " + cells.SanitizeLine(known)
		}
	}
	if width == 0 {
		return name
	}
	return fitCell(name, width)
}
