package model

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
)

// byShape reads lines, an event each, with one scanner, and tells of
// each whether it was read by a shape learned from those before.
func byShape(t *testing.T, lines []string) []bool {
	t.Helper()
	data := []byte(strings.Join(lines, "\n"))
	s := newScanner(data, "in.json", &Chunk{})
	var got []bool
	for i := range lines {
		read := s.shapes.read
		if !s.event() {
			t.Fatalf("line %d: not read: %s", i+1, lines[i])
		}
		got = append(got, s.shapes.read > read)
		s.ws()
	}
	return got
}

// The event the shapes of the tests are learned from, and what is
// changed of it.
var (
	shapeTeacher = webhook(entity(`"resource":"payment"`, `"mode":"live"`, whAmount, `"description":"Order #1"`,
		`"method":"ideal"`, `"metadata":{"n":1}`, `"paid":true`, whDash), whLinks)
	shapeChanges = []struct {
		name, old, new string
		byShape        bool // read by the teacher's shape
	}{
		{"other strings and numbers", `"EUR","value":"10.00"},"description":"Order #1","method":"ideal","metadata":{"n":1}`,
			`"GBP","value":"-2.5"},"description":"Ordre 2 · für Zoë","method":"paypal","metadata":{"n":-12.5e3}`, true},
		{"a long number", `{"n":1}`, `{"n":12345678901234567890}`, true},
		{"an empty description", `"Order #1"`, `""`, true},
		{"another dashboard", `dashboard/org_1/payments/tr_7UhSN1zuXS`, `dashboard/org_2/refunds/re_1`, true},
		{"invalid UTF-8 in a string not read", `"mode":"live"`, "\"mode\":\"l\xffve\"", true},
		{"invalid UTF-8 in a field read", `"Order #1"`, "\"Order \xff1\"", false},
		{"an escaped field", `"Order #1"`, `"Order \"1\""`, false},
		{"an escaped string not read", `"mode":"live"`, `"mode":"l\u0069ve"`, false},
		{"a string where a number was", `{"n":1}`, `{"n":"1"}`, false},
		{"a number where a string was", `"mode":"live"`, `"mode":1`, false},
		{"false for true", `"paid":true`, `"paid":false`, false},
		{"white space", `"method":"ideal"`, `"method": "ideal"`, false},
		{"a member more", `"method":"ideal"`, `"method":"ideal","x":"y"`, false},
		{"the dashboard null", whDash, `"_links":{"dashboard":null}`, false},
		{"a later description", `"method":"ideal"`, `"method":"ideal","description":"later"`, false},
		{"a key of another case", `"method":"ideal"`, `"Method":"ideal"`, false},
		{"another type and time", `"type":"payment.paid","entityId":"tr_7UhSN1zuXS","createdAt":"2024-12-16T15:57:04+00:00"`,
			`"type":"refund.failed","entityId":"re_1","createdAt":"2025-01-31T23:59:59.999-01:30"`, true},
		{"another event ID", `event_GvJ8WHrp5isUdRub9CJyH","type"`, `event_x","type"`, true},
		{"a time the scanner leaves to Decode", `"2024-12-16T15:57:04+00:00"`, `"2024-12-16T15:57:04-00:00"`, false},
		{"a customer", `{"resource":"event"`, `{"resource":"customer"`, false},
		{"an escaped link", `"https://api.mollie.com/v2/events/`, `"https:\/\/api.mollie.com/v2/events/`, false},
		{"invalid UTF-8 in an ID", `"entityId":"tr_7UhSN1zuXS"`, "\"entityId\":\"tr_\xff\"", false},
	}
)

// An event of a shape learned is read by it, and read as Decode reads
// it; one of another shape is read by fastEvent, as Decode reads it.
func TestEventShapes(t *testing.T) {
	for _, tt := range shapeChanges {
		t.Run(tt.name, func(t *testing.T) {
			pupil := strings.Replace(shapeTeacher, tt.old, tt.new, 1)
			if pupil == shapeTeacher {
				t.Fatalf("%q is not in the teacher", tt.old)
			}
			lines := []string{shapeTeacher, pupil, shapeTeacher, pupil}
			data := []byte(strings.Join(lines, "\n"))
			if _, err := Decode("f", data); err != nil {
				t.Fatal(err)
			}
			if !fastMatchesReference(t, data) {
				t.Fatal("not read by the fast decoder")
			}
			streamedMatchReference(t, data, 16, true)
			if !readFast(pupil) && tt.byShape {
				t.Fatal("a case the scanner leaves to decodeEvent cannot be read by a shape")
			}
			got := byShape(t, lines)
			// The teacher again is always of a shape learned; the pupil
			// again too, unless it cannot be learned (escaped, or read
			// by decodeEvent).
			if !got[2] || got[1] != tt.byShape || got[0] {
				t.Errorf("read by a shape: %v, want [false %v true …]", got, tt.byShape)
			}
		})
	}
}

