package model

import (
	"strings"
	"testing"
)

// An ID's code gives the ID back, says how long it is, and is shorter
// than the ID for Mollie's shapes.
func TestIDCode(t *testing.T) {
	for _, tt := range []struct {
		id   string
		size int // the code's length
	}{
		{"event_GvJ8WHrp5isUdRub9CJyH", 18},
		{"tr_WDqYK6vllg", 10},
		{"chb_xvb27g", 7},
		{"baltr_9", 3},
		{"", 1},
		{"x", 2},
		{"tr_", 4},          // nothing after the prefix
		{"tr_abc-def", 11},  // not a letter or digit
		{"tr_abcdefg-", 12}, // in the last three
		{"tr_abcde", 6},     // four characters in three bytes, one in one
		{"tr_abcdef", 7},
		{"tr_abcdefg", 8},
		{"tr_é", 6},        // nor that
		{"zz_abcdef", 10},  // not a prefix of Mollie's
		{"event__abc", 11}, // a second underscore
		{"_abc", 5},        // no prefix
		{"cst_" + strings.Repeat("a", 255), 2 + 192},
		{"cst_" + strings.Repeat("a", 256), 3 + 260}, // too long to pack: 0x7f, two bytes of length
		{strings.Repeat("é", 100), 3 + 200},
	} {
		code := appendIDCode([]byte("before"), tt.id)[len("before"):]
		if len(code) != tt.size {
			t.Errorf("%.20q: code of %d bytes, want %d", tt.id, len(code), tt.size)
		}
		if n := idCodeLen(append(code, "after"...)); n != len(code) {
			t.Errorf("%.20q: idCodeLen %d, want %d", tt.id, n, len(code))
		}
		if got := string(appendID([]byte("x"), append(code, "after"...))); got != "x"+tt.id {
			t.Errorf("%.20q: decoded %.20q", tt.id, got)
		}
		if s := string(appendIDCode(nil, []byte(tt.id))); s != string(code) {
			t.Errorf("%.20q: bytes and string code differently", tt.id)
		}
	}
}

func FuzzIDCode(f *testing.F) {
	for _, s := range []string{"event_GvJ8WHrp5isUdRub9CJyH", "tr_WDqYK6vllg", "", "re_", "pl_a-b", "x_y"} {
		f.Add(s, "tr_1")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ca, cb := appendIDCode(nil, a), appendIDCode(nil, b)
		if (string(ca) == string(cb)) != (a == b) {
			t.Fatalf("%q and %q: codes %x and %x", a, b, ca, cb)
		}
		both := append(append([]byte{}, ca...), cb...)
		n := idCodeLen(both)
		if n != len(ca) || string(appendID(nil, both)) != a || string(appendID(nil, both[n:])) != b {
			t.Fatalf("%q, %q: not given back from %x", a, b, both)
		}
	})
}
