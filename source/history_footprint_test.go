package source

import (
	"bytes"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

// BenchmarkHistoryFootprint is where the bytes of a rebuilt history of
// 100k payments go (paymentPages: 180k events), in the list as the table
// holds it and in the Held that keeps every payment's body for the detail
// view, in bytes an event: the list's parts by capacity (model.List.Footprint),
// the held bodies (held-B/event) and the map of their URLs (held-map), and
// the heap each keeps after GC (list-retained, held-retained; together,
// retained).
func BenchmarkHistoryFootprint(b *testing.B) {
	pages := paymentPages(100_000)
	var l *model.List
	var held *Held
	for b.Loop() {
		l, held = loadHistory(b, pages, true)
	}
	n := float64(l.Total())
	for _, p := range l.Footprint() {
		b.ReportMetric(float64(p.Bytes)/n, p.Name+"-B/event")
	}
	for _, p := range held.footprint() {
		b.ReportMetric(float64(p.Bytes)/n, p.Name+"-B/event")
	}
	l, held = nil, nil
	list := retained(func() any { l, _ := loadHistory(b, pages, false); return l })
	all := retained(func() any { l, h := loadHistory(b, pages, true); return []any{l, h} })
	b.ReportMetric(list/n, "list-retained-B/event")
	b.ReportMetric((all-list)/n, "held-retained-B/event")
	b.ReportMetric(all/n, "retained-B/event")
	runtime.KeepAlive(pages) // else freed during the last measure, and counted off it
}

// loadHistory is what the table keeps of the history the pages make: its
// list, browsed once (filtered, then not), and what Held keeps of them
// (nil unless hold). The pages are copied first, as a load reads each
// from the network.
func loadHistory(tb testing.TB, pages [][]byte, hold bool) (*model.List, *Held) {
	read := make([][]byte, len(pages))
	for i, p := range pages {
		read[i] = bytes.Clone(p)
	}
	var held *Held
	if hold {
		held = NewHeld(nil)
	}
	l := model.NewList()
	l.AppendChunks(buildHistory(tb, read, held)...)
	for _, q := range []string{"pay", ""} {
		parsed, err := query.Parse(q, time.Now(), time.UTC)
		if err != nil {
			tb.Fatal(err)
		}
		l.SetQuery(parsed)
	}
	if held != nil {
		held.Len() // indexed, as once the detail view asks
	}
	return l, held
}

// footprint is what h holds: the blocks of bodies, and the map of their
// URLs' hashes (an entry and the map's overhead, 24 bytes) and the blocks'
// headers.
func (h *Held) footprint() []model.FootprintPart {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := &h.store
	s.index(nil)
	return []model.FootprintPart{{Name: "held", Bytes: int(s.total)},
		{Name: "held-map", Bytes: len(s.at)*(8+8+24) + cap(s.blocks)*int(unsafe.Sizeof(heldBlock{}))}}
}

// retained is the heap that what build returns keeps after a GC.
func retained(build func() any) float64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return float64(after.HeapAlloc) - float64(before.HeapAlloc)
}
