package output

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// TestTableFitsAnyWidthFrom20: at every width from 20 to 130 cells, with
// and without a status column, and with the widest created-at and type
// there are, no line of -o table is wider than the width (a terminal would
// wrap it), every event keeps its line, and the message keeps a column.
func TestTableFitsAnyWidthFrom20(t *testing.T) {
	wide := &model.Event{Type: -2147483648, CreatedRaw: "2024-06-01T12:00:00.123456789Z",
		Created: time.Date(2024, 6, 1, 12, 0, 0, 123456789, time.UTC), Message: "Payment of EUR 1,234.56 paid 日本語 🎉",
		Links: []model.Link{{Name: "url", Href: "https://api.mollie.com/v2/payments/tr_WDqYK6vllg"}}, Source: "cst_8wmqcHMN4U"}
	wide.Line = cells.SafeLine(wide.Message)
	plain := &model.Event{Type: 200, CreatedRaw: "2024-03-20T09:13:37Z", Created: time.Date(2024, 3, 20, 9, 13, 37, 0, time.UTC),
		Message: "Customer created", Line: "Customer created", Source: "cst_vsKJpSsabw"}
	events := []*model.Event{wide, plain}
	for _, status := range []bool{false, true} {
		for width := 20; width <= 130; width++ {
			o := Options{Width: width}
			if status {
				o.Resource = func(*model.Event) ([]byte, *model.ResourceValues) {
					return nil, &model.ResourceValues{Status: "chargeback reversed"}
				}
			}
			var out strings.Builder
			if err := Print(&out, FormatTable, slices.Values(events), o); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != 1+len(events) || !strings.Contains(lines[0], "MESSAGE") || !strings.Contains(lines[2], "Cust") {
				t.Fatalf("width %d (status %v): the table lost a line or the message:\n%s", width, status, out.String())
			}
			for _, l := range lines {
				if w := runewidth.StringWidth(l); w > width {
					t.Fatalf("width %d (status %v): a line of %d cells: %q", width, status, w, l)
				}
			}
		}
	}
}
