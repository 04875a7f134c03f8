package model

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
	"github.com/eventbrowser/eventbrowser/internal/measure"
	"github.com/eventbrowser/eventbrowser/query"
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
					if _, err := DecodeFile("gen.json", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, func(c *Chunk) { l.AppendChunks(c) }); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				if l.Total() != sz.n {
					b.Fatalf("%d events, want %d", l.Total(), sz.n)
				}
				b.ReportMetric(measure.Retained(func() any { return loadList(data) })/float64(sz.n), "B/event")
			})
		}
	}
}

func loadList(data []byte) *List {
	l := NewList()
	DecodeFile("gen.json", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, func(c *Chunk) { l.AppendChunks(c) })
	return l
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
	var texts []query.Query
	for _, s := range []string{"p", "pa", "pay", "paym", "!pay"} {
		texts = append(texts, mustQuery(b, s))
	}
	i := 0
	for b.Loop() {
		l.SetQuery(texts[i%len(texts)])
		i++
	}
}

// BenchmarkFilterType is toggling a type at 1M events.
func BenchmarkFilterType(b *testing.B) {
	l := bigList(b, 1_000_000)
	sets := []query.Query{mustQuery(b, "type:220"), mustQuery(b, "type:220,221"), {}}
	i := 0
	for b.Loop() {
		l.SetQuery(sets[i%len(sets)])
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

// sourcedList is bigList with its events spread over 10,000 sources like
// customer IDs, a hundred events each, as --all-customers gives them.
func sourcedList(b *testing.B, n int) *List {
	l := bigList(b, n)
	for id := range l.st.n {
		l.st.rec(id).src = l.st.strs.id(fmt.Sprintf("cst_%06d", int(id)*10_000/n))
	}
	l.seen = presence{}
	l.project()
	l.refilter(-1)
	if got := len(l.Sources()); got != 10_000 {
		b.Fatalf("%d sources", got)
	}
	return l
}

// BenchmarkFilterQuery is one keystroke of a query that mixes text, type,
// source and time terms, parsing included, at 1M events and 10,000
// sources; compare BenchmarkFilterText of the same run. Sorted by time,
// the time terms narrow what is read; sorted by type, they do not.
func BenchmarkFilterQuery(b *testing.B) {
	l := sourcedList(b, 1_000_000)
	base := "type:220..229,201 source:cst_00* since:2024-02-01 !until:2024-01-15 "
	texts := []string{"p", "pa", "pay", "paym", "!pay"}
	for _, s := range []Sort{DefaultSort, {Key: SortType}} {
		b.Run("sort="+s.String(), func(b *testing.B) {
			l.SetSort(s)
			now := time.Now()
			i, shown := 0, 0
			for b.Loop() {
				q, err := query.Parse(base+texts[i%len(texts)], now, time.UTC)
				if err != nil {
					b.Fatal(err)
				}
				l.SetQuery(q)
				shown += l.Len()
				i++
			}
			if shown == 0 {
				b.Fatal("the query shows nothing")
			}
		})
	}
}

// BenchmarkFilterRegexp is a keystroke of a regexp term at 1M events; the
// expression runs once per distinct message.
func BenchmarkFilterRegexp(b *testing.B) {
	l := bigList(b, 1_000_000)
	exprs := []string{"/^Pay/", "/^Paym/", "/(?i)paid$/", "/^(Payment|Mandate) (created|paid)$/"}
	i := 0
	for b.Loop() {
		q, err := query.Parse(exprs[i%len(exprs)], time.Now(), time.UTC)
		if err != nil {
			b.Fatal(err)
		}
		l.SetQuery(q)
		i++
	}
}

// BenchmarkFilterManyMessages is typing a word after a regexp when every
// one of 1M events has a message of its own (a payment ID in each): the
// regexp's matches are kept from the keystroke before, so only the word is
// matched.
func BenchmarkFilterManyMessages(b *testing.B) {
	c := &Chunk{}
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 1_000_000 {
		tm := t0.Add(time.Duration(i) * time.Minute)
		e := Event{Type: 220 + i%10, Created: tm, CreatedRaw: tm.Format(time.RFC3339), Message: fmt.Sprintf("Payment tr_%08d paid", i), Source: "s"}
		e.Finish()
		c.Add(&e)
	}
	l := NewList()
	l.AppendChunks(c)
	texts := []string{"p", "pa", "pai", "paid", "!paid"}
	i := 0
	for b.Loop() {
		q, err := query.Parse("/tr_0+[1-3]/ "+texts[i%len(texts)], time.Now(), time.UTC)
		if err != nil {
			b.Fatal(err)
		}
		l.SetQuery(q)
		i++
	}
}

// BenchmarkSourceCounts is opening the source panel at 1M events and
// 10,000 sources, under a query with text, type and time terms.
func BenchmarkSourceCounts(b *testing.B) {
	l := sourcedList(b, 1_000_000)
	q, err := query.Parse("pay type:220..229 since:2024-02-01 source:cst_0001*", time.Now(), time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	l.SetQuery(q)
	for b.Loop() {
		if n := len(l.SourceCounts()); n != 10_000 {
			b.Fatalf("%d sources", n)
		}
	}
}

// BenchmarkTypeCounts is opening the type panel at 1M events under a
// mixed query: the first time after a load, which counts every event's
// message for the top messages, and again.
func BenchmarkTypeCounts(b *testing.B) {
	l := sourcedList(b, 1_000_000)
	q, err := query.Parse("pay type:220 since:2024-02-01 source:cst_0001*", time.Now(), time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	l.SetQuery(q)
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			l.typeMsgs = typeMessages{}
			l.TypeCounts()
		}
	})
	b.Run("again", func(b *testing.B) {
		for b.Loop() {
			l.TypeCounts()
		}
	})
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
	filter := mustQuery(b, "type:1")
	var table, print time.Duration
	for b.Loop() {
		l := NewList()
		table += load(func(c *Chunk) { l.AppendChunks(c) })
		var kept []*Chunk
		print += load(func(c *Chunk) { kept = append(kept, c.Select(filter)) })
	}
	n := float64(b.N)
	b.ReportMetric(table.Seconds()*1000/n, "ms-table")
	b.ReportMetric(print.Seconds()*1000/n, "ms-print")
	b.ReportMetric(table.Seconds()/print.Seconds(), "table/print")
}

// BenchmarkRefresh is a refresh (r, --watch) of a list holding 1M events:
// the same events loaded again, in the chunks a file arrives as, and a few
// new. "first" is the first refresh after the load, "again" a later one.
// Only the merge is timed.
func BenchmarkRefresh(b *testing.B) {
	data := generated(b, false, 1_000_000)
	const few = 10
	reload := func(round int) []*Chunk {
		var cs []*Chunk
		if _, err := DecodeFile("gen.json", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, func(c *Chunk) { cs = append(cs, c) }); err != nil {
			b.Fatal(err)
		}
		c := &Chunk{}
		for i := range few {
			e := Event{Type: 301, Created: time.Date(2030, 1, 1, 0, 0, i, 0, time.UTC), Message: fmt.Sprintf("Refund %d of round %d", i, round), Source: "gen.json"}
			e.CreatedRaw = e.Created.Format(time.RFC3339)
			e.Finish()
			c.Add(&e)
		}
		return append(cs, c)
	}
	for _, name := range []string{"first", "again"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var l *List
			round := 0
			if name == "again" {
				l = loadList(data)
				l.MergeChunks(reload(round)...)
			}
			for b.Loop() {
				b.StopTimer()
				if name == "first" {
					l = loadList(data)
				}
				round++
				cs := reload(round)
				runtime.GC()
				b.StartTimer()
				if added := l.MergeChunks(cs...); added != few {
					b.Fatalf("the refresh added %d events, want %d", added, few)
				}
			}
		})
	}
}

// BenchmarkNamedTypes is the generated 1M events with their most common
// types written as names, as rebuilt histories have them: loading them
// (ndjson), sorting by type, and a type: term of a prefix.
func BenchmarkNamedTypes(b *testing.B) {
	data := generated(b, true, 1_000_000)
	for from, to := range map[string]string{`"type":220,`: `"type":"payment.paid",`, `"type":221,`: `"type":"payment.failed",`, `"type":201,`: `"type":"customer.created",`} {
		data = bytes.ReplaceAll(data, []byte(from), []byte(to))
	}
	b.Run("load", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			loadList(data)
		}
	})
	l := loadList(data)
	b.Run("sort", func(b *testing.B) {
		sorts := []Sort{{Key: SortType}, {Key: SortType, Desc: true}}
		i := 0
		for b.Loop() {
			l.SetSort(sorts[i%len(sorts)])
			i++
		}
	})
	b.Run("filter", func(b *testing.B) {
		sets := []query.Query{mustQuery(b, "type:payment.*"), mustQuery(b, "type:payment.failed,230"), {}}
		i := 0
		for b.Loop() {
			l.SetQuery(sets[i%len(sets)])
			i++
		}
	})
}
