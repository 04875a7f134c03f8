package model

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp/syntax"
	"strings"
	"testing"
)

// A line of its own with digits is held as a template and its digits, and
// reads back as it was added, whatever its digits; one without digits, or
// a long one, is held as its text.
func TestLinesHeldAsTemplates(t *testing.T) {
	long := strings.Repeat("Order #12 ", textBlock/8/10+1)
	for _, tt := range []struct {
		line string
		tmpl bool
	}{
		{"Payment paid · ideal · €94.09 · Order #512409", true},
		{"Payment paid · ideal · €94.09 · Order #512408", true}, // the same template
		{"0", true},
		{"007", true},       // leading zeros
		{"x1y22z333", true}, // an odd number of digits
		{"Refund refunded · €0.00 · Refund for order #0", true},
		{"٣ and １: not ASCII digits, 1 that is", true},
		{"Payment paid · ideal", false},
		{"", false},
		{"٣", false},
		{long, false},
	} {
		var m msgLines
		m.addLoose([]byte("Payment paid · paypal · €1.00 · Order #1")) // another template before it
		id := m.addLoose([]byte(tt.line))
		_, _, tmpl := m.entry(id)
		var buf []byte
		if got := m.line(id); got != tt.line || tmpl != tt.tmpl {
			t.Errorf("%.40q: read back as %.40q, as a template %v, want %v", tt.line, got, tmpl, tt.tmpl)
		}
		if got := m.lineIn(id, &buf); got != tt.line {
			t.Errorf("%.40q: lineIn %.40q", tt.line, got)
		}
		if n := m.lineLen(id); n != len(tt.line) {
			t.Errorf("%.40q: lineLen %d, want %d", tt.line, n, len(tt.line))
		}
	}
}

// Lines compare as their text does, whichever way each is held, in one
// msgLines or across tables taken on from another (msgLines.take), and by
// their sort keys too; copied lines read back as they were.
func TestTemplatesCompareAsText(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "0123456789ab ·€"
	randomLine := func() string {
		var b strings.Builder
		n := r.IntN(10)
		if r.IntN(10) == 0 {
			n = 40 // more digits than a sort key holds, often
		}
		for range n {
			b.WriteRune([]rune(alphabet)[r.IntN(len([]rune(alphabet)))])
		}
		return b.String()
	}
	var o msgLines
	var texts []string
	for range 3000 { // blocks enough to be taken on as they are
		s := randomLine() + strings.Repeat("#", 20)
		if r.IntN(4) == 0 {
			o.addBytes([]byte(s))
		} else {
			o.addLoose([]byte(s))
		}
		texts = append(texts, s)
	}
	var m msgLines
	var own []string
	for range 200 { // lines of m's own, then o's taken on, then copied
		s := randomLine()
		m.addLoose([]byte(s))
		own = append(own, s)
	}
	texts = append(own, texts...)
	moved := make([]uint32, len(o.blocks))
	for id := range uint32(o.len()) {
		if id%2 == 0 {
			m.take(&o, id, moved)
		} else {
			m.copyLine(&o, id)
		}
	}
	if m.len() != len(texts) {
		t.Fatalf("%d lines, want %d", m.len(), len(texts))
	}
	for i, want := range texts {
		if got := m.line(uint32(i)); got != want {
			t.Fatalf("line %d: %q, want %q", i, got, want)
		}
	}
	keys := m.sortKeys()
	for range 20000 {
		a, b := uint32(r.IntN(len(texts))), uint32(r.IntN(len(texts)))
		want := strings.Compare(texts[a], texts[b])
		if got := m.compare(a, b); got != want {
			t.Errorf("compare(%q, %q) = %d, want %d", texts[a], texts[b], got, want)
		}
		if got := m.compareKeyed(keys, a, b); got != want {
			t.Errorf("compareKeyed(%q, %q) = %d, want %d", texts[a], texts[b], got, want)
		}
	}
}

// Lines that each make a template of their own stop being held as
// templates once there are more of those than of lines sharing one: a
// template costs its text, more than its line saves.
func TestTemplatesGiveUp(t *testing.T) {
	var m msgLines
	words := []string{"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"}
	var texts []string
	for i := range 3 * tryFirst {
		s := fmt.Sprintf("Order %d for %s %s %s", i, words[i%8], words[i/8%8], words[i/64%8])
		texts = append(texts, s)
		m.addLoose([]byte(s))
	}
	if !m.tmpl.off || m.tmpl.made > tryFirst {
		t.Errorf("%d templates made for %d lines, giving up %v", m.tmpl.made, len(texts), m.tmpl.off)
	}
	for i, want := range texts {
		if got := m.line(uint32(i)); got != want {
			t.Fatalf("line %d: %q, want %q", i, got, want)
		}
	}
}

