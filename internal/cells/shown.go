package cells

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Shown is s as eventbrowser draws it, and as text terms match it: it
// drops from s what terminals disagree on the width of, so that a row is
// as wide on screen as the program counts it, in tmux, xterm and kitty
// alike: zero-width joiners (xterm draws each member of a joined
// emoji, kitty one), emoji skin-tone modifiers and variation selectors
// (tmux draws 👍🏽 four cells wide, kitty two), and the soft hyphen and
// other format characters (tmux draws U+00AD, others do not). What is left
// is the same text, a joined emoji as its members. Printable ASCII, the
// usual case, is returned as it is.
func Shown(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) || !strings.ContainsFunc(s[i:], ambiguousWidth) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if !ambiguousWidth(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ambiguousWidth reports whether terminals draw r, or the sequence it is
// part of, at different widths.
func ambiguousWidth(r rune) bool {
	switch {
	case r < 0xad:
		return false
	case r == 0xad, r == 0x200d, r == 0xfe0e, r == 0xfe0f:
		return true
	case r >= 0x1f3fb && r <= 0x1f3ff: // skin tones
		return true
	}
	return unicode.Is(unicode.Cf, r)
}
