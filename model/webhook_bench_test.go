package model

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
	"github.com/eventbrowser/eventbrowser/internal/measure"
	"github.com/eventbrowser/eventbrowser/query"
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

// BenchmarkCaptured loads, in one run, 1M (and 100k) webhook events as a day of
// `eventbrowser listen` captures them (eventgen.WriteWebhooks: payments
// paid, failed, expired…, refunds and chargebacks, each event about 1.4 KB
// with its entity embedded) and as many customer events as NDJSON (about
// 200 B each), into the interactive list as BenchmarkLoad does. It
// reports each file's events/s and the bytes each event keeps in the list
// after GC, and the captured file's load time against the customer file's
// per event and per byte (1.0: as fast), on the clock and in CPU time.
func BenchmarkCaptured(b *testing.B) {
	for _, sz := range sizes[1:] {
		b.Run(sz.name, func(b *testing.B) { benchCaptured(b, sz.n) })
	}
}

func benchCaptured(b *testing.B, n int) {
	captured, customers := capturedDay(b, n), generated(b, true, n)
	// wall and cpu add up each file's load times, on the clock and in CPU
	// time (both cores, the garbage collector's work included).
	var wall, cpu [2]time.Duration
	load := func(k int, data []byte) {
		runtime.GC() // each load from a clean heap, not the other's garbage
		start, startCPU := time.Now(), measure.CPUTime()
		if l := loadList(data); l.Total() != n {
			b.Fatalf("%d events, want %d", l.Total(), n)
		}
		wall[k] += time.Since(start)
		cpu[k] += measure.CPUTime() - startCPU
	}
	for b.Loop() {
		load(0, customers)
		load(1, captured)
	}
	perByte := float64(len(customers)) / float64(len(captured))
	b.ReportMetric(float64(n*b.N)/wall[1].Seconds(), "events/s-captured")
	b.ReportMetric(float64(n*b.N)/wall[0].Seconds(), "events/s-ndjson")
	b.ReportMetric(wall[1].Seconds()/wall[0].Seconds(), "x-per-event")
	b.ReportMetric(wall[1].Seconds()/wall[0].Seconds()*perByte, "x-per-byte")
	if cpu[0] > 0 {
		b.ReportMetric(cpu[1].Seconds()/cpu[0].Seconds(), "x-per-event-cpu")
		b.ReportMetric(cpu[1].Seconds()/cpu[0].Seconds()*perByte, "x-per-byte-cpu")
	}
	b.ReportMetric(measure.Retained(func() any { return loadList(captured) })/float64(n), "B/event-captured")
	b.ReportMetric(measure.Retained(func() any { return loadList(customers) })/float64(n), "B/event-ndjson")
}

// capturedList is 1M captured webhook events in a list, loaded once.
func capturedList(b *testing.B) *List {
	l := loadList(capturedDay(b, 1_000_000))
	if l.Total() != 1_000_000 {
		b.Fatalf("%d events", l.Total())
	}
	return l
}

// BenchmarkFilterCaptured is one keystroke of the text filter, or of a
// regexp, at 1M captured events, each with a message of its own ("Payment
// paid · ideal · €94.09 · Order #512409"): every message is matched again,
// or every template (a word, or a regexp, that matches no digit).
func BenchmarkFilterCaptured(b *testing.B) {
	l := capturedList(b)
	for _, tt := range []struct{ name, q string }{
		{"word", "p|pa|pay|paym|!pay"},
		{"digits", "9|94|94.|94.0|!94"},
		{"regexp", "/ide/|/idea/|/ideal/|/ideal /|/ideal ·/"},
		{"regexp-digits", `/€9/|/€94/|/€94\./|/€94\.0/|/€94\.09/`},
	} {
		b.Run(tt.name, func(b *testing.B) {
			var qs []query.Query
			for s := range strings.SplitSeq(tt.q, "|") {
				qs = append(qs, mustQuery(b, s))
			}
			i := 0
			for b.Loop() {
				l.SetQuery(qs[i%len(qs)])
				i++
			}
			l.SetQuery(query.Query{})
		})
	}
}

// BenchmarkSortCaptured is changing the sort, the message's among them, at
// 1M captured events.
func BenchmarkSortCaptured(b *testing.B) {
	l := capturedList(b)
	sorts := []Sort{{Key: SortMessage}, DefaultSort}
	i := 0
	for b.Loop() {
		l.SetSort(sorts[i%len(sorts)])
		i++
	}
}

// BenchmarkTypeCountsCaptured is the type panel's first count at 1M
// captured events: every type's count and its top message, read from
// every event.
func BenchmarkTypeCountsCaptured(b *testing.B) {
	l := capturedList(b)
	for b.Loop() {
		l.typeMsgs = typeMessages{} // the first count, not a catch-up
		l.TypeCounts()
	}
}
