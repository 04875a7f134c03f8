package source

import (
	"context"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/eventbrowser/eventbrowser/internal/measure"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// BenchmarkHistoryFootprint is where the bytes of a rebuilt history of
// 100k payments go: an account of 2,000 customers (molliefake on
// loopback, 214k events) loaded as the table loads it (--history
// resources --all-customers), in the list and in the Held that keeps every
// resource's body for the detail view, in bytes an event: the list's parts
// by capacity (model.List.Footprint), the held bodies (held) and the map
// of their URLs (held-map), and the heap each keeps after GC
// (list-retained, held-retained; together, retained). Issue 25, measured
// in one run at the commit before its work on histories and after it:
//
//	part                   before  after
//	records                  51.8   32.6  a chunk a page, copied into the list's own segment, which doubled
//	links                    21.7   10.7  and kept up to half its room: now chunks of 4,096 events, kept as
//	tails                    51.5   37.8  they are (trimmed), and the own segment trimmed past 64K events
//	messages                119.6  119.6  one of its own for every event: "Payment paid · creditcard · €1.23 · Order #5"
//	projection, sorted+view  57.7   40.2  merged into once a chunk: fewer chunks, less room grown
//	list retained           316.1  258.4
//	held bodies             392.5   75.5  blocks of 32 KB of bodies, compressed (s2): about a fifth
//	held map                 39.1   22.4  by a hash of the URL, 16 bytes an entry, not by the URL
//	held retained           515.5  103.1  the URLs, and the load's map of payments' owners, were views of
//	                                      the list pages, which stayed whole
//	retained                831.6  361.5  0.43×
//
// What is left is the messages: the store interns each (a map entry, a
// string in the list and one for its display form besides its bytes),
// which a history, whose every message is its own, does not need.
// BenchmarkHistoryPeakRSS (the repository's root) measures the whole
// process.
func BenchmarkHistoryFootprint(b *testing.B) {
	srv := molliefake.New(b, molliefake.WithKey(testKey))
	srv.AddHistory(molliefake.HistoryOptions{Customers: 2000, Payments: 100_000, Seed: 25})
	var l *model.List
	var held *Held
	for b.Loop() {
		l, held = loadHistory(b, srv, true)
	}
	n := float64(l.Total())
	for _, p := range l.Footprint() {
		b.ReportMetric(float64(p.Bytes)/n, p.Name+"-B/event")
	}
	for _, p := range held.footprint() {
		b.ReportMetric(float64(p.Bytes)/n, p.Name+"-B/event")
	}
	l, held = nil, nil
	list := measure.Retained(func() any { l, _ := loadHistory(b, srv, false); return l })
	all := measure.Retained(func() any { l, h := loadHistory(b, srv, true); return []any{l, h} })
	b.ReportMetric(list/n, "list-retained-B/event")
	b.ReportMetric((all-list)/n, "held-retained-B/event")
	b.ReportMetric(all/n, "retained-B/event")
	b.ReportMetric(n, "events")
	runtime.KeepAlive(srv) // else freed during the last measure, and counted off it
}

// loadHistory is what the table keeps of the rebuilt history of srv's
// account: its list, browsed once (filtered, then not), and what Held
// keeps of the resources read (nil unless hold).
func loadHistory(tb testing.TB, srv *molliefake.Server, hold bool) (*model.List, *Held) {
	m := rebuildMollie(srv, HistoryResources)
	m.AllCustomers = true
	if !hold {
		m.Held = nil
	}
	l := model.NewList()
	if err := m.Load(context.Background(), func(b Batch) { l.AppendChunks(b.Chunks...) }); err != nil {
		tb.Fatal(err)
	}
	srv.ResetStats() // the fake's log of requests is not the table's
	for _, q := range []string{"pay", ""} {
		parsed, err := query.Parse(q, time.Now(), time.UTC)
		if err != nil {
			tb.Fatal(err)
		}
		l.SetQuery(parsed)
	}
	if m.Held != nil {
		m.Held.Len() // indexed, as once the detail view asks
	}
	return l, m.Held
}

// footprint is what h holds in memory: the blocks of bodies, and the map
// of their URLs' hashes (an entry and the map's overhead, 24 bytes), the
// blocks' headers and the places of those in the temporary file.
func (h *Held) footprint() []model.FootprintPart {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := &h.store
	s.index(nil)
	places := 0
	for _, r := range h.files.runs {
		places += cap(r.refs)*int(unsafe.Sizeof(entityRef(0))) + int(unsafe.Sizeof(r))
	}
	return []model.FootprintPart{{Name: "held", Bytes: int(s.total)},
		{Name: "held-map", Bytes: len(s.at)*(8+8+24) + cap(s.blocks)*int(unsafe.Sizeof(heldBlock{})) + places}}
}
