package model

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"testing"
)

// TestDecodeEmitsEventsBeforeAnError: the events before an invalid event
// are emitted, all of them and in order, before the error is returned,
// whether the error falls in the first chunk, in the second half of a file
// read on two cores, or in a stream's block read on two cores; a printer
// that streams its input writes them.
func TestDecodeEmitsEventsBeforeAnError(t *testing.T) {
	defer func(old int64, oldSplit int) { parallelMin, splitMin = old, oldSplit }(parallelMin, splitMin)
	parallelMin, splitMin = 1<<20, 1<<20
	input := func(ndjson bool, n, bad int) []byte {
		var b bytes.Buffer
		if !ndjson {
			b.WriteString("[\n")
		}
		for i := range n {
			ev := fmt.Sprintf(`{"type":200,"createdAt":"2024-03-20T09:13:37Z","message":"%d padding padding padding padding"}`, i)
			if i == bad {
				ev = `{"type":"200","createdAt":"2024-03-20T09:13:37Z","message":"bad"}`
			}
			b.WriteString(ev)
			if !ndjson && i < n-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		if !ndjson {
			b.WriteString("]\n")
		}
		return b.Bytes()
	}
	for _, ndjson := range []bool{false, true} {
		for _, tt := range []struct{ n, bad int }{{3, 1}, {100, 99}, {5000, 2500}, {20000, 3000}, {20000, 15000}} {
			data := input(ndjson, tt.n, tt.bad)
			decoders := map[string]func(emit func(*Chunk)) error{
				"DecodeFile": func(emit func(*Chunk)) error {
					_, err := DecodeFile("in.json", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, emit)
					return err
				},
				"DecodeStream": func(emit func(*Chunk)) error {
					_, err := DecodeStream(context.Background(), "in.json", bytes.NewReader(data), DecodeOptions{}, emit)
					return err
				},
			}
			for name, decode := range decoders {
				t.Run(fmt.Sprintf("%s ndjson=%v %d of %d", name, ndjson, tt.bad, tt.n), func(t *testing.T) {
					var got []string
					err := decode(func(c *Chunk) {
						for i := range c.Len() {
							got = append(got, c.Event(i).Message)
						}
					})
					if err == nil {
						t.Fatal("no error")
					}
					if len(got) != tt.bad {
						t.Fatalf("%d events emitted before the error, want %d", len(got), tt.bad)
					}
					for i, m := range got {
						if want := strconv.Itoa(i) + " padding padding padding padding"; m != want {
							t.Fatalf("event %d is %q, want %q", i, m, want)
						}
					}
				})
			}
		}
	}
}
