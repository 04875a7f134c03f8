package cells

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestClipWidth(t *testing.T) {
	family := "👨\u200d👩\u200d👧\u200d👦" // one grapheme, eight cells rune by rune, as terminals count it
	tests := []struct {
		name  string
		s     string
		width int
		want  string
	}{
		{"fits", "Payment paid", 20, "Payment paid"},
		{"exactly fits", "abcde", 5, "abcde"},
		{"one over", "abcdef", 5, "abcdef"},
		{"long", "abcdefghij", 5, "abcdef"},
		{"wide runes", "漢字漢字漢字", 5, "漢字漢"},
		{"cut at a rune boundary", "ééééééé", 3, "éééé"},
		{"combining marks count nothing", "e\u0301e\u0301e\u0301e\u0301", 2, "e\u0301e\u0301e"},
		{"emoji sequences", strings.Repeat(family, 10), 4, "👨\u200d👩\u200d👧"},
		{"conjuncts, a cell a consonant and a spacing mark", "क्षत्रिय", 2, "क्षत"},
		{"zero width", "", 5, ""},
		{"no room", "abc", 0, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ClipWidth(tt.s, tt.width)
			if got != tt.want {
				t.Errorf("ClipWidth(%q, %d) = %q, want %q", tt.s, tt.width, got, tt.want)
			}
			// Whatever it keeps, truncating it to width gives what
			// truncating the whole text gives.
			if a, b := Truncate(got, tt.width, "…"), Truncate(tt.s, tt.width, "…"); a != b {
				t.Errorf("truncated clip %q, truncated text %q", a, b)
			}
		})
	}
}

func TestClipWidthReadsOnlyTheStart(t *testing.T) {
	huge := strings.Repeat("word ", 1<<20)
	if got := ClipWidth(huge, 80); len(got) != 81 {
		t.Errorf("clipped 5 MB to %d bytes, want 81", len(got))
	}
	// A flood of zero-width runes is cut after a bounded number of bytes.
	marks := strings.Repeat("\u0301", 1<<20)
	if got := ClipWidth(marks, 80); len(got) > 32*81*16 {
		t.Errorf("clipped a flood of combining marks to %d bytes", len(got))
	}
}

// lines returns the text of spans.
func lines(text string, spans []Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s.Start:s.End]
	}
	return out
}

