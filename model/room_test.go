package model

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
)

// TestLoadMakesRoomOnce: a file loaded chunk by chunk says, with each
// chunk, about how many events are still to come, so the list's arrays
// grow last to that many rather than double past them (up to twice the
// room needed), whether the file is read in one part or in two on two
// cores.
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
			var chunks, seen int
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
			})
			if err != nil {
				t.Fatal(err)
			}
			if l.Total() != n || chunks < 10 {
				t.Fatalf("%d events in %d chunks, want %d in many", l.Total(), chunks, n)
			}
			l.SetQuery(mustQuery(t, "pay"))
			l.SetQuery(mustQuery(t, ""))
			if &l.view[0] != &l.sorted[0] {
				t.Error("the view of all events holds their order a second time")
			}
			for name, c := range map[string]int{
				"sorted": cap(l.sorted), "filtered view": cap(l.viewRoom), "messages projected": cap(l.proj.msg), "instants projected": cap(l.proj.nanos),
			} {
				if c < n || c > n+n/8 { // within the rounding up of an allocation
					t.Errorf("%s: room for %d events, want about %d", name, c, n)
				}
			}
		})
	}
}

// TestGrowToward: a slice grows to what it is reckoned to hold in the end
// when doubling would reach that, or nearly, and is doubled otherwise.
func TestGrowToward(t *testing.T) {
	for _, tt := range []struct {
		len, cap, n, want int
		wantCap           int // 0: at least doubled
	}{
		{len: 10, cap: 20, n: 5, want: 1000, wantCap: 20},    // room enough
		{len: 100, cap: 100, n: 50, want: 180, wantCap: 180}, // the last growth
		{len: 100, cap: 100, n: 150, want: 250, wantCap: 250},
		{len: 100, cap: 100, n: 50, want: 220, wantCap: 220}, // a little past doubling
		{len: 100, cap: 100, n: 50, want: 1000},              // far off yet: doubled
		{len: 100, cap: 100, n: 50, want: 0},                 // not known
		{len: 100, cap: 100, n: 50, want: 120},               // short of what is needed
	} {
		s := make([]int32, tt.len, tt.cap)
		got := growToward(s, tt.n, tt.want)
		switch {
		case len(got) != tt.len || cap(got) < tt.len+tt.n:
			t.Errorf("%+v: len %d cap %d", tt, len(got), cap(got))
		case tt.wantCap > 0 && cap(got) != tt.wantCap:
			t.Errorf("%+v: cap %d, want %d", tt, cap(got), tt.wantCap)
		case tt.wantCap == 0 && cap(got) < 2*tt.len:
			t.Errorf("%+v: cap %d, want it doubled", tt, cap(got))
		}
	}
}

// TestUnknownTotalGrowsByAQuarter: chunks that do not say how many events
// are to come (a rebuilt history's) make the list's arrays grow by about a
// quarter at a time, not to the events so far at every chunk, which
// copied them whole each time; they keep at most a quarter more room
// than they hold.
func TestUnknownTotalGrowsByAQuarter(t *testing.T) {
	const chunks, per = 200, 500
	l := NewList()
	grown := map[string]int{}
	last := map[string]int{}
	for i := range chunks {
		c := NewChunk(per, 0)
		for j := range per {
			c.Add(&Event{Resource: "event", TypeName: "payment.paid", Message: fmt.Sprint("Payment paid · Order #", i*per+j),
				Created: time.Unix(int64(i*per+j), 0).UTC(), CreatedRaw: time.Unix(int64(i*per+j), 0).UTC().Format(time.RFC3339)})
		}
		l.AppendChunks(c)
		for name, c := range map[string]int{"sorted": cap(l.sorted), "messages projected": cap(l.proj.msg), "messages": cap(l.st.lines.at)} {
			if c != last[name] {
				grown[name]++
				last[name] = c
			}
		}
	}
	const n = chunks * per
	if l.Total() != n {
		t.Fatalf("%d events, want %d", l.Total(), n)
	}
	for name, c := range last {
		if grown[name] > 30 || c > n+n/4+per {
			t.Errorf("%s: grown %d times for %d chunks, to room for %d events; want at most 30 times, and %d", name, grown[name], chunks, c, n+n/4+per)
		}
	}
}
