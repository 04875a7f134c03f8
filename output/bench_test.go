package output

import (
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
)

// benchEvents are n customer events of a few sources, with links.
func benchEvents(n int) []*model.Event {
	at := time.Date(2024, 3, 20, 9, 13, 37, 0, time.UTC)
	events := make([]*model.Event, n)
	for i := range events {
		e := &model.Event{Type: 200 + i%40, Created: at.Add(time.Duration(i) * time.Minute),
			Message: fmt.Sprintf("Payment tr_%010d failed: insufficient funds", i), Source: "cst_8wmqcHMN4U",
			Links: []model.Link{{Name: "url", Href: fmt.Sprintf("https://api.mollie.com/v2/payments/tr_%010d", i)}}}
		e.Finish()
		events[i] = e
	}
	return events
}

// BenchmarkPrint prints 10,000 events in the formats whose columns are
// laid out by name, with their own columns.
func BenchmarkPrint(b *testing.B) {
	events := benchEvents(10000)
	for _, f := range []Format{FormatTSV, FormatCSV, FormatTable} {
		b.Run(f.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Print(io.Discard, f, slices.Values(events), Options{Width: 120}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPrintColumns prints 10,000 events with chosen columns.
func BenchmarkPrintColumns(b *testing.B) {
	events := benchEvents(10000)
	cols := []model.Column{model.ColumnCreated, model.ColumnID, model.ColumnMessage, model.ColumnCustomer}
	for _, f := range []Format{FormatTSV, FormatCSV, FormatTable, FormatNDJSON} {
		b.Run(f.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Print(io.Discard, f, slices.Values(events), Options{Width: 120, Columns: cols}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
