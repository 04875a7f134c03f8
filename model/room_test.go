package model

import (
	"bytes"
	"io"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
)

// TestLoadMakesRoomOnce: a file loaded chunk by chunk says, with each
// chunk, about how many events are still to come, so the list makes its
// arrays that big at once rather than doubling them (up to twice the room
// needed, and a copy each time), whether the file is read in one part or
// in two on two cores.
func TestLoadMakesRoomOnce(t *testing.T) {
	defer func(pm int64, bs, lc int) { parallelMin, blockSize, laterChunks = pm, bs, lc }(parallelMin, blockSize, laterChunks)
	blockSize, laterChunks = 64<<10, 2000
	for _, tt := range []struct {
		name     string
		write    func(io.Writer, eventgen.Options) error
		parallel int64
	}{
		{"customer events", eventgen.WriteNDJSON, 1 << 40},
		{"customer events on two cores", eventgen.WriteNDJSON, 1 << 20},
		{"webhook events on two cores", eventgen.WriteWebhooks, 1 << 20},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parallelMin = tt.parallel
			const n = 40_000
			var b bytes.Buffer
			if err := tt.write(&b, eventgen.Options{N: n, Seed: 3}); err != nil {
				t.Fatal(err)
			}
			l := NewList()
			var chunks, seen, grown int
			last := 0
			_, err := DecodeFile("in.ndjson", bytes.NewReader(b.Bytes()), int64(b.Len()), DecodeOptions{}, func(c *Chunk) {
				chunks++
				seen += c.Len()
				if seen > firstChunk {
					// After the first chunk, the reckoning is close.
					if total := int64(seen) + c.more; total < n || total > n+n/16 {
						t.Errorf("after %d events, %d more reckoned: %d in all, want %d", seen, c.more, total, n)
					}
				}
				l.AppendChunks(c)
				if cap(l.proj.msg) != last {
					grown, last = grown+1, cap(l.proj.msg)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if l.Total() != n || chunks < 10 {
				t.Fatalf("%d events in %d chunks, want %d in many", l.Total(), chunks, n)
			}
			// Made when the second chunk comes, for what the first
			// reckoned, and grown at most once more, if that was short.
			if grown > 2 {
				t.Errorf("the projection was made %d times over %d chunks, want once or twice", grown, chunks)
			}
			l.SetQuery(mustQuery(t, "pay"))
			l.SetQuery(mustQuery(t, ""))
			for name, c := range map[string]int{
				"sorted": cap(l.sorted), "view": cap(l.view), "messages projected": cap(l.proj.msg), "instants projected": cap(l.proj.nanos),
			} {
				if c < n || c > n+n/8 { // within the rounding up of an allocation
					t.Errorf("%s: room for %d events, want about %d", name, c, n)
				}
			}
		})
	}
}
