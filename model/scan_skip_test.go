package model

import (
	"encoding/json"
	"strings"
	"testing"
)

// refSkip is skipValue as a plain recursive descent, one call for each
// value, member and string: where the value at data[i], at nesting depth
// depth, ends, or false.
func refSkip(data []byte, i, depth int) (int, bool) {
	if depth > maxScanDepth {
		return i, false
	}
	i = skipWS(data, i)
	if i >= len(data) {
		return i, false
	}
	ok := true
	switch c := data[i]; {
	case c == '{' || c == '[':
		end := byte(']')
		if c == '{' {
			end = '}'
		}
		if i = skipWS(data, i+1); i < len(data) && data[i] == end {
			return i + 1, true
		}
		for {
			if c == '{' {
				if i, ok = memberKey(data, i); !ok {
					return i, false
				}
			}
			if i, ok = refSkip(data, i, depth+1); !ok {
				return i, false
			}
			if i = skipWS(data, i); i >= len(data) {
				return i, false
			}
			switch data[i] {
			case ',':
				i++
				continue
			case end:
				return i + 1, true
			}
			return i, false
		}
	case c == '"':
		return stringEnd(data, i)
	case c == '-' || (c >= '0' && c <= '9'):
		return numberEnd(data, i)
	case c == 't':
		return literalEnd(data, i, "true")
	case c == 'f':
		return literalEnd(data, i, "false")
	case c == 'n':
		return literalEnd(data, i, "null")
	}
	return i, false
}

func TestSkipValue(t *testing.T) {
	deep := func(n int, inner string) string {
		return strings.Repeat(`[`, n) + inner + strings.Repeat(`]`, n)
	}
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{`{}`, true},
		{` { "a" : [ 1 , -2.5e+3 , true , false , null , "x\"\\\/\b\f\n\r\t\u00e9" ] , "b" : { } } `, true},
		{`{"a":1,}`, false},
		{`{"a" 1}`, false},
		{`{"a":1 "b":2}`, false},
		{`[1,]`, false},
		{`[1 2]`, false},
		{`{"a":1]`, false},
		{`[1}`, false},
		{`{1:2}`, false},
		{`"a` + "\x01" + `"`, false},
		{`"\x"`, false},
		{`"\u12g4"`, false},
		{`"` + "\xff\xfe" + `"`, true}, // invalid UTF-8 is valid JSON to encoding/json
		{`01`, false},
		{`1.`, false},
		{`1e`, false},
		{`-`, false},
		{`tru`, false},
		{`[`, false},
		{`{"a":`, false},
		{deep(maxScanDepth, ``), true},
		{deep(maxScanDepth-1, `1`), true},
		{deep(maxScanDepth, `1`), false},
		{deep(maxScanDepth+1, ``), false},
		{`{"a":` + deep(maxScanDepth-1, ``) + `}`, true},
		{`{"a":` + deep(maxScanDepth, ``) + `}`, false},
	} {
		s := &scanner{data: []byte(tt.in)}
		ok := s.skipValue(1)
		if ok != tt.ok {
			t.Errorf("skipValue(%q) = %v, want %v", tt.in, ok, tt.ok)
		}
		if ok && (strings.TrimSpace(tt.in[s.pos:]) != "" || !json.Valid([]byte(tt.in))) {
			t.Errorf("skipValue(%q) ends at %d", tt.in, s.pos)
		}
	}
}

// skipValue takes what a recursive descent takes, and ends where it does;
// what it takes whole is valid JSON.
func FuzzSkipValue(f *testing.F) {
	f.Add([]byte(`{"a":[1,{"b":"c\u00e9"},null],"d":true}`), uint8(1))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]] `), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, depth uint8) {
		d := int(depth % (maxScanDepth + 2))
		s := &scanner{data: data}
		ok := s.skipValue(d)
		end, want := refSkip(data, 0, d)
		if ok != want || ok && s.pos != end {
			t.Fatalf("skipValue(%q, %d) = %v at %d, want %v at %d", data, d, ok, s.pos, want, end)
		}
		if ok && skipWS(data, s.pos) == len(data) && !json.Valid(data) {
			t.Fatalf("skipValue(%q, %d) passes over invalid JSON", data, d)
		}
	})
}
