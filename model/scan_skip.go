package model

import (
	"encoding/binary"
	"math/bits"
)

// The scanner's pass over a value it does not read: checked as JSON, as
// encoding/json would, and nothing kept.

// skipValue passes over one JSON value, checking its syntax, at nesting depth
// depth. It returns false for invalid JSON or nesting past maxScanDepth.
// One loop over the value's tokens, the open containers kept as bits (an
// object's set), rather than a call for each member and value: most of a
// captured event's bytes are in values nobody reads.
func (s *scanner) skipValue(depth int) bool {
	data, i := s.data, s.pos
	var objects uint32 // bit k: the k-th open container is an object
	open, ok := 0, false
	if depth > maxScanDepth {
		return false
	}
	for {
		// A value, at depth depth+open.
		if i = skipWS(data, i); i >= len(data) {
			return false
		}
		switch c := data[i]; {
		case c == '{':
			if i = skipWS(data, i+1); i < len(data) && data[i] == '}' {
				i, ok = i+1, true
				break
			}
			if objects, open = objects|1<<(open&31), open+1; depth+open > maxScanDepth {
				return false
			}
			if i, ok = memberKey(data, i); !ok {
				return false
			}
			continue
		case c == '[':
			if i = skipWS(data, i+1); i < len(data) && data[i] == ']' {
				i, ok = i+1, true
				break
			}
			if objects, open = objects&^(1<<(open&31)), open+1; depth+open > maxScanDepth {
				return false
			}
			continue
		case c == '"':
			if j := quoteEnd(data, i+1); j < len(data) && data[j] == '"' {
				i, ok = j+1, true // most strings: stringEnd's first step, inlined
			} else {
				i, ok = stringEnd(data, i)
			}
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
		if objects>>((open-1)&31)&1 != 0 {
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
		if objects>>((open-1)&31)&1 != 0 {
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
	if j := quoteEnd(data, i+1); j+1 < len(data) && data[j] == '"' && data[j+1] == ':' {
		return j + 2, true // most keys, in compact JSON: stringEnd's first step, inlined
	}
	i, ok := stringEnd(data, i)
	if ok && i < len(data) && data[i] == ':' {
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
		i = quoteEnd(data, i)
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

// quoteEnd is plainEnd for a string that is passed over, not read: it
// stops at a quote, a backslash or a control, exactly at the first, and
// not at bytes from 0x7f, which such a string may hold as they are. A
// byte of x^'"' or x^'\\' that is 0, or one of x below 0x20, sets its
// high bit in the subtraction; one that does not, and has no borrow from
// a byte below, sets it only if x's is set, which ^x clears.
func quoteEnd(data []byte, i int) int {
	if i < 0 { // so that the compiler sees every word is in data
		return i
	}
	for ; i <= len(data)-8; i += 8 {
		if m := quoteStops(binary.LittleEndian.Uint64(data[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	return i
}

// quoteStops marks, in the high bit of each byte of x, the quotes,
// backslashes and controls; the lowest mark is exact.
func quoteStops(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote, backslash := x^(ones*'"'), x^(ones*'\\')
	return ((quote - ones) | (backslash - ones) | (x - ones*0x20)) &^ x & highs
}

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
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
