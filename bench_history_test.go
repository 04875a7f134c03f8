package main

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// BenchmarkHistoryPeakRSS is the interactive table on the rebuilt history
// of an account of 100k payments (2,000 customers; molliefake on
// loopback, --history resources --all-customers), in tmux, as
// BenchmarkTablePeakRSS measures a file: seconds until all are in, peak
// RSS and CPU time by then and RSS a second later, medians of
// -benchtime's runs, and the peak in bytes an event (peak-B/event); the
// seconds wait on the fake's some 7,000 answers, the CPU time less so. The
// table holds every resource read, in a temporary file (source.Held), so
// that the detail view shows it without a request. BEFORE=path/to/binary
// takes turns as in BenchmarkTablePeakRSS and adds its figures and the
// ratios. Issue 25 asks that a history take the bytes an event a file
// does: a file of as many customer events takes turns too, and
// peak-MB/customer is the ratio of the peaks, which is the ratio of the
// bytes an event, start-up included.
func BenchmarkHistoryPeakRSS(b *testing.B) {
	srv := molliefake.New(b)
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 2000, Payments: 100_000, Seed: 25})
	bins := []string{buildBinary(b)}
	if before := os.Getenv("BEFORE"); before != "" {
		bins = append(bins, before)
	}
	customer := generated(b, "customer.ndjson", acct.Events, eventgen.WriteNDJSON)
	all := model.Thousands(acct.Events) + " events"
	runs := make([][]tableFigures, len(bins))
	var custs []tableFigures
	for b.Loop() {
		for i, bin := range bins {
			runs[i] = append(runs[i], commandRun(b, fmt.Sprintf("exec env MOLLIE_API_KEY=%q %q --api-url %q --history resources --all-customers",
				srv.Key, bin, srv.URL), all))
		}
		custs = append(custs, tableRun(b, bins[0], customer, all))
	}
	perEvent := func(m tableFigures) float64 { return float64(m.peakKB) * 1024 / float64(acct.Events) }
	// While a load reads the lists, the status line says how far it is
	// rather than how many events: s-first would be s-all.
	figs := slices.DeleteFunc(slices.Clone(tableFigureNames), func(f tableFigure) bool { return f.name == "s-first" })
	for i, prefix := range []string{"", "before-"}[:len(bins)] {
		for _, fig := range figs {
			b.ReportMetric(medianOf(runs[i], fig.get), prefix+fig.name)
		}
		b.ReportMetric(medianOf(runs[i], perEvent), prefix+"peak-B/event")
	}
	if len(bins) == 2 {
		for _, fig := range figs {
			b.ReportMetric(medianOf(runs[0], fig.get)/medianOf(runs[1], fig.get), fig.name+"/before")
		}
	}
	b.ReportMetric(medianOf(custs, perEvent), "customer-peak-B/event")
	b.ReportMetric(medianOf(runs[0], tableFigureNames[2].get)/medianOf(custs, tableFigureNames[2].get), "peak-MB/customer")
	b.ReportMetric(float64(acct.Events), "events")
}
