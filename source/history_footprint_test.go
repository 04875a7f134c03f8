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
// by capacity (model.List.Footprint), the held bodies in memory (held) and
// the map of their URLs and the places of those in the temporary file
// (held-map), and the heap each keeps after GC (list-retained,
// held-retained; together, retained). Issue 25, measured in one run at
// c7d4381 and after its second round of work on histories:
//
//	part                   before  after
//	records                  32.4   32.2
//	links                    10.6    5.7  the events of one object share their links, as webhook events do
//	tails                    37.2   20.1
//	messages                 73.3   75.1  copied into blocks many share, not a string each; the list's arrays
//	projection, sorted+view  28.0   30.9  grow by a quarter while the total is not known (a copy at every
//	                                      chunk before, 200 MB of garbage a load), up to a quarter unfilled
//	list retained           194.2  173.6
//	held bodies              75.3    0    written to a temporary file, deleted once made, read back when shown
//	held map                 22.4    4.3  8 bytes a place in it, by the object's ID, as captured entities are
//	held retained           106.2    5.6
//	retained                300.4  179.2  0.60×
//
// A customer file keeps 95 bytes an event in its list (BenchmarkFootprint
// in model): what a history keeps more is its messages, each its own
// ("Payment paid · creditcard · €1.23 · Order #5", some 55 bytes, and a
// string header). BenchmarkHistoryPeakRSS (the repository's root)
// measures the whole process.
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