func TestWrap(t *testing.T) {
	tests := []struct {
		text  string
		width int
		want  []string
	}{
		{"", 10, []string{""}},
		{"short", 10, []string{"short"}},
		{"the quick brown fox", 10, []string{"the quick", "brown fox"}},
		{"the quick brown fox", 9, []string{"the quick", "brown fox"}},
		{"the quick brown fox", 8, []string{"the", "quick", "brown", "fox"}},
		{"two\nlines", 10, []string{"two", "lines"}},
		{"blank\n\nline\n", 10, []string{"blank", "", "line", ""}},
		{"abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		{"ab abcdefghijkl", 5, []string{"ab", "abcde", "fghij", "kl"}},
		{"spaces   between", 8, []string{"spaces", "between"}},
		{"    indented text", 12, []string{"    indented", "text"}},
		{"trailing  ", 10, []string{"trailing  "}},
		{"trailing   ", 10, []string{"trailing"}},
		{"select-method-page", 10, []string{"select-", "method-", "page"}},
		{"漢字漢字漢字", 5, []string{"漢字", "漢字", "漢字"}},
		{"naïve café", 5, []string{"naïve", "café"}},
		{"e\u0301e\u0301 ab", 2, []string{"e\u0301e\u0301", "ab"}},
		{"x", 0, []string{"x"}},
	}
	for _, tt := range tests {
		got := lines(tt.text, Wrap(tt.text, tt.width))
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}

// TestWrapKeepsEverything wraps random text: no line is wider than the
// width, and the lines hold every character but the spaces dropped at
// breaks, in order.
func TestWrapKeepsEverything(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "c", " ", " ", "-", "\n", "é", "漢", "\u0301", "€"}
	for n := 0; n < 2000; n++ {
		var b strings.Builder
		for range rng.IntN(80) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		text, width := b.String(), 2+rng.IntN(12)
		spans := Wrap(text, width)
		got := lines(text, spans)
		for _, l := range got {
			if w := Width(l); w > width {
				t.Fatalf("Wrap(%q, %d): line %q is %d cells wide", text, width, l, w)
			}
		}
		for i := 1; i < len(spans); i++ {
			if spans[i].Start < spans[i-1].End {
				t.Fatalf("Wrap(%q, %d): spans overlap: %v", text, width, spans)
			}
			if gap := text[spans[i-1].End:spans[i].Start]; strings.Trim(gap, " \n") != "" || strings.Count(gap, "\n") > 1 {
				t.Fatalf("Wrap(%q, %d): %q is lost between lines %q", text, width, gap, got)
			}
		}
		if want := strings.Count(text, "\n") + 1; len(got) < want {
			t.Fatalf("Wrap(%q, %d) = %q: fewer lines than paragraphs", text, width, got)
		}
	}
}

func BenchmarkWrap5MB(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 5<<20 {
		sb.WriteString("payment tr_7UhSN1zuXS refunded €25.00 to the customer 漢字 ")
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Wrap(text, 100)
	}
}

// TestPrintableASCIIWords holds the eight-at-a-time PrintableASCII to a
// byte-at-a-time reference, with every byte value at every position of a
// word, and the borders of the range on either side of one another.
func TestPrintableASCIIWords(t *testing.T) {
	ref := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < 0x20 || s[i] > 0x7e {
				return false
			}
		}
		return true
	}
	base := []byte("The quick brown fox jumps over!")
	for pos := range base {
		for c := range 256 {
			b := append([]byte(nil), base...)
			b[pos] = byte(c)
			for _, s := range []string{string(b), string(b[pos:]), string(b[:pos+1])} {
				if got, want := PrintableASCII(s), ref(s); got != want {
					t.Fatalf("PrintableASCII(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
	for _, pair := range [][2]byte{{0x1f, 0x20}, {0x7e, 0x7f}, {0xff, 0x20}, {0x00, 0x7e}, {0x80, 0x41}} {
		s := string(append(bytes.Repeat([]byte{'a'}, 6), pair[0], pair[1]))
		if got, want := PrintableASCII(s), ref(s); got != want {
			t.Errorf("PrintableASCII(%q) = %v, want %v", s, got, want)
		}
	}
}

// Special's lowest mark is the first byte a JSON string cannot hold as it
// is or that is not printable ASCII, and it marks none when there is none.
func TestSpecialLowestMark(t *testing.T) {
	interesting := []byte{0x00, 0x01, 0x1f, 0x20, 0x21, '"', 0x23, '[', '\\', ']', 'a', 0x7e, 0x7f, 0x80, 0x81, 0xa0, 0xdf, 0xff}
	rng := rand.New(rand.NewPCG(1, 2))
	var b [8]byte
	for range 2_000_000 {
		for k := range b {
			if rng.IntN(3) == 0 {
				b[k] = byte(rng.IntN(256))
			} else {
				b[k] = interesting[rng.IntN(len(interesting))]
			}
		}
		want := 8
		for k, c := range b {
			if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
				want = k
				break
			}
		}
		m := Special(binary.LittleEndian.Uint64(b[:]))
		got := 8
		if m != 0 {
			got = bits.TrailingZeros64(m) >> 3
		}
		if got != want {
			t.Fatalf("Special(% x): lowest mark at %d, want %d", b, got, want)
		}
	}
}

// FuzzHasControl: HasControl, eight bytes at a time, says what a byte
// loop says, wherever the control is and whatever surrounds it.
func FuzzHasControl(f *testing.F) {
	for _, s := range []string{"", "plain text here", "\x1b[31m", "twelve bytes\x00", "é\x1f", "\xff\xff\xff\xff\xff\xff\xff\x1f", " !\"#$%&'()"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := slices.ContainsFunc(b, func(c byte) bool { return c < 0x20 })
		if got := HasControl(b); got != want {
			t.Fatalf("HasControl(%q) = %v, want %v", b, got, want)
		}
	})
}
