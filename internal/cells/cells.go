// Package cells is the terminal's side of text, in one place: what is safe
// to show (SanitizeLine, Reveal), which links may be opened (CheckURL),
// how a text takes cells on a screen (how much a width shows, where it
// wraps), and the glyphs drawn (Bars). model knows nothing of terminals.
// Events may hold megabytes of text, so each function runs in time proportional to
// what it returns (ClipWidth) or in one pass (Wrap), never once per frame
// over the whole text.
package cells

import (
	"encoding/binary"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/mattn/go-runewidth"
)

// ClipWidth returns the start of s that a cell width cells wide can show,
// plus a little more, so that a truncation to width still sees that
// something was cut and adds its ellipsis: the shortest start of s wider
// than width, or s itself if it fits. It reads only that start, however
// long s is, and cuts at a rune boundary. Widths are counted rune by rune,
// as Width counts them.
func ClipWidth(s string, width int) string { return s[:runeCells(s, max(0, width)+1)] }

// runeCells returns the end of the start of s whose runes, counted one by
// one, are cells wide or more, or len(s). It stops after 32 bytes a cell
// too, so that a run of zero-width runes cannot make it read on and on.
func runeCells(s string, cells int) int {
	limit := min(len(s), 32*cells)
	w := 0
	i := 0
	for i < limit && w < cells {
		rw, size := runeAt(s, i)
		w += rw
		i += size
	}
	return i
}

// runeAt is the width and the size of the rune at s[i:].
func runeAt(s string, i int) (width, size int) {
	if c := s[i]; c < utf8.RuneSelf {
		if c >= 0x20 && c != 0x7f {
			return 1, 1
		}
		return 0, 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return runeWidth(r), size
}

// Span is the part text[Start:End] of a text.
type Span struct{ Start, End int }

// Wrap breaks text into lines at most width cells wide and returns where
// each line is in text, so that the caller can style a part of a line (a
// label, a link) after wrapping, line by line. Each newline starts a line;
// otherwise lines break after a run of spaces, which is dropped, or after a
// hyphen, and a word wider than a line is broken where the line ends.
// Spaces that start a line of text (indentation) are kept. It runs in one
// pass over text, so that a 5 MB message wraps in milliseconds.
//
// text should be sanitized (SanitizeText, Reveal): other control
// characters count as zero cells, and escape sequences are not understood.
func Wrap(text string, width int) []Span {
	width = max(1, width)
	// The line being filled is text[lineStart:lineEnd], lineW cells, then
	// come pending spaces, spaceW cells, then the word being read,
	// text[wordStart:i], wordW cells.
	var (
		lines            []Span
		lineStart, lineE int
		lineW, spaceW    int
		wordStart, wordW int
	)
	commitWord := func(end int) {
		lineE, lineW, spaceW, wordW, wordStart = end, lineW+spaceW+wordW, 0, 0, end
	}
	for i := 0; i <= len(text); {
		if i == len(text) || text[i] == '\n' {
			switch {
			case wordStart < i:
				commitWord(i)
			case spaceW > 0 && lineW+spaceW <= width:
				lineE = i // trailing spaces that fit are kept, as typed
			}
			lines = append(lines, Span{lineStart, lineE})
			i++
			lineStart, lineE, lineW, spaceW, wordStart, wordW = i, i, 0, 0, i, 0
			continue
		}
		c, size, w := text[i], 1, 1
		if room := width - lineW - spaceW - wordW; room > 0 && isWordByte(c) {
			// The common case, in bulk: ASCII letters that still fit.
			j, end := i+1, min(len(text), i+room)
			for j < end && isWordByte(text[j]) {
				j++
			}
			wordW += j - i
			i = j
			continue
		}
		switch {
		case c == ' ':
			if wordStart < i {
				commitWord(i)
			}
			spaceW++
			i++
			wordStart = i
			continue
		case c == '-' && lineW+spaceW+wordW+1 <= width:
			wordW++
			commitWord(i + 1)
			i++
			continue
		case c >= utf8.RuneSelf:
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			w = runeWidth(r)
		case c < 0x20 || c == 0x7f:
			w = 0
		}
		if wordW+w > width && wordStart < i {
			commitWord(i) // a word wider than a line: break it here
		}
		wordW += w
		if lineW+spaceW+wordW > width {
			// The word starts the next line; the spaces before it go.
			if lineE > lineStart {
				lines = append(lines, Span{lineStart, lineE})
			}
			lineStart, lineE, lineW, spaceW = wordStart, wordStart, 0, 0
		}
		i += size
	}
	return lines
}

// isWordByte reports whether c is a one-cell ASCII character that is neither
// a space nor a hyphen, where a line may break.
func isWordByte(c byte) bool { return c > ' ' && c < 0x7f && c != '-' }

// runeWidth is the cells a terminal moves its cursor by for r, as
// wcwidth(3) says (see Width), looked up in a table for the Basic
// Multilingual Plane, where nearly all text is: wrapping a 5 MB message of
// accented or CJK text takes half the time.
func runeWidth(r rune) int {
	if r >= 0 && r < 1<<16 {
		return int(bmpWidths()[r])
	}
	return wcwidth(r)
}

// wcwidth is wcwidth(3) of r: nothing for nonspacing and enclosing marks
// and format characters (a virama, ZWJ), go-runewidth's width otherwise,
// and so one cell for a spacing mark (the vowel sign in "कि").
func wcwidth(r rune) int {
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	return runewidth.RuneWidth(r)
}

// bmpWidths is filled on first use, in about a millisecond.
var bmpWidths = sync.OnceValue(func() *[1 << 16]uint8 {
	var t [1 << 16]uint8
	for r := range t {
		t[r] = uint8(wcwidth(rune(r)))
	}
	return &t
})

// PrintableASCII reports whether s is only printable ASCII: one cell a
// byte however it is measured, and nothing to sanitize. It is the common
// case, which lets the callers skip measuring and copying. It looks at
// eight bytes at a time, since a message may be hundreds of megabytes.
func PrintableASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := Word(s, i)
		if Unprintable(x) != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// HasControl reports whether b holds a byte below 0x20 (a C0 control,
// white space among them), eight bytes at a time: a subtraction that
// borrows starts at such a byte, and bytes from 0x80 are masked off.
func HasControl(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if x := binary.LittleEndian.Uint64(b[i:]); (x-ones*0x20)&^x&highs != 0 {
			return true
		}
	}
	for ; i < len(b); i++ {
		if b[i] < 0x20 {
			return true
		}
	}
	return false
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// Word is the eight bytes of s from i, the first in the lowest bits.
func Word(s string, i int) uint64 {
	return binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[i:i+8]), 8))
}

