package model

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
	"github.com/eventbrowser/eventbrowser/query"
)

// readAll runs DecodeFile over data and returns every event it emitted.
func decodeFileEvents(t *testing.T, data []byte) ([]Event, []int, error) {
	t.Helper()
	var events []Event
	var sizes []int
	_, err := DecodeFile("in.json", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, func(c *Chunk) {
		sizes = append(sizes, c.Len())
		for i := range c.Len() {
			events = append(events, c.Event(i))
		}
	})
	return events, sizes, err
}

func TestDecodeFileMatchesDecode(t *testing.T) {
	gen := func(ndjson bool, n int) []byte {
		var b bytes.Buffer
		o := eventgen.Options{N: n, Seed: 5}
		if ndjson {
			eventgen.WriteNDJSON(&b, o)
		} else {
			eventgen.WriteArray(&b, o)
		}
		return b.Bytes()
	}
	defer func(old int64) { parallelMin = old }(parallelMin)
	parallelMin = 1 << 20
	big := gen(false, 20_000)  // over parallelMin: read in two halves
	bigND := gen(true, 20_000) // likewise
	pretty := []byte("[\n  {\n    \"type\": 1,\n    \"createdAt\": \"2024-03-20T09:13:37Z\",\n    \"message\": \"a\"\n  },\n  {\"type\":2,\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"b\"}\n]\n")
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"small array", gen(false, 5000)},
		{"small NDJSON", gen(true, 5000)},
		{"big array", big},
		{"big NDJSON", bigND},
		{"pretty-printed array", pretty},
		{"BOM", append([]byte("\xef\xbb\xbf"), gen(false, 10)...)},
		{"customer object", []byte(`{"resource":"customer","id":"cst_x","events":[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a"}]}`)},
		{"one bad event late in a big file", append(append([]byte{}, big[:len(big)-3]...), []byte(",\n{\"type\":1}\n]\n")...)},
		{"truncated big file", big[:len(big)/2+1000]},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, sizes, err := decodeFileEvents(t, tt.data)
			ref, refErr := Decode("in.json", tt.data)
			if (err == nil) != (refErr == nil) || (err != nil && err.Error() != refErr.Error()) {
				t.Fatalf("DecodeFile error %v, Decode error %v", err, refErr)
			}
			if err != nil {
				return
			}
			if len(got) != len(ref.Events) {
				t.Fatalf("%d events, Decode has %d", len(got), len(ref.Events))
			}
			for i := range got {
				g, w := got[i], ref.Events[i]
				if !g.Created.Equal(w.Created) {
					t.Fatalf("event %d: created %v, want %v", i, g.Created, w.Created)
				}
				g.Created = w.Created
				if len(w.Links) == 0 {
					w.Links = nil
				}
				if !reflect.DeepEqual(g, w) {
					t.Fatalf("event %d:\n got %+v\nwant %+v", i, g, w)
				}
			}
			if len(got) > firstChunk && sizes[0] != firstChunk {
				t.Errorf("the first chunk has %d events, want %d so the first screen comes at once", sizes[0], firstChunk)
			}
		})
	}
}

