package model

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// The scanner's JSON primitives: objects, strings and their escapes,
// integers, and skipping a value unread.

// members reads an object's members after its '{', calling member with
// s.pos at each value, which member must read. It returns false at
// anything it leaves to Decode (an escaped key, bad syntax) or when member
// does.
func (s *scanner) members(member func(key []byte) bool) bool {
	if s.punct('}') {
		return true
	}
	for {
		s.ws()
		key, plain := s.rawString()
		if !plain || !s.colon() {
			return false
		}
		s.keyPrintable = s.printable
		if !member(key) {
			return false
		}
		if s.punct(',') {
			continue
		}
		return s.punct('}')
	}
}

// punct passes over white space and then c, and says whether c was there.
func (s *scanner) punct(c byte) bool {
	i := skipWS(s.data, s.pos)
	if i < len(s.data) && s.data[i] == c {
		s.pos = i + 1
		return true
	}
	return false
}

// colon passes over the colon after a key and the white space around it.
// Compact JSON has none: the value follows the colon.
func (s *scanner) colon() bool {
	if s.pos+1 < len(s.data) && s.data[s.pos] == ':' && s.data[s.pos+1] > ' ' {
		s.pos++
		return true
	}
	if !s.punct(':') {
		return false
	}
	s.ws()
	return true
}

// rawString reads a string with no escapes and valid UTF-8, returning its
// bytes; plain is false for anything else. It looks at eight bytes at a
// time for the first that is a quote, a backslash, a control or not
// printable ASCII, and says in s.printable whether the string is all
// printable ASCII, with nothing to sanitize.
func (s *scanner) rawString() (b []byte, plain bool) {
	if s.next() != '"' {
		return nil, false
	}
	data, start := s.data, s.pos
	i := plainEnd(data, start)
	if i < len(data) && data[i] == '"' { // most strings: all printable ASCII
		s.pos, s.printable = i+1, true
		return data[start:i], true
	}
	s.printable = true
	for ; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			b = data[start:i]
			s.pos = i + 1
			return b, s.printable || utf8.Valid(b)
		case c == '\\' || c < 0x20:
			s.printable = false
			return nil, false
		case c >= 0x7f:
			s.printable = false
		}
	}
	s.printable = false
	return nil, false
}

// stringValue reads a string value, unescaping it. The bytes returned are
// valid until the next call.
func (s *scanner) stringValue() ([]byte, bool) {
	if s.peek() != '"' {
		return nil, false
	}
	start := s.pos
	if b, plain := s.rawString(); plain {
		return b, true
	}
	s.pos = start + 1
	s.buf = s.buf[:0]
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return s.buf, true
		case c < 0x20:
			return nil, false
		case c == '\\':
			if !s.escape() {
				return nil, false
			}
			continue
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(s.data[s.pos:])
			if r == utf8.RuneError && size == 1 {
				return nil, false // invalid UTF-8: encoding/json has rules of its own; leave it to Decode
			}
			s.buf = append(s.buf, s.data[s.pos:s.pos+size]...)
			s.pos += size
			continue
		}
		s.buf = append(s.buf, c)
		s.pos++
	}
	return nil, false
}

// escape reads one backslash escape into s.buf, as encoding/json does:
// lone surrogates become U+FFFD.
func (s *scanner) escape() bool {
	if s.pos+1 >= len(s.data) {
		return false
	}
	c := s.data[s.pos+1]
	s.pos += 2
	switch c {
	case '"', '\\', '/':
		s.buf = append(s.buf, c)
	case 'b':
		s.buf = append(s.buf, '\b')
	case 'f':
		s.buf = append(s.buf, '\f')
	case 'n':
		s.buf = append(s.buf, '\n')
	case 'r':
		s.buf = append(s.buf, '\r')
	case 't':
		s.buf = append(s.buf, '\t')
	case 'u':
		r, ok := s.hex4()
		if !ok {
			return false
		}
		if utf16.IsSurrogate(r) {
			r2 := utf8.RuneError
			if s.pos+1 < len(s.data) && s.data[s.pos] == '\\' && s.data[s.pos+1] == 'u' {
				save := s.pos
				s.pos += 2
				lo, ok := s.hex4()
				if !ok {
					return false
				}
				if dec := utf16.DecodeRune(r, lo); dec != utf8.RuneError {
					r2 = dec
				} else {
					s.pos = save // not a pair: the next escape stands alone
				}
			}
			r = r2
		}
		s.buf = utf8.AppendRune(s.buf, r)
	default:
		return false
	}
	return true
}

func (s *scanner) hex4() (rune, bool) {
	if s.pos+4 > len(s.data) {
		return 0, false
	}
	var r rune
	for _, c := range s.data[s.pos : s.pos+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	s.pos += 4
	return r, true
}

// integer reads a JSON integer that fits in 32 bits; fractions, exponents
// and anything else are left to Decode, which says why they are refused.
func (s *scanner) integer() (int32, bool) {
	neg := false
	if s.peek() == '-' {
		neg = true
		s.pos++
	}
	start := s.pos
	var n int64
	for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
		n = n*10 + int64(s.data[s.pos]-'0')
		if n > 1<<31 {
			return 0, false
		}
		s.pos++
	}
	digits := s.pos - start
	if digits == 0 || (digits > 1 && s.data[start] == '0') {
		return 0, false
	}
	switch s.peek() {
	case '.', 'e', 'E':
		return 0, false
	}
	if neg {
		n = -n
	}
	if n > 1<<31-1 || n < -1<<31 {
		return 0, false
	}
	return int32(n), true
}

