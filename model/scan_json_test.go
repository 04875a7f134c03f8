package model

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The scanner reads a key and its colon in one pass when the JSON is
// compact, and by the long way otherwise, to the same key and position.
func TestScannerKey(t *testing.T) {
	long := strings.Repeat("k", 20)
	tests := []struct {
		name, in  string
		key       string // "" with ok false: left to Decode
		ok        bool
		pos       int // where the value starts
		printable bool
	}{
		{"compact", `"type":1`, "type", true, 7, true},
		{"a key longer than eight bytes", `"` + long + `":"x"`, long, true, 23, true},
		{"eight bytes, quote in the next word", `"createdA":1`, "createdA", true, 11, true},
		{"white space before", " \n\t\"a\":1", "a", true, 7, true},
		{"white space after the colon", `"a": 1`, "a", true, 5, true},
		{"white space before the colon", `"a" :1`, "a", true, 5, true},
		{"empty key", `"":1`, "", true, 3, true},
		{"non-ASCII key", `"ключ":1`, "ключ", true, 11, false},
		{"an escaped key", `"a\u0062":1`, "", false, 0, false},
		{"a backslash at a word's end", `"abcdefg\"":1`, "", false, 0, false},
		{"a control byte", "\"a\x01b\":1", "", false, 0, false},
		{"invalid UTF-8", "\"a\xffb\":1", "", false, 0, false},
		{"no colon", `"a",1`, "", false, 0, false},
		{"truncated in the key", `"abcdefghij`, "", false, 0, false},
		{"truncated after the colon", `"a":`, "a", true, 4, true},
		{"no quote", `a:1`, "", false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scanner{data: []byte(tt.in)}
			key, ok := s.key()
			if ok != tt.ok || string(key) != tt.key {
				t.Fatalf("key %q, %v; want %q, %v", key, ok, tt.key, tt.ok)
			}
			if ok && (s.pos != tt.pos || s.keyPrintable != tt.printable) {
				t.Errorf("pos %d, printable %v; want %d, %v", s.pos, s.keyPrintable, tt.pos, tt.printable)
			}
		})
	}
}

// plainEnd stops at the first byte of a string that needs a look, in
// whichever of its eight-byte words it falls, or at the last eight bytes.
func TestPlainEnd(t *testing.T) {
	for _, special := range []byte{'"', '\\', 0x00, 0x1f, 0x7f, 0x80, 0xff} {
		for at := range 24 {
			data := []byte(strings.Repeat("a", 32))
			data[at] = special
			if got := plainEnd(data, 0); got != at {
				t.Errorf("%#x at %d: plainEnd %d", special, at, got)
			}
			if got := plainEnd(data[:at+3], 0); got > at {
				t.Errorf("%#x at %d of %d bytes: plainEnd %d, past it", special, at, at+3, got)
			}
		}
	}
	if got := plainEnd([]byte(strings.Repeat("a", 21)), 2); got != 18 {
		t.Errorf("plain to the end: plainEnd %d, want 18 (the last eight bytes left)", got)
	}
}

// quoteEnd stops at the first quote, backslash or control of a string it
// passes over, in whichever of its eight-byte words it falls, whatever
// bytes come before it, and at no other byte.
func TestQuoteEnd(t *testing.T) {
	fillers := []byte{'a', ' ', '#', ']', '!', 0x7f, 0x80, 0x9f, 0xa0, 0xc3, 0xff}
	for _, special := range []byte{'"', '\\', 0x00, 0x01, 0x1f} {
		for _, filler := range fillers {
			for at := range 24 {
				data := bytes.Repeat([]byte{filler}, 32)
				data[at] = special
				if got := quoteEnd(data, 0); got != at {
					t.Errorf("%#x at %d among %#x: quoteEnd %d", special, at, filler, got)
				}
			}
		}
	}
	for _, filler := range fillers {
		if got := quoteEnd(bytes.Repeat([]byte{filler}, 21), 2); got != 18 {
			t.Errorf("%#x to the end: quoteEnd %d, want 18 (the last eight bytes left)", filler, got)
		}
	}
	// Against a byte at a time, over bytes of every kind.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		data := make([]byte, 1+rng.IntN(40))
		for i := range data {
			data[i] = fillers[rng.IntN(len(fillers))]
			if rng.IntN(20) == 0 {
				data[i] = byte(rng.IntN(256))
			}
		}
		want := 0
		for want+8 <= len(data) && !slices.ContainsFunc(data[want:want+8], func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 }) {
			want += 8
		}
		if want+8 <= len(data) {
			want += slices.IndexFunc(data[want:want+8], func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 })
		}
		if got := quoteEnd(data, 0); got != want {
			t.Fatalf("%q: quoteEnd %d, want %d", data, got, want)
		}
	}
}
