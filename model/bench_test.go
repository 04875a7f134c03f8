package model

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
)

// Benchmarks over generated events like the wire format: about 15 types,
// 60 distinct messages, 80% with a link. Sizes: 10k, 100k, 1M events.

var sizes = []struct {
	name string
	n    int
}{{"10k", 10_000}, {"100k", 100_000}, {"1M", 1_000_000}}

var genCache sync.Map // "array/1000000" → []byte

func generated(b *testing.B, ndjson bool, n int) []byte {
	key := fmt.Sprint(ndjson, n)
	if v, ok := genCache.Load(key); ok {
		return v.([]byte)
	}
	var buf bytes.Buffer
	o := eventgen.Options{N: n, Seed: 1}
	var err error
	if ndjson {
		err = eventgen.WriteNDJSON(&buf, o)
	} else {
		err = eventgen.WriteArray(&buf, o)
	}
	if err != nil {
		b.Fatal(err)
	}
	genCache.Store(key, buf.Bytes())
	return buf.Bytes()
}

// BenchmarkLoad reads a file's bytes into a List the way the file source
// does, reporting MB/s, the bytes each event keeps after GC, and allocs.
func BenchmarkLoad(b *testing.B) {
	for _, shape := range []string{"array", "ndjson"} {
		for _, sz := range sizes {
			b.Run(shape+"/"+sz.name, func(b *testing.B) {
				data := generated(b, shape == "ndjson", sz.n)
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				var l *List
				for b.Loop() {
					l = NewList()
					if _, err := DecodeFile("gen.json", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, l.AppendChunk); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				if l.Total() != sz.n {
					b.Fatalf("%d events, want %d", l.Total(), sz.n)
				}
				b.ReportMetric(retained(func() any { return loadList(data) })/float64(sz.n), "B/event")
			})
		}
	}
}

func loadList(data []byte) *List {
	l := NewList()
	DecodeFile("gen.json", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, l.AppendChunk)
	return l
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

// BenchmarkFirstChunk is how long the first events take to reach the
// screen: from the start of a load of 1M events to the first chunk.
func BenchmarkFirstChunk(b *testing.B) {
	data := generated(b, false, 1_000_000)
	for b.Loop() {
		start := time.Now()
		var first time.Duration
		DecodeFile("gen.json", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, func(c *Chunk) {
			if first == 0 {
				first = time.Since(start)
			}
		})
		b.ReportMetric(float64(first.Microseconds())/1000, "ms-to-first")
	}
}

func bigList(b *testing.B, n int) *List {
	l := loadList(generated(b, false, n))
	if l.Total() != n {
		b.Fatalf("%d events", l.Total())
	}
	return l
}

// BenchmarkFilterText is one keystroke of the text filter at 1M events.
func BenchmarkFilterText(b *testing.B) {
	l := bigList(b, 1_000_000)
	texts := []string{"p", "pa", "pay", "paym", "!pay"}
	i := 0
	for b.Loop() {
		l.SetFilter(Filter{Text: texts[i%len(texts)]})
		i++
	}
}

// BenchmarkFilterType is toggling a type at 1M events.
func BenchmarkFilterType(b *testing.B) {
	l := bigList(b, 1_000_000)
	sets := []map[int]bool{{220: true}, {220: true, 221: true}, nil}
	i := 0
	for b.Loop() {
		l.SetFilter(Filter{Types: sets[i%len(sets)]})
		i++
	}
}

// BenchmarkSort is changing the sort at 1M events.
func BenchmarkSort(b *testing.B) {
	l := bigList(b, 1_000_000)
	sorts := []Sort{{Key: SortType}, {Key: SortMessage, Desc: true}, DefaultSort, {Key: SortCreated}}
	i := 0
	for b.Loop() {
		l.SetSort(sorts[i%len(sorts)])
		i++
	}
}

// BenchmarkWindow is a cursor move plus the rows a screen shows; its
// allocations must not grow with the number of events.
func BenchmarkWindow(b *testing.B) {
	for _, sz := range []struct {
		name string
		n    int
	}{{"10k", 10_000}, {"1M", 1_000_000}} {
		b.Run(sz.name, func(b *testing.B) {
			l := bigList(b, sz.n)
			l.SetCursor(sz.n / 2)
			b.ReportAllocs()
			for b.Loop() {
				l.SetCursor(l.Cursor() + 1)
				for _, e := range l.Window(l.Cursor()-10, 30) {
					_ = e.Line
				}
			}
		})
	}
}

// BenchmarkTableVsPrint compares, in one run, the two ways 1M NDJSON
// events are loaded: into the interactive list chunk by chunk, as the UI
// appends each batch (table), and narrowed to --type 1 as print mode does
// (print). It reports both times and their ratio.
func BenchmarkTableVsPrint(b *testing.B) {
	data := generated(b, true, 1_000_000)
	load := func(emit func(*Chunk)) time.Duration {
		start := time.Now()
		if _, err := DecodeFile("gen.ndjson", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, emit); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	filter := Filter{Types: map[int]bool{1: true}}
	var table, print time.Duration
	for b.Loop() {
		l := NewList()
		table += load(l.AppendChunk)
		var kept []*Chunk
		print += load(func(c *Chunk) { kept = append(kept, c.Select(filter)) })
	}
	n := float64(b.N)
	b.ReportMetric(table.Seconds()*1000/n, "ms-table")
	b.ReportMetric(print.Seconds()*1000/n, "ms-print")
	b.ReportMetric(table.Seconds()/print.Seconds(), "table/print")
}
