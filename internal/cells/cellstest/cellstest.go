// Package cellstest helps tests check that text is safe for a terminal.
package cellstest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// Unsafe reports what in out could reach a terminal as something other
// than text, or "" if nothing.
func Unsafe(out string, newlines bool) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	for i := 0; i < len(out); i++ {
		if c := out[i]; (c < 0x20 && !(newlines && c == '\n')) || c == 0x7f {
			return fmt.Sprintf("control byte %#x", c)
		}
	}
	for _, r := range out {
		if r >= 0x80 && r <= 0x9f {
			return "C1 control"
		}
		if isBidi(r) {
			return "bidi control"
		}
	}
	return ""
}

// HostileBytes returns a string of mostly interesting bytes: pieces of
// escape sequences, controls, C1 and bidi encodings, and random bytes.
func HostileBytes(rng *rand.Rand) string {
	pieces := []string{
		"\x1b", "[", "]", "P", "X", "^", "_", "\\", "\x07", "\x9c", "\xc2", "\xc2\x9b", "\xc2\x9c", "\xc2\x9d",
		"\xc2\x90", "\xc2\x85", "\u202e", "\u2066", "\u200f", "\u061c", "\xe2\x80", "\xe2", "\n", "\r", "\t",
		"\x00", "\x7f", "2J", ";", "31m", "a", "Ä", "日", "🎉", "\xff", "\xf0\x9f", "\x80", " ",
	}
	var b strings.Builder
	for n := rng.IntN(24); n > 0; n-- {
		if rng.IntN(4) == 0 {
			b.WriteByte(byte(rng.IntN(256)))
		} else {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
	}
	return b.String()
}

// isBidi is cells' own test, written again so that cells' tests can use
// this package.
func isBidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}