// skipValue passes over one JSON value, checking its syntax, at nesting depth
// depth. It returns false for invalid JSON or nesting past maxScanDepth.
// One loop over the value's tokens, the open containers kept as bits (an
// object's set), rather than a call for each member and value: most of a
// captured event's bytes are in values nobody reads.
func (s *scanner) skipValue(depth int) bool {
	data, i := s.data, s.pos
	var objects uint32 // bit k: the k-th open container is an object
	open, ok := 0, false
	for {
		// A value, at depth depth+open.
		if depth+open > maxScanDepth {
			return false
		}
		if i = skipWS(data, i); i >= len(data) {
			return false
		}
		switch c := data[i]; {
		case c == '{':
			if i = skipWS(data, i+1); i < len(data) && data[i] == '}' {
				i, ok = i+1, true
				break
			}
			objects, open = objects|1<<open, open+1
			if i, ok = memberKey(data, i); !ok {
				return false
			}
			continue
		case c == '[':
			if i = skipWS(data, i+1); i < len(data) && data[i] == ']' {
				i, ok = i+1, true
				break
			}
			objects, open = objects&^(1<<open), open+1
			continue
		case c == '"':
			i, ok = stringEnd(data, i)
		case c == '-' || (c >= '0' && c <= '9'):
			i, ok = numberEnd(data, i)
		case c == 't':
			i, ok = literalEnd(data, i, "true")
		case c == 'f':
			i, ok = literalEnd(data, i, "false")
		case c == 'n':
			i, ok = literalEnd(data, i, "null")
		default:
			return false
		}
		if !ok {
			return false
		}
		// After a value: the containers that end here, then a comma
		// before the next value, or the end.
		if i, open, ok = closeValues(data, i, objects, open); !ok {
			return false
		}
		if open == 0 {
			s.pos = i
			return true
		}
		if objects&(1<<(open-1)) != 0 {
			if i, ok = memberKey(data, i); !ok {
				return false
			}
		}
	}
}

// closeValues passes, after a value inside open containers (objects says
// which are objects), over the ends of those that end there and the comma
// after the last value, returning how many are still open: 0 when the
// outermost has ended, and i after it.
func closeValues(data []byte, i int, objects uint32, open int) (int, int, bool) {
	for open > 0 {
		if i = skipWS(data, i); i >= len(data) {
			return i, open, false
		}
		end := byte(']')
		if objects&(1<<(open-1)) != 0 {
			end = '}'
		}
		switch data[i] {
		case ',':
			return i + 1, open, true
		case end:
			i, open = i+1, open-1
		default:
			return i, open, false
		}
	}
	return i, 0, true
}

// memberKey passes over a member's key and its colon.
func memberKey(data []byte, i int) (int, bool) {
	if i = skipWS(data, i); i >= len(data) || data[i] != '"' {
		return i, false
	}
	i, ok := stringEnd(data, i)
	if ok && i < len(data) && data[i] == ':' { // compact JSON
		return i + 1, true
	}
	if i = skipWS(data, i); !ok || i >= len(data) || data[i] != ':' {
		return i, false
	}
	return i + 1, true
}

// skipWS returns where the white space from data[i] ends.
func skipWS(data []byte, i int) int {
	for i < len(data) && data[i] <= ' ' && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

func literalEnd(data []byte, i int, word string) (int, bool) {
	if i+len(word) <= len(data) && string(data[i:i+len(word)]) == word {
		return i + len(word), true
	}
	return i, false
}

// stringEnd returns where the string at data[i] ends, after its closing
// quote, checking its escapes; invalid UTF-8 is valid JSON to
// encoding/json, so it is allowed here too.
func stringEnd(data []byte, i int) (int, bool) {
	i++ // '"'
	for {
		i = plainEnd(data, i)
		if i >= len(data) {
			return i, false
		}
		switch c := data[i]; {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return i, false
		case c == '\\':
			if i+1 >= len(data) {
				return i, false
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(data) || !isHex4(data[i+2:i+6]) {
					return i, false
				}
				i += 6
			default:
				return i, false
			}
			continue
		}
		i++
	}
}

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// plainEnd returns where the bytes of a string from data[i] that need no
// look end, looking at eight at a time: at one that may need a look
// (cells.Special: the lowest mark is exact), or at the last eight bytes of
// data, which the caller's loop looks at.
func plainEnd(data []byte, i int) int {
	for i+8 <= len(data) {
		if m := cells.Special(binary.LittleEndian.Uint64(data[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	return i
}

// numberEnd returns where the number at data[i] ends, in JSON's grammar.
func numberEnd(data []byte, i int) (int, bool) {
	if data[i] == '-' {
		i++
	}
	start := i
	i = digitsEnd(data, i)
	if i == start || (i-start > 1 && data[start] == '0') {
		return i, false
	}
	if i < len(data) && data[i] == '.' {
		if j := digitsEnd(data, i+1); j > i+1 {
			i = j
		} else {
			return i, false
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := digitsEnd(data, i)
		if j == i {
			return i, false
		}
		i = j
	}
	return i, true
}

func digitsEnd(data []byte, i int) int {
	for i < len(data) && data[i] >= '0' && data[i] <= '9' {
		i++
	}
	return i
}
