package source

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// BenchmarkFanOut loads 500 customers from a server that takes 20 ms per
// answer, through the client Mollie makes itself. The ideal is 500 × 20 ms
// ÷ concurrency; x-ideal is how far from it a load is (target: ≤ 1.3).
//
//	go test -run xxx -bench FanOut -benchtime 1x ./source/
func BenchmarkFanOut(b *testing.B) {
	const (
		customers = 500
		events    = 5
		latency   = 20 * time.Millisecond
	)
	for _, conc := range []int{1, 8} {
		b.Run(fmt.Sprintf("conc=%d", conc), func(b *testing.B) {
			srv := molliefake.New(b, molliefake.WithIncludeEvents(), molliefake.WithLatency(latency))
			ids := srv.AddGenerated(customers, events, 1)
			m := &Mollie{BaseURL: srv.URL, Key: srv.Key, Customers: ids, Concurrency: conc,
				Timeout: 10 * time.Second, UserAgent: "eventbrowser/bench"}
			maxInFlight := 0
			b.ResetTimer()
			for range b.N {
				srv.ResetStats()
				got, failed := 0, 0
				err := m.Load(context.Background(), func(bt Batch) {
					got += bt.Len()
					failed += len(bt.Failures)
				})
				if err != nil || failed > 0 || got != customers*events {
					b.Fatalf("Load: %v; %d failed, %d events of %d", err, failed, got, customers*events)
				}
				maxInFlight = max(maxInFlight, srv.MaxInFlight())
			}
			b.StopTimer()
			ideal := (customers * latency / time.Duration(conc)).Seconds()
			perLoad := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(ideal, "ideal-s")
			b.ReportMetric(perLoad/ideal, "x-ideal")
			b.ReportMetric(float64(maxInFlight), "max-in-flight")
		})
	}
}
