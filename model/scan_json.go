package model

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// The scanner's JSON primitives: objects, strings and their escapes, and
// integers; skipping a value unread is scan_skip.go's.

// members reads an object's members after its '{', calling member with
// s.pos at each value, which member must read. It returns false at
// anything it leaves to Decode (an escaped key, bad syntax) or when member
// does.
func (s *scanner) members(member func(key []byte) bool) bool {
	if s.punct('}') {
		return true
	}
	for {
		key, ok := s.key()
		if !ok || !member(key) {
			return false
		}
		if s.pos < len(s.data) { // compact JSON: no white space after a value
			switch s.data[s.pos] {
			case ',':
				s.pos++
				continue
			case '}':
				s.pos++
				return true
			}
		}
		if s.punct(',') {
			continue
		}
		return s.punct('}')
	}
}

// key reads a member's key, unescaped and valid UTF-8, and the colon
// after it, with the white space around them, and says in s.keyPrintable
// whether the key is printable ASCII. Most keys are, in compact JSON: the
// key's bytes, its closing quote and colon are looked at in one pass.
func (s *scanner) key() ([]byte, bool) {
	data, i := s.data, s.pos
	if i < len(data) && data[i] == '"' {
		end := plainEnd(data, i+1)
		if end < len(data)-2 && binary.LittleEndian.Uint16(data[end:]) == '"'|':'<<8 && data[end+2] > ' ' {
			s.pos, s.keyPrintable = end+2, true
			return data[i+1 : end : end], true
		}
	}
	s.ws()
	key, plain := s.rawString()
	if !plain || !s.colon() {
		return nil, false
	}
	s.keyPrintable = s.printable
	return key, true
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
	data, start := s.data, s.pos+1
	if start > len(data) || data[start-1] != '"' {
		return nil, false
	}
	i := plainEnd(data, start)
	if i < len(data) && data[i] == '"' { // most strings: all printable ASCII
		s.pos, s.printable = i+1, true
		return data[start:i], true
	}
	return s.rawStringRest(start, i)
}

// rawStringRest is rawString from data[i], the first byte of the string
// from start that is not printable ASCII.
func (s *scanner) rawStringRest(start, i int) (b []byte, plain bool) {
	data := s.data
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

// plainEnd returns where the bytes of a string from data[i] that need no
// look end, looking at eight at a time: at one that may need a look
// (cells.Special: the lowest mark is exact), or at the last eight bytes of
// data, which the caller's loop looks at.
func plainEnd(data []byte, i int) int {
	if i < 0 { // so that the compiler sees every word is in data
		return i
	}
	for ; i <= len(data)-8; i += 8 {
		if m := cells.Special(binary.LittleEndian.Uint64(data[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	return i
}
