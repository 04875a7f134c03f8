package model

import (
	"fmt"
	"strings"
	"testing"
)

// TestCarriedValueLimit places a value of exactly MaxEventSize, and one
// byte over, at every offset around a block's end, in NDJSON with CRLF and
// in an array with ",\r\n": the white space around a value carried to the
// next block does not count, so the first is read and the second is not.
func TestCarriedValueLimit(t *testing.T) {
	defer smallBlocks(4096)()
	const limit = 1000
	event := func(size int) string {
		head := `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"`
		return head + strings.Repeat("m", size-len(head)-2) + `"}`
	}
	ok := event(100)
	for _, over := range []int{0, 1} {
		for _, array := range []bool{false, true} {
			for lead := blockSize - limit - 8; lead < blockSize-limit+8; lead++ {
				// ok events up to about lead bytes, then the value.
				var b strings.Builder
				sep := "\r\n"
				if array {
					b.WriteString("[")
					sep = ",\r\n"
				}
				n := 0
				for b.Len()+len(ok)+len(sep) <= lead {
					b.WriteString(ok + sep)
					n++
				}
				b.WriteString(strings.Repeat(" ", lead-b.Len()))
				b.WriteString(event(limit+over) + sep + ok)
				if array {
					b.WriteString("]")
				}
				b.WriteString("\r\n")
				events, notes, err := decodeStreamAll([]byte(b.String()), DecodeOptions{MaxEventSize: limit, SkipInvalid: true})
				if err != nil {
					t.Fatalf("array %v, at %d: %v", array, lead, err)
				}
				if want := n + 2 - over; len(events) != want {
					t.Errorf("array %v, a value of limit+%d at %d: %d events, want %d (notes %q)", array, over, lead, len(events), want, notes)
				}
			}
		}
	}
}

// TestLinesAfterDiscardedValue: after a value over MaxEventSize is dropped
// while it is read, the lines of what follows are still counted right.
func TestLinesAfterDiscardedValue(t *testing.T) {
	defer smallBlocks(4096)()
	const limit = 1000
	ok := `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"ok"}`
	big := `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"` + strings.Repeat("m", 3*limit/2) + `"}`
	bad := `{"type":"1","createdAt":"2024-03-20T09:13:37Z","message":"bad"}`
	for _, sep := range []string{",\n", ",\r\n", ",\n\n"} {
		// More than the limit of the big value comes before the block's
		// end, so it is dropped as it is read.
		for lead := blockSize - len(big) - 8; lead < blockSize-limit; lead++ {
			var b strings.Builder
			b.WriteString("[")
			for b.Len()+len(ok)+len(sep) <= lead {
				b.WriteString(ok + sep)
			}
			b.WriteString(big + sep + ok + sep)
			line := strings.Count(b.String(), "\n") + 1
			b.WriteString(bad + "]\n")
			_, notes, err := decodeStreamAll([]byte(b.String()), DecodeOptions{MaxEventSize: limit, SkipInvalid: true})
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("f:%d: field \"type\"", line); !strings.Contains(strings.Join(notes, "\n"), want) {
				t.Errorf("separator %q, the big value at %d: notes %q do not say %q", sep, lead, notes, want)
			}
		}
	}
}

// TestUnendedElementSaysWhere: an array element that never closes (an
// unclosed bracket or string, a value left out) runs into the events
// after it. The error is where it goes wrong, as Decode says, not at the
// input's end.
func TestUnendedElementSaysWhere(t *testing.T) {
	defer smallBlocks(4096)()
	ok := `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"ok"}`
	for _, broken := range []string{`{"x":[[[[`, `{"type":1,"createdAt":"2024-03-20T09:13:37Z","mess`, `{"type":1,"message":`} {
		for _, lead := range []int{100, blockSize - len(broken)/2, blockSize + 10} {
			var b strings.Builder
			b.WriteString("[")
			for b.Len()+len(ok)+2 <= lead {
				b.WriteString(ok + ",\n")
			}
			b.WriteString(broken + ",\n")
			for range 200 {
				b.WriteString(ok + ",\n")
			}
			b.WriteString(ok + "]\n")
			data := []byte(b.String())
			for _, opts := range []DecodeOptions{{}, {SkipInvalid: true}} {
				_, want := DecodeWith("f", data, opts)
				_, _, got := decodeStreamAll(data, opts)
				if want == nil || got == nil || got.Error() != want.Error() {
					t.Errorf("%q at %d, %+v:\n got %v\nwant %v", broken, lead, opts, got, want)
				}
			}
		}
	}
}