// Webhook events' written messages, held as templates, filter and sort as
// the same messages sent on the wire do, held as their text: words with
// and without digits, negated, and regexps.
func TestTemplatesFilterAndSortAsText(t *testing.T) {
	load := func(wire bool) *List {
		l := NewList()
		for k := range 4 { // chunks of 4,000: blocks taken on, and of 40: lines copied
			n := []int{4000, 40}[k%2]
			var b strings.Builder
			for i := range n {
				order := fmt.Sprint(k*4000 + i*7)
				msg := ""
				if wire {
					msg = "Payment paid · ideal · €10.00 · Order #" + order
				}
				fmt.Fprintln(&b, paidEvent(i%60, order, msg))
			}
			c, _, err := DecodeChunk("captured.ndjson", []byte(b.String()), DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			l.AppendChunks(c)
		}
		return l
	}
	held, sent := load(false), load(true)
	if _, _, tmpl := held.st.lines.entry(held.st.rec(0).msg); !tmpl {
		t.Fatal("written messages are not held as templates")
	}
	if _, _, tmpl := sent.st.lines.entry(sent.st.rec(0).msg); tmpl {
		t.Fatal("messages sent are held as templates")
	}
	for _, q := range []string{"paid", "order #1", "#12", "€10", "10.00 · order #4", "!#1", `!"order #1"`, `"€10.00 · order #4"`, "/#1.*5$/", "!/#[0-9]*0$/", "/ide/", "/(?i)PAYMENT p/", `/\bOrder\b/`, "/^Payment paid · ideal · €/", `!/#\D/`, `/€\d\d\./`, "/^Payment paid · ideal · €10\\.00 · Order #[0-9]{3}$/", "ideal 7"} {
		held.SetQuery(mustQuery(t, q))
		sent.SetQuery(mustQuery(t, q))
		if got, want := ids(held), ids(sent); !reflect.DeepEqual(got, want) || len(want) == 0 {
			t.Errorf("%s: %d events pass, want %d (of %d)", q, len(got), len(want), held.Total())
		}
	}
	held.SetQuery(mustQuery(t, ""))
	sent.SetQuery(mustQuery(t, ""))
	for _, s := range []Sort{{Key: SortMessage}, {Key: SortMessage, Desc: true}} {
		held.SetSort(s)
		sent.SetSort(s)
		if got, want := ids(held), ids(sent); !reflect.DeepEqual(got, want) {
			t.Errorf("%v: the order differs from the messages' as text", s)
		}
	}
}

// The type panel's top message counts messages held as templates by
// template, as the first of them, against messages sent as they are.
func TestTopMessageOfTemplates(t *testing.T) {
	var b strings.Builder
	for i := range 5 { // written: "Payment paid · ideal · €10.00 · Order #1…5", one template
		fmt.Fprintln(&b, paidEvent(i, fmt.Sprint(i+1), ""))
	}
	fmt.Fprintln(&b, paidEvent(9, "12", "")) // another template: "#00"
	sent := func(n int) string {
		var s strings.Builder
		for i := range n {
			fmt.Fprintln(&s, paidEvent(10+i, "7", "Payment paid"))
		}
		return s.String()
	}
	for _, tt := range []struct {
		sent int
		want string
	}{
		{3, "Payment paid · ideal · €10.00 · Order #1"},
		{6, "Payment paid"},
	} {
		c, _, err := DecodeChunk("captured.ndjson", []byte(b.String()+sent(tt.sent)), DecodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		l := NewList()
		l.AppendChunks(c)
		if tc := l.TypeCounts(); len(tc) != 1 || tc[0].TopMessage != tt.want || tc[0].Count != 6+tt.sent {
			t.Errorf("%d sent: %+v, want the top message %q", tt.sent, tc, tt.want)
		}
	}
}

// A regexp is matched against templates only when no part of it can match
// an ASCII digit.
func TestMatchesDigit(t *testing.T) {
	for _, tt := range []struct {
		re    string
		digit bool
	}{
		{"ideal", false},
		{"(?i)payment (paid|failed)", false},
		{`\bOrder\b`, false},
		{"^Payment$", false},
		{`#\D+`, false},
		{"[a-f]+", false},
		{"٣", false}, // not an ASCII digit
		{"Order #1", true},
		{"a.b", true},
		{`\d`, true},
		{`\w+`, true},
		{"[^x]", true},
		{"[5-7]", true},
		{"x|y|(z[0-]?)", true},
		{`\pN`, true},
	} {
		re, err := syntax.Parse(tt.re, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := matchesDigit(re); got != tt.digit {
			t.Errorf("matchesDigit(%q) = %v, want %v", tt.re, got, tt.digit)
		}
	}
}
