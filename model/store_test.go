package model

import (
	"cmp"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

func TestParseStrictTime(t *testing.T) {
	s := &store{}
	for _, tt := range []struct {
		in     string
		strict bool
	}{
		{"2024-03-20T09:13:37.0Z", true},
		{"2024-05-14T01:29:09.283Z", true},
		{"2024-12-12T10:00:00Z", true},
		{"2022-01-03T13:42:04+00:00", true},
		{"2024-05-22T15:11:19+02:00", true},
		{"2024-05-22T15:11:19.123456789-09:30", true},
		{"2024-02-29T00:00:00Z", true},
		{"1970-01-01T00:00:00Z", true},
		{"1969-12-31T23:59:59.999999999Z", true},
		{"2098-12-31T23:59:59Z", true},
		{"1901-01-01T00:00:00Z", true},
		{"2099-12-31T23:59:59Z", false}, // the first and last held years: the slow way checks the instant
		{"1900-01-01T00:30:00+00:30", false},
		{"2200-12-31T23:59:59Z", false},      // not held
		{"2023-02-29T00:00:00Z", false},      // no such day: ParseTime decides
		{"2024-05-22T15:11:19-00:00", false}, // would come back as +00:00
		{"2024-05-22t15:11:19z", false},
		{"2024-05-22T15:11:19.1234567891Z", false},
		{"2024-05-22T15:11:19.Z", false},
		{"2024-05-22T24:00:00Z", false},
		{"2024-05-22T15:11:19+24:00", false},
		{"2024-05-22T15:11:19", false},
		{"1600-01-01T00:00:00Z", false},
		{"２０２４-05-22T15:11:19Z", false},
		{"20x4-05-22T15:11:19Z", false}, // a non-digit in each number
		{"x024-05-22T15:11:19Z", false},
		{"2024-0x-22T15:11:19Z", false},
		{"2024-05-2xT15:11:19Z", false},
		{"2024-05-22T1x:11:19Z", false},
		{"2024-05-22T15:/1:19Z", false},
		{"2024-05-22T15:11:1xZ", false},
		{"2024-05-22T15:11:19+0x:00", false},
		{"2024-05-22T15:11:19+02:0x", false},
	} {
		nanos, off, form, ok := parseStrictTime(tt.in)
		if ok != tt.strict {
			t.Errorf("parseStrictTime(%q) ok = %v, want %v", tt.in, ok, tt.strict)
			continue
		}
		if !ok {
			continue
		}
		want, err := time.Parse(time.RFC3339Nano, tt.in)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		if nanos != want.UnixNano() {
			t.Errorf("%q: nanos %d, want %d", tt.in, nanos, want.UnixNano())
		}
		// The record rebuilds exactly the text and instant it was given.
		s.recs = append(s.recs, record{nanos: nanos, offMin: off, tform: form})
		got, raw := s.created(int32(len(s.recs) - 1))
		if raw != tt.in || !got.Equal(want) {
			t.Errorf("%q rebuilt as %q (%v)", tt.in, raw, got)
		}
		if _, o := got.Zone(); o != func() int { _, o := want.Zone(); return o }() {
			t.Errorf("%q: offset %d", tt.in, o)
		}
	}
}

// The messages of events a builder adds with messages of their own
// (NewChunk) come back as sent, with their display lines, kept many to an
// allocation rather than one each, and the event added is left as it was.
func TestOwnMessagesInBlocks(t *testing.T) {
	long := strings.Repeat("Payment paid · ", 200) // past what a block shares
	tests := []struct{ name, msg, line string }{
		{"plain", "Payment paid · ideal · €10.00 · Order #1", ""},
		{"its own display line", "Payment paid · Order #1", "Payment paid · Order #1"},
		{"a display line apart", "Order \x1b[31m#2", "Order ␛[31m#2"},
		{"none", "", ""},
		{"long", long, ""},
	}
	c := NewChunk(len(tests), 0)
	for _, tt := range tests {
		e := Event{Resource: "event", TypeName: "payment.paid", Message: tt.msg, Line: cells.Line(tt.line),
			Created: time.Unix(1, 0).UTC(), CreatedRaw: "1970-01-01T00:00:01Z"}
		c.Add(&e)
		if e.Message != tt.msg || string(e.Line) != tt.line {
			t.Errorf("%s: the event added changed: %q, %q", tt.name, e.Message, e.Line)
		}
	}
	for i, tt := range tests {
		e := c.Event(i)
		want := cmp.Or(tt.line, cells.SanitizeLine(tt.msg))
		if e.Message != tt.msg || string(e.Line) != want {
			t.Errorf("%s: %q, line %q; want %q, %q", tt.name, e.Message, e.Line, tt.msg, want)
		}
	}
	// Each one after the other in a block (after its head, msgLines), as
	// a template and its digits (msgtemplates.go), not the string it was
	// given (an allocation each).
	one, blkOne, tmplOne := c.st.lines.entry(c.st.recs[0].msg)
	two, blkTwo, tmplTwo := c.st.lines.entry(c.st.recs[1].msg)
	if !tmplOne || !tmplTwo {
		t.Error("messages with digits are not held as templates")
	}
	if blkOne != blkTwo || unsafe.Add(unsafe.Pointer(unsafe.SliceData(one)), len(one)+1) != unsafe.Pointer(unsafe.SliceData(two)) {
		t.Error("two messages added one after the other are not next to each other in a block")
	}
}
