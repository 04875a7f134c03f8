package eventgen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// wireEvent is an event as decoded from the generated JSON.
type wireEvent struct {
	Resource  string                     `json:"resource"`
	Type      int                        `json:"type"`
	CreatedAt string                     `json:"createdAt"`
	Message   string                     `json:"message"`
	Links     map[string]json.RawMessage `json:"_links"`
}

type wireCustomer struct {
	Resource  string `json:"resource"`
	ID        string `json:"id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	CreatedAt string `json:"createdAt"`
	Links     map[string]struct {
		Href string `json:"href"`
		Type string `json:"type"`
	} `json:"_links"`
	Events []wireEvent `json:"events"`
}

type wireList struct {
	Count    int `json:"count"`
	Embedded struct {
		Customers []wireCustomer `json:"customers"`
	} `json:"_embedded"`
	Links map[string]json.RawMessage `json:"_links"`
}

type writeFunc func(io.Writer, Options) error

var shapes = []struct {
	name  string
	write writeFunc
}{
	{"array", WriteArray},
	{"ndjson", WriteNDJSON},
	{"list", WriteCustomerList},
}

func generate(t testing.TB, write writeFunc, o Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decodeArray(t testing.TB, b []byte) []wireEvent {
	t.Helper()
	var events []wireEvent
	if err := json.Unmarshal(b, &events); err != nil {
		t.Fatalf("array is not valid JSON: %v", err)
	}
	return events
}

func decodeNDJSON(t testing.TB, b []byte) []wireEvent {
	t.Helper()
	var events []wireEvent
	sc := bufio.NewScanner(bytes.NewReader(b))
	for line := 1; sc.Scan(); line++ {
		var e wireEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("ndjson:%d: %v", line, err)
		}
		events = append(events, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return events
}

func decodeList(t testing.TB, b []byte) wireList {
	t.Helper()
	var l wireList
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatalf("list is not valid JSON: %v", err)
	}
	return l
}

func (l wireList) events() []wireEvent {
	var events []wireEvent
	for _, c := range l.Embedded.Customers {
		events = append(events, c.Events...)
	}
	return events
}

func TestDeterministic(t *testing.T) {
	o := Options{N: 2000, Seed: 42}
	for _, s := range shapes {
		t.Run(s.name, func(t *testing.T) {
			a := generate(t, s.write, o)
			b := generate(t, s.write, o)
			if !bytes.Equal(a, b) {
				t.Error("same options gave different bytes")
			}
			o2 := o
			o2.Seed++
			if bytes.Equal(a, generate(t, s.write, o2)) {
				t.Error("different seeds gave the same bytes")
			}
		})
	}
}

func TestShapesCarrySameEvents(t *testing.T) {
	o := Options{N: 1500, Seed: 3, Customers: 7}
	array := decodeArray(t, generate(t, WriteArray, o))
	ndjson := decodeNDJSON(t, generate(t, WriteNDJSON, o))
	list := decodeList(t, generate(t, WriteCustomerList, o)).events()
	for i := range array {
		if !equalEvents(array[i], ndjson[i]) || !equalEvents(array[i], list[i]) {
			t.Fatalf("event %d differs between shapes:\narray  %+v\nndjson %+v\nlist   %+v", i, array[i], ndjson[i], list[i])
		}
	}
}

func equalEvents(a, b wireEvent) bool {
	if a.Type != b.Type || a.CreatedAt != b.CreatedAt || a.Message != b.Message || len(a.Links) != len(b.Links) {
		return false
	}
	for k, v := range a.Links {
		// The list shape is indented, the others compact.
		var x, y bytes.Buffer
		if json.Compact(&x, v) != nil || json.Compact(&y, b.Links[k]) != nil || x.String() != y.String() {
			return false
		}
	}
	return true
}

func TestCounts(t *testing.T) {
	for _, tc := range []struct {
		n, customers, wantCustomers int
	}{
		{0, 0, 1},
		{1, 0, 1},
		{250, 0, 3},
		{1000, 4, 4},
		{5, 9, 9}, // more customers than events: some have none
	} {
		o := Options{N: tc.n, Customers: tc.customers, Seed: 1}
		if got := len(decodeArray(t, generate(t, WriteArray, o))); got != tc.n {
			t.Errorf("%+v: array has %d events", o, got)
		}
		if got := len(decodeNDJSON(t, generate(t, WriteNDJSON, o))); got != tc.n {
			t.Errorf("%+v: ndjson has %d events", o, got)
		}
		l := decodeList(t, generate(t, WriteCustomerList, o))
		if got := len(l.events()); got != tc.n {
			t.Errorf("%+v: list has %d events", o, got)
		}
		if l.Count != tc.wantCustomers || len(l.Embedded.Customers) != tc.wantCustomers {
			t.Errorf("%+v: count %d, %d customers; want %d", o, l.Count, len(l.Embedded.Customers), tc.wantCustomers)
		}
	}
}

func TestNegativeOptions(t *testing.T) {
	for _, o := range []Options{{N: -1}, {N: 1, Customers: -1}} {
		for _, s := range shapes {
			if err := s.write(io.Discard, o); err == nil {
				t.Errorf("%s %+v: no error", s.name, o)
			}
		}
	}
}

func TestArrayHasOneEventPerLine(t *testing.T) {
	b := generate(t, WriteArray, Options{N: 100, Seed: 5})
	lines := strings.Split(string(b), "\n")
	if lines[0] != "[" || lines[len(lines)-2] != "]" || lines[len(lines)-1] != "" {
		t.Fatalf("want \"[\\n…\\n]\\n\", got start %q end %q", lines[0], lines[len(lines)-2:])
	}
	events := lines[1 : len(lines)-2]
	if len(events) != 100 {
		t.Fatalf("%d event lines, want 100", len(events))
	}
	for i, line := range events {
		line = strings.TrimSuffix(line, ",")
		if !json.Valid([]byte(line)) {
			t.Fatalf("line %d is not one JSON event: %s", i+2, line)
		}
	}
}

func TestListIsIndentedLikeJSONIndent(t *testing.T) {
	for _, o := range []Options{{N: 300, Seed: 9, Customers: 4}, {N: 2, Customers: 3}, {N: 0}} {
		b := generate(t, WriteCustomerList, o)
		var compact, indented bytes.Buffer
		if err := json.Compact(&compact, b); err != nil {
			t.Fatal(err)
		}
		if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
			t.Fatal(err)
		}
		indented.WriteByte('\n')
		if !bytes.Equal(b, indented.Bytes()) {
			t.Errorf("%+v: output differs from json.Indent's:\n%s", o, firstDiff(b, indented.Bytes()))
		}
	}
}

func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d: got  %q\n         want %q", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(al), len(bl))
}

func TestRealism(t *testing.T) {
	o := Options{N: 20000, Seed: 11}
	events := decodeArray(t, generate(t, WriteArray, o))

	types := map[int]bool{}
	messages := map[string]bool{}
	withURL, nonASCII := 0, 0
	forms := map[string]int{}
	for _, e := range events {
		types[e.Type] = true
		messages[e.Message] = true
		if e.Resource != "event" {
			t.Fatalf("resource %q", e.Resource)
		}
		if raw, ok := e.Links["url"]; ok {
			var u struct{ Href, Type string }
			if err := json.Unmarshal(raw, &u); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(u.Href, "https://") || u.Type == "" {
				t.Fatalf("bad url link %s", raw)
			}
			withURL++
		}
		if !isASCII(e.Message) {
			nonASCII++
		}
		if _, err := time.Parse(time.RFC3339, e.CreatedAt); err != nil {
			t.Fatalf("createdAt: %v", err)
		}
		forms[timeFormOf(e.CreatedAt)]++
	}
	if n := len(types); n < 12 || n > 18 {
		t.Errorf("%d distinct types, want about 15", n)
	}
	if n := len(messages); n < 40 || n > 80 {
		t.Errorf("%d distinct messages, want about 60 and at most 80", n)
	}
	if r := float64(withURL) / float64(len(events)); r < 0.7 || r > 0.9 {
		t.Errorf("%.2f of events have _links.url, want 0.7–0.9", r)
	}
	if nonASCII == 0 {
		t.Error("no message with non-ASCII text")
	}
	for _, f := range []string{".0Z", ".mmmZ", "Z", "+00:00", "+0h:00"} {
		if forms[f] == 0 {
			t.Errorf("no createdAt of the form %s; have %v", f, forms)
		}
	}
}

func timeFormOf(s string) string {
	switch {
	case strings.HasSuffix(s, ".0Z"):
		return ".0Z"
	case regexp.MustCompile(`\.\d{3}Z$`).MatchString(s):
		return ".mmmZ"
	case strings.HasSuffix(s, "Z"):
		return "Z"
	case strings.HasSuffix(s, "+00:00"):
		return "+00:00"
	case strings.HasSuffix(s, "+02:00"), strings.HasSuffix(s, "+01:00"):
		return "+0h:00"
	}
	return s
}

func isASCII(s string) bool {
	return utf8.RuneCountInString(s) == len(s)
}

func TestCustomers(t *testing.T) {
	start := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	l := decodeList(t, generate(t, WriteCustomerList, Options{N: 3000, Seed: 2, Customers: 12, Start: start}))
	idRE := regexp.MustCompile(`^cst_[A-Za-z0-9]{10}$`)
	ids := map[string]bool{}
	for _, c := range l.Embedded.Customers {
		if !idRE.MatchString(c.ID) || ids[c.ID] {
			t.Errorf("customer ID %q is malformed or repeated", c.ID)
		}
		ids[c.ID] = true
		if c.Resource != "customer" || c.Name == "" || !strings.Contains(c.Email, "@") {
			t.Errorf("customer %+v", c)
		}
		if !strings.HasSuffix(c.Links["self"].Href, "/customers/"+c.ID) {
			t.Errorf("self link %q", c.Links["self"].Href)
		}
		created, _ := time.Parse(time.RFC3339, c.CreatedAt)
		if created.Before(start) {
			t.Errorf("customer created %s before Start", c.CreatedAt)
		}
		if len(c.Events) == 0 {
			continue
		}
		if c.Events[0].Type != 200 || c.Events[0].Message != "Customer created" {
			t.Errorf("%s: first event %+v, want Customer created", c.ID, c.Events[0])
		}
		// Times increase, apart from a few events a little out of order.
		prev, back := created, 0
		for _, e := range c.Events {
			at, _ := time.Parse(time.RFC3339, e.CreatedAt)
			if at.Before(created) {
				t.Errorf("%s: event at %s before the customer was created", c.ID, e.CreatedAt)
			}
			if at.Before(prev) {
				back++
				if prev.Sub(at) > 2*time.Minute {
					t.Errorf("%s: event at %s far before its predecessor at %s", c.ID, e.CreatedAt, prev)
				}
			}
			prev = at
		}
		if back > len(c.Events)/10 {
			t.Errorf("%s: %d of %d events out of order", c.ID, back, len(c.Events))
		}
		// Links to the customer name the customer.
		for _, e := range c.Events {
			var u struct{ Href string }
			if raw, ok := e.Links["url"]; ok && json.Unmarshal(raw, &u) == nil && strings.Contains(u.Href, "/customers/cst_") && !strings.Contains(u.Href, c.ID) {
				t.Errorf("%s: link to another customer: %s", c.ID, u.Href)
			}
		}
	}
}

func TestManyEventsForOneCustomerStayInRange(t *testing.T) {
	b := generate(t, WriteNDJSON, Options{N: 200000, Customers: 1, Seed: 4})
	events := decodeNDJSON(t, b[bytes.LastIndexByte(b[:len(b)-1], '\n')+1:])
	last, err := time.Parse(time.RFC3339, events[0].CreatedAt)
	if err != nil || last.Year() > 2027 {
		t.Errorf("last event at %s (%v), want within a few years of Start", events[0].CreatedAt, err)
	}
}

func BenchmarkWriteArray(b *testing.B) {
	o := Options{N: 100000, Seed: 1}
	var n countWriter
	for b.Loop() {
		n = 0
		if err := WriteArray(&n, o); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(n))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*o.N), "ns/event")
}

type countWriter int

func (w *countWriter) Write(p []byte) (int, error) {
	*w += countWriter(len(p))
	return len(p), nil
}
