package model

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
)

// capturedDay is a day of webhook events as `eventbrowser listen` keeps
// them: n NDJSON lines, each event with its entity embedded.
func capturedDay(b *testing.B, n int) []byte {
	key := fmt.Sprint("webhook/", n)
	if v, ok := genCache.Load(key); ok {
		return v.([]byte)
	}
	var buf bytes.Buffer
	if err := eventgen.WriteWebhooks(&buf, eventgen.Options{N: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	genCache.Store(key, buf.Bytes())
	return buf.Bytes()
}

// BenchmarkCaptured loads, in one run, 1M webhook events as a day of
// `eventbrowser listen` captures them (eventgen.WriteWebhooks: payments
// paid, failed, expired…, refunds and chargebacks, each event about 1.4 KB
// with its entity embedded) and 1M customer events as NDJSON (about
// 200 B each), into the interactive list as BenchmarkLoad does. It
// reports each file's events/s and the bytes each event keeps in the list
// after GC, and the captured file's load time against the customer file's
// per event and per byte (1.0: as fast).
func BenchmarkCaptured(b *testing.B) {
	const n = 1_000_000
	captured, customers := capturedDay(b, n), generated(b, true, n)
	load := func(data []byte) time.Duration {
		start := time.Now()
		if l := loadList(data); l.Total() != n {
			b.Fatalf("%d events, want %d", l.Total(), n)
		}
		return time.Since(start)
	}
	var tc, tn time.Duration
	for b.Loop() {
		tn += load(customers)
		tc += load(captured)
	}
	b.ReportMetric(n*float64(b.N)/tc.Seconds(), "events/s-captured")
	b.ReportMetric(n*float64(b.N)/tn.Seconds(), "events/s-ndjson")
	b.ReportMetric(tc.Seconds()/tn.Seconds(), "x-per-event")
	b.ReportMetric(tc.Seconds()/tn.Seconds()*float64(len(customers))/float64(len(captured)), "x-per-byte")
	b.ReportMetric(retained(func() any { return loadList(captured) })/n, "B/event-captured")
	b.ReportMetric(retained(func() any { return loadList(customers) })/n, "B/event-ndjson")
}
