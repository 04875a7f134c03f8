package model

import (
	"errors"
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

// TestTooBig: a value over MaxEventSize is a *TooBigError inside the
// *DecodeError, with its size (0 when it never ends within the limit),
// the limit and whether it was skipped; a skipped one's reason is worded
// by DecodeOptions.Explain in the note.
func TestTooBig(t *testing.T) {
	defer smallBlocks(4096)()
	const limit = 1000
	ok := `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"ok"}` + "\n"
	big := `{"type":2,"createdAt":"2024-03-20T09:13:37Z","message":"` + strings.Repeat("m", 1500) + `"}`
	endless := `[{"type":1,"message":"` + strings.Repeat("a", 10000)
	explain := func(err error) string { return "explained: " + err.Error() }
	tests := []struct {
		name  string
		input string
		skip  bool
		err   string      // the error's text; "" when it reads
		want  TooBigError // in the error, or in the note's reason
		note  string
	}{
		{"an NDJSON line", ok + big + "\n" + ok, false, "f:2: a JSON value of 1.5 KB, over the size limit of 1000 bytes",
			TooBigError{Size: int64(len(big)), Limit: limit}, ""},
		{"an array element", "[" + big + ",\n" + ok + "]", false, "f:1: a JSON value of 1.5 KB, over the size limit of 1000 bytes",
			TooBigError{Size: int64(len(big)), Limit: limit}, ""},
		{"a value that never ends", endless, false, "f:1: a JSON value of more than 1000 bytes, over the size limit",
			TooBigError{Limit: limit}, ""},
		{"a value that never ends, skipping", endless, true, "f:1: a JSON value of more than 1000 bytes, over the size limit",
			TooBigError{Limit: limit}, ""},
		{"an NDJSON line, skipped", ok + big + "\n" + ok, true, "", TooBigError{Size: int64(len(big)), Limit: limit, Skipped: true},
			"f: skipped 1 invalid event: explained: f:2: a JSON value of 1.5 KB, over the size limit of 1000 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, notes, err := decodeStreamAll([]byte(tt.input), DecodeOptions{MaxEventSize: limit, SkipInvalid: tt.skip, Explain: explain})
			var big *TooBigError
			if tt.err != "" {
				if err == nil || err.Error() != tt.err || !errors.As(err, &big) || *big != tt.want {
					t.Fatalf("error %v (%+v), want %s (%+v)", err, big, tt.err, tt.want)
				}
				return
			}
			if err != nil || len(notes) != 1 || notes[0] != tt.note {
				t.Fatalf("error %v, notes %q; want the note %q", err, notes, tt.note)
			}
		})
	}
}