// Select keeps exactly the events a List with the same filter shows, in
// load order.
func TestChunkSelect(t *testing.T) {
	var b bytes.Buffer
	eventgen.WriteArray(&b, eventgen.Options{N: 3000, Seed: 9})
	c, _, err := DecodeChunk("gen.json", b.Bytes(), DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []query.Query{
		mustQuery(t, "type:220,221"),
		mustQuery(t, "payment"),
		mustQuery(t, "!payment since:"+c.Event(1000).CreatedRaw+" until:"+c.Event(2000).CreatedRaw),
		mustQuery(t, "type:12345"),
	} {
		l := NewList()
		l.SetSort(Sort{Key: SortCreated}) // ties keep load order: compare with load order below
		var all []Event
		for i := range c.Len() {
			all = append(all, c.Event(i))
		}
		l.Append(all...)
		l.SetQuery(f)
		want := map[int]bool{}
		for i := range l.Len() {
			want[l.IDAt(i)] = true
		}
		got := c.Select(f)
		if got.Len() != len(want) {
			t.Fatalf("%+v: Select kept %d events, the list shows %d", f, got.Len(), len(want))
		}
		j := 0
		for id := range c.Len() {
			if !want[id] {
				continue
			}
			if g, w := got.Event(j), c.Event(id); !reflect.DeepEqual(g, w) {
				t.Fatalf("%+v: event %d is %+v, want %+v", f, j, g, w)
			}
			j++
		}
	}
}

// gatedReader holds back reads from from on (up to to, if set) until open
// is closed, or fails them after a while, saying late.
type gatedReader struct {
	r        io.ReaderAt
	from, to int64
	open     chan struct{}
	late     string
}

func (g gatedReader) ReadAt(p []byte, off int64) (int, error) {
	if off >= g.from && (g.to == 0 || off < g.to) {
		select {
		case <-g.open:
		case <-time.After(10 * time.Second):
			return 0, errors.New(g.late)
		}
	}
	return g.r.ReadAt(p, off)
}

// TestFirstHalfGoesOnFirst: a file read in two halves hands on all of the
// first half's events once it is read, not only once the second half is
// too, so the list takes them while the second core still reads. The
// second half's reads wait here until the first half's events have come.
func TestFirstHalfGoesOnFirst(t *testing.T) {
	var b bytes.Buffer
	eventgen.WriteNDJSON(&b, eventgen.Options{N: 20_000, Seed: 5})
	data := b.Bytes()
	defer func(old int64) { parallelMin = old }(parallelMin)
	parallelMin = 1 << 20
	split := findSplit(bytes.NewReader(data), modeLines, int64(len(data))/2, int64(len(data)))
	if split <= 0 {
		t.Fatal("no split")
	}
	first := bytes.Count(data[:split], newline)
	g := gatedReader{r: bytes.NewReader(data), from: split, open: make(chan struct{}),
		late: "the second half was held back: the first half's last events never came"}
	n := 0
	_, err := DecodeFile("f", g, int64(len(data)), DecodeOptions{}, func(c *Chunk) {
		if n += c.Len(); n == first {
			close(g.open)
		}
	})
	if err != nil || n != 20_000 {
		t.Fatalf("%d events, %v", n, err)
	}
}

// TestDecodedBeforeTheFirstHalf: a file read in two halves hands the
// second half's chunks to DecodeOptions.Decoded as they are decoded,
// while the first half is still read (here its reads past its first
// block wait for that), and every chunk emitted has been handed to
// Decoded before, once.
func TestDecodedBeforeTheFirstHalf(t *testing.T) {
	var b bytes.Buffer
	eventgen.WriteWebhooks(&b, eventgen.Options{N: 12_000, Seed: 5})
	data := b.Bytes()
	defer func(old int64, oldBlock int) { parallelMin, blockSize = old, oldBlock }(parallelMin, blockSize)
	parallelMin, blockSize = 1<<20, 1<<20
	split := findSplit(bytes.NewReader(data), modeLines, int64(len(data))/2, int64(len(data)))
	if split <= 0 {
		t.Fatal("no split")
	}
	second, _, err := DecodeChunk("f", data[split:bytes.IndexByte(data[split:], '\n')+int(split)], DecodeOptions{})
	if err != nil || second.Len() != 1 {
		t.Fatalf("the second half's first event: %v", err)
	}
	secondID := string(second.AppendID(nil, 0))
	// Not from the middle on, where the split is looked for.
	g := gatedReader{r: bytes.NewReader(data), from: int64(blockSize), to: int64(len(data)) / 2, open: make(chan struct{}),
		late: "the first half was held back: the second half's first chunk was not decoded meanwhile"}
	decoded := map[*Chunk]int{}
	var mu sync.Mutex
	var opened sync.Once
	opts := DecodeOptions{PlaceEvents: true, Decoded: func(c *Chunk) {
		mu.Lock()
		decoded[c]++
		mu.Unlock()
		if string(c.AppendID(nil, 0)) == secondID {
			opened.Do(func() { close(g.open) })
		}
	}}
	n := 0
	_, err = DecodeFile("f", g, int64(len(data)), opts, func(c *Chunk) {
		mu.Lock()
		defer mu.Unlock()
		if decoded[c] != 1 {
			t.Errorf("a chunk of %d events emitted, handed to Decoded %d times before", c.Len(), decoded[c])
		}
		n += c.Len()
	})
	if err != nil || n != 12_000 {
		t.Fatalf("%d events, %v", n, err)
	}
}