// Input Decode refuses is refused after a shape is learned too: a control
// or a broken number in a slot, a type that is no name, a time that is no
// RFC 3339 timestamp.
func TestEventShapesRefuse(t *testing.T) {
	for _, bad := range []struct{ old, new string }{
		{`"mode":"live"`, "\"mode\":\"l\x01ve\""},
		{`{"n":1}`, `{"n":01}`},
		{`{"n":1}`, `{"n":1.}`},
		{`{"n":1}`, `{"n":-}`},
		{`"mode":"live"`, `"mode":"live`},
		{`"type":"payment.paid"`, `"type":"payment paid"`},
		{`"2024-12-16T15:57:04+00:00"`, `"2024-12-16 15:57:04"`},
	} {
		pupil := strings.Replace(shapeTeacher, bad.old, bad.new, 1)
		data := []byte(shapeTeacher + "\n" + pupil)
		if _, err := Decode("f", data); err == nil {
			t.Fatalf("Decode reads %q", pupil)
		}
		if fastMatchesReference(t, data) {
			t.Errorf("%q: read fast", bad.new)
		}
	}
}

// Shapes that part here and there each read their events, a literal
// that starts another's tried after it: a number after `"n":`, where
// another shape has a string. The last line ends in data's last bytes.
func TestEventShapesPart(t *testing.T) {
	var lines []string
	for _, v := range []string{`1`, `"one"`, `{"k":[1,"x",null]}`, `[2]`, `null`} {
		for _, last := range []string{`"description":"d"`, `"details":{"x":"d"}`} {
			lines = append(lines, webhook(entity(`"resource":"payment"`, `"n":`+v, last)))
		}
	}
	lines = append(lines, lines...)
	data := []byte(strings.Join(lines, "\n"))
	if !fastMatchesReference(t, data) {
		t.Fatal("not read by the fast decoder")
	}
	got := byShape(t, lines)
	for i, shaped := range got {
		if shaped != (i >= len(got)/2) {
			t.Errorf("line %d: read by a shape %v:\n%s", i+1, shaped, lines[i])
		}
	}
}

// Events of a shape each are read as Decode reads them, and the scanner
// soon learns their shapes only now and then.
func TestEventShapesUnlike(t *testing.T) {
	var lines []string
	for i := range 600 {
		lines = append(lines, webhook(entity(`"resource":"payment"`, fmt.Sprintf(`"k%d":"v"`, i), `"method":"ideal"`)))
	}
	data := []byte(strings.Join(lines, "\n"))
	if !fastMatchesReference(t, data) {
		t.Fatal("not read by the fast decoder")
	}
	s := newScanner(data, "in.json", &Chunk{})
	for range lines {
		if !s.event() {
			t.Fatal("not read")
		}
		s.ws()
	}
	if want := learnTries + (len(lines)-learnTries)/learnEvery; s.shapes.learned != want || s.shapes.read != 0 {
		t.Errorf("learned %d shapes and read %d events by them, want %d and 0", s.shapes.learned, s.shapes.read, want)
	}
	if runs := len(s.shapes.roots[0].next); runs > maxShapeNext {
		t.Errorf("%d runs may follow the first, want %d at most", runs, maxShapeNext)
	}
}

// The shapes of a day of captured events read almost all of them, as
// Decode reads them.
func TestEventShapesGenerated(t *testing.T) {
	var b bytes.Buffer
	day := capturedLines(t, 2000)
	for _, l := range day {
		b.WriteString(l + "\n")
	}
	if !fastMatchesReference(t, b.Bytes()) {
		t.Fatal("not read by the fast decoder")
	}
	n := 0
	for _, shaped := range byShape(t, day) {
		if shaped {
			n++
		}
	}
	if n < len(day)*9/10 {
		t.Errorf("%d of %d events read by a shape", n, len(day))
	}
}

// capturedLines are n captured webhook events, a line each.
func capturedLines(t *testing.T, n int) []string {
	t.Helper()
	var b bytes.Buffer
	if err := eventgen.WriteWebhooks(&b, eventgen.Options{N: n, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(b.String()), "\n")
}

// Any event after the teacher is read as Decode reads it, by the
// teacher's shape or not, and again by its own.
func FuzzEventShapes(f *testing.F) {
	for _, tt := range shapeChanges {
		f.Add(strings.Replace(shapeTeacher, tt.old, tt.new, 1))
	}
	f.Fuzz(func(t *testing.T, pupil string) {
		fastMatchesReference(t, []byte(shapeTeacher+"\n"+pupil+"\n"+pupil))
	})
}

// A line of an event of a shape learned ends where the event does, after
// white space; anything else on it is read as before, and a broken line
// is still told by its number.
func TestEventShapesLines(t *testing.T) {
	lines := []string{shapeTeacher, shapeTeacher + " \t\r", shapeTeacher, shapeTeacher + ` {"x":1}`, shapeTeacher}
	data := []byte(strings.Join(lines, "\n"))
	_, want := Decode("f", data)
	if want == nil {
		t.Fatal("Decode reads a line of two objects")
	}
	for _, block := range []int{64, 1 << 20} {
		restore := smallBlocks(block)
		_, err := DecodeFile("f", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, func(*Chunk) {})
		restore()
		if err == nil || err.Error() != want.Error() {
			t.Errorf("blocks of %d: %v, want Decode's %v", block, err, want)
		}
	}
	good := []byte(strings.Join([]string{lines[0], lines[1], lines[2]}, "\n") + "\n")
	if !fastMatchesReference(t, good) {
		t.Fatal("not read by the fast decoder")
	}
	streamedMatchReference(t, good, 1<<20, false)
}
