package model

import "bytes"

// frame finds where one JSON value ends, over input that arrives in
// pieces: it keeps its state between calls, so each byte is looked at once
// however many blocks a long value spans. It only counts brackets outside
// strings; whether the value is valid JSON is for the decoders to say. A
// value that is not an object or an array (a bad array element such as
// 1 or "x") ends before the ',' or ']' that follows it.
type frame struct {
	depth   int
	started bool // past the white space before the value
	scalar  bool // the value is not an object or an array
	inStr   bool
	esc     bool
}

// scan reads b, the bytes after those of the previous calls, and returns
// the offset in b just past the value's end and true, or false when the
// value goes on.
func (f *frame) scan(b []byte) (end int, done bool) {
	quote := -1 // in a string, the offset of the next '"' from i on (len(b): none)
	for i := 0; i < len(b); i++ {
		c := b[i]
		if f.inStr && !f.esc {
			// Jump to the next backslash or quote: a long string costs a
			// memchr or two, not a loop over its bytes. The quote found is
			// kept until i passes it, so that each byte is searched once
			// however many escapes come before it.
			if quote < i {
				if quote = bytes.IndexByte(b[i:], '"'); quote < 0 {
					quote = len(b)
				} else {
					quote += i
				}
			}
			if bs := bytes.IndexByte(b[i:quote], '\\'); bs >= 0 {
				i += bs
			} else {
				i = quote
			}
			if i == len(b) {
				break
			}
			c = b[i]
		}
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
			switch c {
			case ' ', '\t', '\n', '\r':
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
