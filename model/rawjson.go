package model

import "bytes"

// skipSpace returns the offset of the first byte at or after i that is not
// JSON whitespace.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueStart skips whitespace and the ':' or ',' before a value.
func valueStart(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == ':' || b[i] == ',') {
		i++
	}
	return i
}

// scanValue walks the object or array that starts at data[i], counting
// brackets outside strings, and returns the offset just past its closing
// bracket (len(data) if it has none) and the offset of the first bracket
// nested deeper than MaxDepth, or -1. It does not check that the JSON is
// valid: that is encoding/json's job once the input is known to be shallow
// enough. One pass, and no recursion however deep the input. Any other
// value cannot nest: scanValue returns at once, leaving it to the decoder,
// so that a stream of many small values is not scanned to its end for each.
func scanValue(data []byte, i int) (end, deep int) {
	if i >= len(data) || (data[i] != '[' && data[i] != '{') {
		return i, -1
	}
	depth, deep := 0, -1
	for ; i < len(data); i++ {
		switch data[i] {
		case '"':
			i = endOfString(data, i+1)
		case '[', '{':
			if depth++; depth > MaxDepth && deep < 0 {
				deep = i
			}
		case ']', '}':
			if depth--; depth <= 0 {
				return i + 1, deep
			}
		}
	}
	return len(data), deep
}

// scanDepth is scanValue over all of b, whatever it holds: the offset of
// the first bracket nested deeper than MaxDepth, or -1.
func scanDepth(b []byte) int { return scanDepthFrom(b, 0) }

// scanDepthFrom is scanDepth for b found depth levels down.
func scanDepthFrom(b []byte, depth int) int {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			i = endOfString(b, i+1)
		case '[', '{':
			if depth++; depth > MaxDepth {
				return i
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return -1
}

// endOfString returns the offset of the quote that ends the JSON string
// whose contents start at i, or len(b) if it is not closed. A quote is
// escaped when an odd number of backslashes stands before it.
func endOfString(b []byte, i int) int {
	for {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			return len(b)
		}
		q += i
		n := 0
		for j := q - 1; j >= i && b[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return q
		}
		i = q + 1
	}
}
