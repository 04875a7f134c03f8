package cells

import (
	"strings"
	"unicode/utf8"
)

// Text from events is untrusted: an ESC[2J in a message could clear the
// screen, an OSC 52 could write the user's clipboard. Everything shown on a
// terminal goes through one of these functions first.

// SanitizeLine returns s safe for a single table cell or status line: escape
// sequences (CSI, OSC, DCS, APC, PM, SOS) are removed whole, other C0/C1
// controls, DEL and bidi controls are removed, tabs, newlines and U+2028
// and U+2029 (line and paragraph separators) become a space, and invalid
// UTF-8 becomes U+FFFD.
func SanitizeLine(s string) string { return sanitize(s, false) }

// IsLine reports whether SanitizeLine(s) is s: whether s is safe to show on
// one line as it is. It allocates nothing.
func IsLine(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r <= 0x9f || IsBidi(r) || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

// Line is text that SanitizeLine has made safe for one line of a terminal.
// Text from events becomes a Line once, when it is decoded, so that what
// shows it never sanitizes it again: the type says it is done.
type Line string

// SafeLine is SanitizeLine's result as a Line.
func SafeLine(s string) Line { return Line(SanitizeLine(s)) }

// SanitizeText is SanitizeLine but keeps newlines, for wrapped text; U+2028
// and U+2029 become newlines.
func SanitizeText(s string) string { return sanitize(s, true) }

// Reveal returns s with every control character, escape and bidi control made
// visible instead of interpreted (ESC as ␛, BEL as ␇, U+202E as \u202e), for
// raw views where the user wants to see exactly what an event holds.
// Newlines are kept.
func Reveal(s string) string {
	if PrintableASCII(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteByte(hexDigits[s[i]>>4])
			b.WriteByte(hexDigits[s[i]&0xf])
		case r == '\n':
			b.WriteByte('\n')
		case r < 0x20:
			b.WriteRune(0x2400 + r) // Control Pictures block: ␀…␟
		case r == 0x7f:
			b.WriteRune('␡')
		case (r >= 0x80 && r <= 0x9f) || IsBidi(r) || r == '\u2028' || r == '\u2029':
			b.WriteString(`\u`)
			for shift := 12; shift >= 0; shift -= 4 {
				b.WriteByte(hexDigits[r>>shift&0xf])
			}
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// IsBidi reports whether r is one of Unicode's Bidi_Control characters,
// which can make text display in an order other than the one it is stored in.
func IsBidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

func sanitize(s string, keepNewlines bool) string {
	if PrintableASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			i = skipEscape(s, i+1)
			continue
		case c == '\n' && keepNewlines:
			b.WriteByte('\n')
		case c == '\t' || c == '\n':
			b.WriteByte(' ')
		case c < 0x20 || c == 0x7f:
			// other C0 controls and DEL: dropped
		case c < 0x80:
			b.WriteByte(c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				b.WriteRune(utf8.RuneError)
			case r == 0x9b: // 8-bit CSI
				i = skipCSI(s, i+size)
				continue
			case r == 0x90 || r == 0x9d || r == 0x98 || r == 0x9e || r == 0x9f: // DCS OSC SOS PM APC
				i = skipString(s, i+size)
				continue
			case r >= 0x80 && r <= 0x9f, IsBidi(r):
				// other C1 controls and bidi controls: dropped
			case r == '\u2028' || r == '\u2029':
				// Unicode's line and paragraph separators end a line as a
				// newline does, in editors and in JavaScript.
				if keepNewlines {
					b.WriteByte('\n')
				} else {
					b.WriteByte(' ')
				}
			default:
				b.WriteString(s[i : i+size])
			}
			i += size
			continue
		}
		i++
	}
	return b.String()
}

// skipEscape returns the index just past the escape sequence whose ESC is at
// i-1.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// Two- and three-byte sequences: ESC, optional intermediates (0x20–0x2f),
	// one final byte (0x30–0x7e).
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips parameter (0x30–0x3f) and intermediate (0x20–0x2f) bytes and
// the final byte (0x40–0x7e). A malformed sequence ends at the first byte
// outside those ranges, which is kept.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString skips the body of an OSC, DCS, SOS, PM or APC string up to and
// including its terminator: BEL, ESC \ or the 8-bit ST (U+009C). An
// unterminated string runs to the end of s.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i // an ESC that starts the next sequence ends this one
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c:
			return i + 2
		}
		i++
	}
	return i
}

const hexDigits = "0123456789abcdef"