// Unprintable marks, in the high bit of each byte of x, the bytes below
// 0x20 or above 0x7e: controls, DEL and those of multi-byte characters.
// The lowest mark is exact; marks above it may be false (borrows and
// carries), which a byte loop sorts out.
func Unprintable(x uint64) uint64 { return ((x-ones*0x20)&^x | x | (x + ones)) & highs }

// Special marks, as Unprintable does, the bytes a JSON string cannot hold
// as they are or that start a multi-byte character: Unprintable's, a quote
// and a backslash. The decoder's string scan and the encoder's look at
// eight bytes at a time with it. A byte of x^'"' or x^'\\' that is 0 has
// its high bit set by the subtraction, as does one of x below 0x20; what
// else they set is a byte at or above 0x80, which x marks anyway, or one
// above a borrow, above a mark: the lowest stays exact without masking
// each term.
func Special(x uint64) uint64 {
	quote, backslash := x^(ones*'"'), x^(ones*'\\') // 0 where x has one
	return ((quote - ones) | (backslash - ones) | (x - ones*0x20) | x | (x + ones)) & highs
}

// Width is the cells s takes on a terminal, counted rune by rune as
// wcwidth(3) counts them, not grapheme by grapheme: tmux, xterm and the
// renderer (bubbletea's default) advance once per rune, so an Indic
// conjunct such as "क्ष" or "कि" takes two cells there, where Unicode's
// graphemes make it one. s should be sanitized: escape sequences are not
// understood.
func Width(s string) int {
	w := 0
	for i := 0; i < len(s); {
		rw, size := runeAt(s, i)
		w += rw
		i += size
	}
	return w
}

// Truncate cuts s to width cells, as Width counts them, ending in tail
// when it cut. Zero-width runes after the last rune kept go with it.
func Truncate(s string, width int, tail string) string {
	if Width(s) <= width {
		return s
	}
	room := width - Width(tail)
	if room < 0 {
		return ""
	}
	w, end := 0, 0
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if w += runeWidth(r); w > room {
			break
		}
		end += size
	}
	return s[:end] + tail
}

// Pad fills s with spaces on the right to width cells, as Width counts
// them.
func Pad(s string, width int) string {
	if n := width - Width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}
