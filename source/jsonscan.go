package source

import (
	"bytes"
	"encoding/json"
	"unsafe"
)

// jscan reads JSON in place, one value at a time, for list pages of
// resources: much faster than encoding/json, which decodes a page into
// values and then each resource again. Each function returns false on
// bad syntax; the position is then somewhere inside the bad value.
type jscan struct {
	b []byte
	i int
}

// maxDepth bounds the nesting skipped, so a hostile page cannot exhaust
// the stack.
const maxDepth = 512

func (s *jscan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek is the next byte after white space, or 0 at the end.
func (s *jscan) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// object reads an object's members, calling member at each value, which
// it must read (or skip).
func (s *jscan) object(member func(key []byte) bool) bool {
	if s.peek() != '{' {
		return false
	}
	s.i++
	if s.peek() == '}' {
		s.i++
		return true
	}
	for {
		if s.peek() != '"' {
			return false
		}
		key, ok := s.rawString()
		if !ok || s.peek() != ':' {
			return false
		}
		s.i++
		s.ws()
		if !member(key) {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

// array reads an array's elements, calling elem at each, which it must
// read.
func (s *jscan) array(elem func() bool) bool {
	if s.peek() != '[' {
		return false
	}
	s.i++
	if s.peek() == ']' {
		s.i++
		return true
	}
	for {
		s.ws()
		if !elem() {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return false
		}
	}
}

// rawString reads a string and returns its bytes between the quotes,
// escapes and all.
func (s *jscan) rawString() ([]byte, bool) {
	start := s.i + 1
	if !s.skipString() {
		return nil, false
	}
	return s.b[start : s.i-1], true
}

// str reads a string value. A value that is null leaves *dst as it was;
// any other kind of value is skipped and reported as wrong (false, true).
func (s *jscan) str(dst *string) (ok, wrongType bool) {
	switch s.peek() {
	case '"':
		start := s.i
		raw, ok := s.rawString()
		if !ok {
			return false, false
		}
		if bytes.IndexByte(raw, '\\') < 0 {
			// A view of the body, not a copy: a body is never changed
			// once read, and Held keeps it as it is anyway.
			*dst = unsafe.String(unsafe.SliceData(raw), len(raw))
			return true, false
		}
		return json.Unmarshal(s.b[start:s.i], dst) == nil, false
	case 'n':
		return s.literal("null"), false
	}
	return s.skip(0), true
}

// skipString passes over a string, checking its escapes. A control
// character inside is not caught: API answers are checked whole
// (json.Valid) before they are read.
func (s *jscan) skipString() bool {
	s.i++ // '"'
	for s.i < len(s.b) {
		rest := s.b[s.i:]
		q := bytes.IndexByte(rest, '"')
		if q < 0 {
			return false
		}
		bs := bytes.IndexByte(rest[:q], '\\')
		if bs < 0 {
			s.i += q + 1
			return true
		}
		s.i += bs
		if s.i+1 >= len(s.b) {
			return false
		}
		switch s.b[s.i+1] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			s.i += 2
		case 'u':
			if s.i+6 > len(s.b) || !isHex4(s.b[s.i+2:s.i+6]) {
				return false
			}
			s.i += 6
		default:
			return false
		}
	}
	return false
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func (s *jscan) literal(word string) bool {
	if bytes.HasPrefix(s.b[s.i:], []byte(word)) {
		s.i += len(word)
		return true
	}
	return false
}

// skip passes over one value of any kind.
func (s *jscan) skip(depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch c := s.peek(); {
	case c == '{':
		return s.object(func([]byte) bool { return s.skip(depth + 1) })
	case c == '[':
		return s.array(func() bool { return s.skip(depth + 1) })
	case c == '"':
		return s.skipString()
	case c == '-' || c >= '0' && c <= '9':
		return s.skipNumber()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return false
}

// skipNumber passes over a number, leniently: its bytes are digits, signs,
// dots and exponents.
func (s *jscan) skipNumber() bool {
	start := s.i
	for s.i < len(s.b) {
		switch c := s.b[s.i]; {
		case c >= '0' && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
			s.i++
			continue
		}
		break
	}
	return s.i > start
}
