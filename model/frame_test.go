package model

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// frameRef is frame.scan one byte at a time: the reference the jumps of
// scan are held to.
func frameRef(f *frame, b []byte) (int, bool) {
	for i, c := range b {
		if f.inStr {
			switch {
			case f.esc:
				f.esc = false
			case c == '\\':
				f.esc = true
			case c == '"':
				f.inStr = false
			}
			continue
		}
		if !f.started {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				continue
			}
			f.started, f.scalar = true, c != '{' && c != '['
		}
		switch c {
		case '"':
			f.inStr = true
		case '{', '[':
			f.depth++
		case '}', ']':
			if f.scalar && f.depth == 0 {
				return i, true
			}
			if f.depth--; f.depth <= 0 && !f.scalar {
				return i + 1, true
			}
		case ',':
			if f.scalar && f.depth == 0 {
				return i, true
			}
		}
	}
	return len(b), false
}

// TestFrameScan feeds values full of escapes, in pieces cut anywhere (in an
// escape too), to scan and to the byte-at-a-time reference: the same ends.
func TestFrameScan(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	atoms := []string{`x`, `\\`, `\"`, `\n`, `\u00e9`, `"`, `{`, `}`, `[`, `]`, `,`, ` `, `é`}
	for range 2000 {
		var b strings.Builder
		b.WriteString(`{"m":"`)
		for range r.IntN(60) {
			b.WriteString(atoms[r.IntN(len(atoms))])
		}
		b.WriteString(`"}` + "]\n")
		data := []byte(b.String())
		var got, want frame
		gotEnd, wantEnd := -1, -1
		for off := 0; off < len(data) && (gotEnd < 0 || wantEnd < 0); {
			n := min(1+r.IntN(8), len(data)-off)
			piece := data[off : off+n]
			if gotEnd < 0 {
				if end, done := got.scan(piece); done {
					gotEnd = off + end
				}
			}
			if wantEnd < 0 {
				if end, done := frameRef(&want, piece); done {
					wantEnd = off + end
				}
			}
			off += n
		}
		if gotEnd != wantEnd || got != want {
			t.Fatalf("%q: scan ends at %d (%+v), the reference at %d (%+v)", data, gotEnd, got, wantEnd, want)
		}
	}
}

// TestFrameScanEscapesLinear: a long string with an escape in its middle
// is one pass, not a search for the quote from every byte before the
// escape (hours at this size).
func TestFrameScanEscapesLinear(t *testing.T) {
	half := strings.Repeat("x", 2<<20)
	value := []byte(`{"m":"` + half + `\n` + half + `"}`)
	done := make(chan int, 1)
	go func() {
		var f frame
		end, _ := f.scan(value)
		done <- end
	}()
	select {
	case end := <-done:
		if end != len(value) {
			t.Errorf("the value ends at %d, want %d", end, len(value))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("scan did not finish in 10 s")
	}
}

// BenchmarkFrameEscapes scans a 1 MB string holding an escape every 64
// bytes; its time per byte is the same for any length.
func BenchmarkFrameEscapes(b *testing.B) {
	value := []byte(`{"m":"` + strings.Repeat(strings.Repeat("x", 62)+`\n`, 1<<14) + `"}`)
	b.SetBytes(int64(len(value)))
	for b.Loop() {
		var f frame
		if end, _ := f.scan(value); end != len(value) {
			b.Fatal(end)
		}
	}
}
