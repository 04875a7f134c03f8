package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// containsFold reports whether s contains lowerSub, ignoring case. lowerSub
// must already be lower case. ASCII text, the common case, is compared
// without allocating.
func containsFold(s, lowerSub string) bool {
	var buf []byte
	return containsFoldIn(s, lowerSub, &buf)
}

// containsFoldIn is containsFold lowering text that is not ASCII into
// *buf, as strings.ToLower would, rather than into memory of its own.
func containsFoldIn(s, lowerSub string, buf *[]byte) bool {
	if !isASCII(s) || !isASCII(lowerSub) {
		b := (*buf)[:0]
		for i := 0; i < len(s); {
			if c := s[i]; c < utf8.RuneSelf {
				b, i = append(b, lowerASCII(c)), i+1
				continue
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			b, i = utf8.AppendRune(b, unicode.ToLower(r)), i+n
		}
		*buf = b
		return strings.Contains(unsafe.String(unsafe.SliceData(b), len(b)), lowerSub)
	}
	n := len(lowerSub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for j < n && lowerASCII(s[i+j]) == lowerSub[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// MatchPrefix is how much of a message text terms and regexps read: the
// first 16 KiB of its display line. A regexp over a message of megabytes
// would take seconds; no one searches that far into one line.
const MatchPrefix = 16 << 10

// searched is the part of a display line that text terms and regexps
// match: at most MatchPrefix bytes, cut at a character's start.
func searched(line string) string {
	if len(line) <= MatchPrefix {
		return line
	}
	n := MatchPrefix
	for n > 0 && !utf8.RuneStart(line[n]) {
		n--
	}
	return line[:n]
}

// shownWord is a text term's value as it matches: as the screen would show
// it (cells.Shown: a joined emoji as its members, no soft hyphens or other
// invisible format characters), in lower case, as the lines it is looked
// for in are shown.
func shownWord(value string) string { return strings.ToLower(cells.Shown(value)) }
