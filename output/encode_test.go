package output

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/cells/cellstest"
	"github.com/eventbrowser/eventbrowser/internal/timefmt"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/mattn/go-runewidth"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/print")

// printFixture loads testdata/print/events.json, a Mollie list response with
// two customers, into a list in the default sort (newest first).
func printFixture(t *testing.T) *model.List {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "print", "events.json"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := model.Decode("events.json", data)
	if err != nil {
		t.Fatal(err)
	}
	l := model.NewList()
	l.Append(d.Events...)
	return l
}

// checkGolden compares got with testdata/print/name; go test ./output -update
// rewrites it.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "print", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./output -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test ./model -run %s -update rewrites it)\ngot:\n%s\nwant:\n%s", path, t.Name(), got, want)
	}
}

func printString(t *testing.T, f Format, l *model.List, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Print(&b, f, l.All(), o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPrintGolden(t *testing.T) {
	tests := []struct {
		golden string
		format Format
		opts   Options
	}{
		{"tsv.golden", FormatTSV, Options{}},
		{"csv.golden", FormatCSV, Options{}},
		{"table_100.golden", FormatTable, Options{Width: 100}},
		{"table_60.golden", FormatTable, Options{Width: 60}},
		{"json.golden", FormatJSON, Options{WithSource: true}},
		{"ndjson.golden", FormatNDJSON, Options{}},
		{"ndjson_source.golden", FormatNDJSON, Options{WithSource: true}},
		{"table_columns_80.golden", FormatTable, Options{Width: 80, Columns: fixtureColumns, Resource: fixtureResource}},
		{"csv_columns.golden", FormatCSV, Options{Columns: fixtureColumns, Resource: fixtureResource}},
		{"ndjson_columns.golden", FormatNDJSON, Options{Columns: fixtureColumns, Resource: fixtureResource}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			checkGolden(t, tt.golden, []byte(printString(t, tt.format, printFixture(t), tt.opts)))
		})
	}
}

// fixtureColumns are columns of the event and of its resource, which
// fixtureResource knows for the refund only.
var fixtureColumns = []model.Column{model.ColumnCreated, model.ColumnID, model.ColumnStatus, model.ColumnAmount,
	model.ColumnMessage, model.ColumnCustomer}

func fixtureResource(e *model.Event) ([]byte, *model.ResourceValues) {
	if model.ObjectID(e) == "re_4qqhO89gsT" {
		return nil, &model.ResourceValues{ID: "re_4qqhO89gsT", Status: "refunded", Amount: "EUR 10.00"}
	}
	return nil, nil
}

// TestPrintTSVColumns spells out what the tsv golden shows, so that a
// golden rewritten by -update cannot quietly accept a wrong column.
func TestPrintTSVColumns(t *testing.T) {
	out := printString(t, FormatTSV, printFixture(t), Options{})
	rows := map[string][]string{} // by type
	for line := range strings.Lines(out) {
		f := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		if len(f) != 5 {
			t.Fatalf("line %q has %d fields, want 5", line, len(f))
		}
		rows[f[1]] = f
	}
	tests := []struct {
		typ                            string
		created, message, link, source string
	}{
		{"200", "2022-01-03T13:42:04Z", "Customer created", "https://www.mollie.com/dashboard/org_1/customers/cst_8wmqcHMN4U", "cst_8wmqcHMN4U"},
		// .0Z loses its zero fraction; "url" is the first link although
		// "documentation" came first in the input.
		{"210", "2024-03-20T09:13:37Z", "Mandate created for SEPA Direct Debit", "https://api.mollie.com/v2/customers/cst_8wmqcHMN4U/mandates/mdt_h3gAaD5zP", "cst_8wmqcHMN4U"},
		{"300", "2024-05-14T01:29:09.283Z", "Payment failed: insufficient funds retry scheduled for tomorrow", "", "cst_8wmqcHMN4U"},
		{"310", "2024-05-22T13:11:19Z", "Refund EUR 10.00 for order 1234", "https://api.mollie.com/v2/payments/tr_7UhSN1zuXS/refunds/re_4qqhO89gsT", "cst_8wmqcHMN4U"},
		{"400", "2024-06-01T12:00:00.123456789Z", "ALERT chargeback opened", "https://api.mollie.com/v2/payments/tr_5B8cwPMGnU/chargebacks/chb_n9z0tp", "cst_vsKJpSsabw"},
		{"401", "2024-06-01T11:00:01.5Z", "copy done ding", "https://example.org/cleared", "cst_vsKJpSsabw"},
		{"500", "2024-06-02T08:00:00Z", "Invoice gpj.exe paid 🎉 日本語", "", "cst_vsKJpSsabw"},
	}
	for _, tt := range tests {
		got := rows[tt.typ]
		want := []string{tt.created, tt.typ, tt.message, tt.link, tt.source}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("type %s:\n got %q\nwant %q", tt.typ, got, want)
		}
	}
	// Newest first, ties in input order.
	var order []string
	for line := range strings.Lines(out) {
		order = append(order, strings.Split(line, "\t")[1])
	}
	if want := []string{"320", "500", "-1", "400", "401", "310", "300", "210", "200"}; !reflect.DeepEqual(order, want) {
		t.Errorf("types in order %v, want %v", order, want)
	}
}

func TestPrintTableFitsWidth(t *testing.T) {
	for _, width := range []int{60, 80, 100, 120, 200} {
		out := printString(t, FormatTable, printFixture(t), Options{Width: width})
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 10 {
			t.Fatalf("width %d: %d lines, want a header and 9 rows", width, len(lines))
		}
		if !strings.HasPrefix(lines[0], "CREATED") {
			t.Errorf("width %d: header %q", width, lines[0])
		}
		// Every column starts where the header's does.
		cols := []int{strings.Index(lines[0], "TYPE"), strings.Index(lines[0], "MESSAGE"), strings.Index(lines[0], "LINK"), strings.Index(lines[0], "SOURCE")}
		for _, line := range lines {
			if w := runewidth.StringWidth(line); w > width {
				t.Errorf("width %d: line is %d cells wide: %q", width, w, line)
			}
			for _, c := range cols {
				if prefix := runewidth.Truncate(line, c, ""); runewidth.StringWidth(prefix) != c || !strings.HasSuffix(prefix, "  ") {
					t.Errorf("width %d: column at %d not aligned in %q", width, c, line)
				}
			}
		}
	}
	// Wide enough, nothing is cut.
	out := printString(t, FormatTable, printFixture(t), Options{Width: 300})
	if strings.Contains(out, "…") {
		t.Errorf("at width 300 something was cut:\n%s", out)
	}
	for _, want := range []string{"Payment of EUR 1,234.56 for subscription sub_8JfGzs6v3K paid via SEPA Direct Debit (mandate mdt_h3gAaD5zP) by Jürgen", "cst_vsKJpSsabw"} {
		if !strings.Contains(out, want) {
			t.Errorf("at width 300 the table lacks %q", want)
		}
	}
	// Width 0 means 120.
	if a, b := printString(t, FormatTable, printFixture(t), Options{}), printString(t, FormatTable, printFixture(t), Options{Width: 120}); a != b {
		t.Errorf("width 0 differs from width 120:\n%s\n%s", a, b)
	}
}

// TestPrintJSONLoadsBack checks the fixture's round trip: the json and
// ndjson outputs decode into the events that were printed.
func TestPrintJSONLoadsBack(t *testing.T) {
	l := printFixture(t)
	var want []model.Event
	for e := range l.All() {
		want = append(want, *e)
	}
	for _, f := range []Format{FormatJSON, FormatNDJSON} {
		out := printString(t, f, l, Options{WithSource: true})
		d, err := model.Decode("out", []byte(out))
		if err != nil {
			t.Fatalf("%v: %v", f, err)
		}
		if !reflect.DeepEqual(wires(d.Events), wires(want)) {
			t.Errorf("%v: decoded\n%+v\nwant\n%+v", f, wires(d.Events), wires(want))
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range []Format{FormatTSV, FormatTable, FormatJSON, FormatNDJSON, FormatCSV} {
		got, err := ParseFormat(f.String())
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", f.String(), got, err, f)
		}
	}
	for _, s := range []string{"", "xml", "TSV", "Json", " tsv", "CSV", "nd-json"} {
		_, err := ParseFormat(s)
		if err == nil {
			t.Errorf("ParseFormat(%q) succeeded", s)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, strconv.Quote(s)) || !strings.Contains(msg, "tsv, csv, json, ndjson or table") {
			t.Errorf("ParseFormat(%q) error %q: want the value and the choices", s, msg)
		}
	}
}

func TestPrintNoEvents(t *testing.T) {
	tests := []struct {
		format Format
		want   string
	}{
		{FormatTSV, ""},
		{FormatJSON, "[]\n"},
		{FormatNDJSON, ""},
		{FormatTable, "CREATED  TYPE  MESSAGE  LINK  SOURCE\n"},
	}
	for _, tt := range tests {
		for _, src := range []bool{false, true} {
			got := printString(t, tt.format, model.NewList(), Options{WithSource: src})
			if got != tt.want {
				t.Errorf("%v with source %v: %q, want %q", tt.format, src, got, tt.want)
			}
		}
	}
	// Nothing matching the filter is the same as nothing at all.
	l := printFixture(t)
	q, err := query.Parse(`"no such message"`, time.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	l.SetQuery(q)
	if got := printString(t, FormatJSON, l, Options{}); got != "[]\n" {
		t.Errorf("json of an empty view: %q", got)
	}
}

// TestPrintFollowsView checks that Print prints the view: filtered and
// sorted, not every loaded event.
func TestPrintFollowsView(t *testing.T) {
	l := printFixture(t)
	q, err := query.Parse("type:200,300", time.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	l.SetQuery(q)
	l.SetSort(model.Sort{Key: model.SortType})
	got := printString(t, FormatTSV, l, Options{})
	want := "2022-01-03T13:42:04Z\t200\tCustomer created\thttps://www.mollie.com/dashboard/org_1/customers/cst_8wmqcHMN4U\tcst_8wmqcHMN4U\n" +
		"2024-05-14T01:29:09.283Z\t300\tPayment failed: insufficient funds retry scheduled for tomorrow\t\tcst_8wmqcHMN4U\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// A property test: printing as json or ndjson, decoding, and printing again
// gives the same events and the same bytes.

// roundTripPieces are the ingredients of random messages, hrefs and names:
// everything JSON must escape, and everything a terminal must not see.
var roundTripPieces = []string{
	`"`, `\`, `\"`, `\\`, "\n", "\r\n", "\t", "\x00", "\x01", "\x07", "\x08", "\x0c", "\x1b", "\x1f", "\x7f",
	"\u0085", "\u009b", "\u2028", "\u2029", "\u202e", "\u2066", "\u200f", "\u061c", "\ufeff", "\ufffd",
	"🎉", "👩‍👩‍👧", "日本語", "Jürgen", "<script>&amp;", "/", "\x1b[31m", "\x1b]52;c;aGk=\x07", "%00",
	"a", "b", " ", "Customer created", "{", "}", "[", ":", ",",
}

func randomText(rng *rand.Rand, max int) string {
	var b strings.Builder
	for n := rng.IntN(max + 1); n > 0; n-- {
		switch rng.IntN(5) {
		case 0:
			b.WriteRune(randomRune(rng))
		default:
			b.WriteString(roundTripPieces[rng.IntN(len(roundTripPieces))])
		}
	}
	return b.String()
}

// randomRune returns any valid Unicode scalar value, weighted towards the
// lower planes.
func randomRune(rng *rand.Rand) rune {
	for {
		var r rune
		switch rng.IntN(3) {
		case 0:
			r = rune(rng.IntN(0x80))
		case 1:
			r = rune(rng.IntN(0x10000))
		default:
			r = rune(rng.IntN(utf8.MaxRune + 1))
		}
		if utf8.ValidRune(r) {
			return r
		}
	}
}

// randomCreated returns a timestamp in one of the forms Mollie writes:
// fractions of 0 to 9 digits (trailing zeros included), Z or an offset,
// now and then lower case.
func randomCreated(rng *rand.Rand) string {
	sec := rng.Int64N(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	offset := 0
	if rng.IntN(2) == 0 {
		offset = (rng.IntN(28*4+1) - 14*4) * 15 * 60 // -14:00 … +14:00 in quarters
	}
	t := time.Unix(sec, 0).In(time.FixedZone("", offset))
	s := t.Format("2006-01-02T15:04:05")
	if n := rng.IntN(10); n > 0 {
		s += "." + fmt.Sprintf("%09d", rng.IntN(1e9))[:n]
	}
	switch {
	case offset != 0:
		s += t.Format("-07:00")
	case rng.IntN(3) == 0:
		s += "+00:00"
	default:
		s += "Z"
	}
	if rng.IntN(8) == 0 {
		s = strings.ToLower(s)
	}
	return s
}

var roundTripSources = []string{"cst_8wmqcHMN4U", "cst_vsKJpSsabw", "events.json", "Jürgen's events (2).json"}

// randomEvent returns an event as Decode would have loaded it.
func randomEvent(t *testing.T, rng *rand.Rand) model.Event {
	raw := randomCreated(rng)
	created, err := timefmt.Parse(raw)
	if err != nil {
		t.Fatalf("generated timestamp %q does not parse: %v", raw, err)
	}
	e := model.Event{
		Resource:   "event",
		Type:       int(int32(rng.Uint32())),
		Created:    created,
		CreatedRaw: raw,
		Message:    randomText(rng, 12),
		Source:     cells.Line(roundTripSources[rng.IntN(len(roundTripSources))]),
	}
	switch rng.IntN(8) {
	case 0:
		e.Type = rng.IntN(3) - 1
	case 1:
		e.Type = []int{-1 << 31, 1<<31 - 1}[rng.IntN(2)]
	case 3:
		e.Type, e.TypeName = 0, []string{"payment.failed", "refund.refunded", "x", "Sub_scription-1.created"}[rng.IntN(4)]
	case 2:
		if r := randomText(rng, 3); r != "" {
			e.Resource = r
		}
	}
	names := map[string]bool{}
	for n := rng.IntN(4); n > 0; n-- {
		name := []string{"url", "documentation", "self", "dashboard", randomText(rng, 3)}[rng.IntN(5)]
		if names[name] {
			continue // Mollie's _links has one entry per name
		}
		names[name] = true
		l := model.Link{Name: name, Href: "https://example.org/" + randomText(rng, 4)}
		if rng.IntN(3) > 0 {
			l.Type = []string{"text/html", "application/hal+json", randomText(rng, 2)}[rng.IntN(3)]
		}
		if name == "url" { // the decoder puts url first
			e.Links = append([]model.Link{l}, e.Links...)
		} else {
			e.Links = append(e.Links, l)
		}
	}
	e.Finish()
	return e
}

func TestPrintRoundTripProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 20240320))
	for i := range 500 {
		events := make([]model.Event, rng.IntN(7))
		for j := range events {
			events[j] = randomEvent(t, rng)
		}
		for _, f := range []Format{FormatJSON, FormatNDJSON} {
			for _, withSource := range []bool{false, true} {
				opts := Options{WithSource: withSource}
				out := printEvents(t, f, events, opts)
				d, err := model.Decode("printed.json", out)
				if err != nil {
					t.Fatalf("#%d %v source=%v: Decode: %v\n%s", i, f, withSource, err, out)
				}
				if len(d.Events) != len(events) {
					t.Fatalf("#%d %v source=%v: %d events back, want %d\n%s", i, f, withSource, len(d.Events), len(events), out)
				}
				for j, got := range d.Events {
					if why := sameEvent(got, events[j], withSource); why != "" {
						t.Fatalf("#%d %v source=%v event %d: %s\nprinted:\n%s", i, f, withSource, j, why, out)
					}
				}
				if again := printEvents(t, f, d.Events, opts); !bytes.Equal(again, out) {
					t.Fatalf("#%d %v source=%v: printing the decoded events gives other bytes:\n%s\nthen\n%s", i, f, withSource, out, again)
				}
			}
		}
	}
}

func printEvents(t *testing.T, f Format, events []model.Event, o Options) []byte {
	t.Helper()
	var b bytes.Buffer
	err := Print(&b, f, func(yield func(*model.Event) bool) {
		for i := range events {
			if !yield(&events[i]) {
				return
			}
		}
	}, o)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sameEvent says how got differs from want, or "" if it does not.
func sameEvent(got, want model.Event, withSource bool) string {
	switch {
	case got.Resource != want.Resource:
		return fmt.Sprintf("Resource %q, want %q", got.Resource, want.Resource)
	case got.Type != want.Type || got.TypeName != want.TypeName:
		return fmt.Sprintf("type %s, want %s", got.TypeText(), want.TypeText())
	case got.CreatedRaw != want.CreatedRaw:
		return fmt.Sprintf("CreatedRaw %q, want %q", got.CreatedRaw, want.CreatedRaw)
	case !got.Created.Equal(want.Created):
		return fmt.Sprintf("Created %v, want %v", got.Created, want.Created)
	case got.Message != want.Message:
		return fmt.Sprintf("Message %q, want %q", got.Message, want.Message)
	case got.Line != want.Line:
		return fmt.Sprintf("Line %q, want %q", got.Line, want.Line)
	case len(got.Links) != len(want.Links) || (len(want.Links) > 0 && !reflect.DeepEqual(got.Links, want.Links)):
		return fmt.Sprintf("Links %q, want %q", got.Links, want.Links)
	case withSource && got.Source != want.Source:
		return fmt.Sprintf("Source %q, want %q", got.Source, want.Source)
	case !withSource && got.Source != "printed.json":
		return fmt.Sprintf("Source %q, want the file name", got.Source)
	}
	return ""
}

func TestAppendString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"plain", `"plain"`},
		{`say "hi" \o/`, `"say \"hi\" \\o/"`},
		{"a\nb\rc\td", `"a\nb\rc\td"`},
		{"\x00\x01\x1b\x1f", `"\u0000\u0001\u001b\u001f"`},
		{"\x7f", "\"\x7f\""},
		{"<a href='x'>&</a>", `"<a href='x'>&</a>"`},
		{"\u2028\u2029", `"\u2028\u2029"`},
		{"Jürgen 🎉 \u202e", `"Jürgen 🎉 \u202e"`}, // bidi controls escaped, issue 24
		{"\u0080\u0085\u009b[2J\u009c\u009f\u00a0", `"\u0080\u0085\u009b[2J\u009c\u009f` + "\u00a0\""},
		{"\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200d", `"\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c` + "\u200d\""},
		{"\xff", `"\ufffd"`},
		{"a\xc3", `"a\ufffd"`},
		{"\xf0\x9f\x8e", `"\ufffd\ufffd\ufffd"`},
		{"\xed\xa0\x80", `"\ufffd\ufffd\ufffd"`}, // a UTF-16 surrogate written as UTF-8
	}
	for _, tt := range tests {
		if got := string(appendString(nil, tt.in)); got != tt.want {
			t.Errorf("appendString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestAppendStringMatchesEncodingJSON checks appendString against
// encoding/json on random strings, valid UTF-8 or not.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var s string
		switch rng.IntN(3) {
		case 0:
			s = randomText(rng, 16)
		case 1:
			s = cellstest.HostileBytes(rng) // often invalid UTF-8
		default:
			// Plain runs, read eight bytes at a time, around what is not.
			s = strings.Repeat("a", rng.IntN(20)) + randomText(rng, 2) + strings.Repeat("b", rng.IntN(20))
		}
		out := appendString([]byte("prefix"), s)
		if !bytes.HasPrefix(out, []byte("prefix")) {
			t.Fatalf("appendString(%q) lost what it appended to: %q", s, out)
		}
		out = out[len("prefix"):]
		if bytes.ContainsAny(out, "\n\u2028\u2029") {
			t.Fatalf("appendString(%q) = %s holds a raw line break", s, out)
		}
		if bytes.ContainsFunc(out, escapedRune) {
			t.Fatalf("appendString(%q) = %s holds a raw C1 or bidi control", s, out)
		}
		var got string
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("appendString(%q) = %s is not a JSON string: %v", s, out, err)
		}
		want := s
		if !utf8.ValidString(s) {
			// encoding/json writes each invalid byte as U+FFFD.
			enc, _ := json.Marshal(s)
			if err := json.Unmarshal(enc, &want); err != nil {
				t.Fatal(err)
			}
			if !utf8.ValidString(want) || !strings.ContainsRune(want, utf8.RuneError) {
				t.Fatalf("encoding/json kept invalid UTF-8 in %q: %q", s, want)
			}
		}
		if got != want {
			t.Fatalf("appendString(%q) = %s decodes to %q, want %q", s, out, got, want)
		}
		// Byte for byte the same as encoding/json without HTML escaping,
		// except that encoding/json writes \b and \f where we write \u0008
		// and \u000c, and C1 and bidi controls raw.
		var std bytes.Buffer
		enc := json.NewEncoder(&std)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if stdOut := string(escapeRunes([]byte(longControlEscapes(strings.TrimSuffix(std.String(), "\n"))))); string(out) != stdOut {
			t.Fatalf("appendString(%q) = %s, encoding/json writes %s", s, out, stdOut)
		}
	}
}

// longControlEscapes rewrites the JSON string escapes \b and \f as \u0008
// and \u000c.
func longControlEscapes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'b':
			b.WriteString(`\u0008`)
		case 'f':
			b.WriteString(`\u000c`)
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// TestPrintTextIsSafe checks that the tsv and table outputs, which may land
// on a terminal, hold no escape sequences, controls or bidi controls,
// whatever the events held, and that tsv rows always have five fields.
func TestPrintTextIsSafe(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range 500 {
		// Build the input as JSON text with hostile strings everywhere,
		// then load it as eventbrowser would.
		var in strings.Builder
		in.WriteString("[")
		n := rng.IntN(6)
		for j := range n {
			if j > 0 {
				in.WriteString(",")
			}
			fmt.Fprintf(&in, `{"resource":%s,"type":%d,"createdAt":%q,"message":%s,"source":%s`,
				jsonString(hostile(rng)), int32(rng.Uint32()), randomCreated(rng), jsonString(hostile(rng)), jsonString(hostile(rng)))
			if rng.IntN(3) > 0 {
				fmt.Fprintf(&in, `,"_links":{%s:{"href":%s,"type":%s},"url":{"href":%s}}`,
					jsonString(hostile(rng)), jsonString(hostile(rng)), jsonString(hostile(rng)), jsonString(hostile(rng)))
			}
			in.WriteString("}")
		}
		in.WriteString("]")
		d, err := model.Decode(hostile(rng), []byte(in.String()))
		if err != nil {
			t.Fatalf("#%d: Decode: %v\n%s", i, err, in.String())
		}
		l := model.NewList()
		l.Append(d.Events...)

		tsv := printString(t, FormatTSV, l, Options{})
		lines := strings.SplitAfter(tsv, "\n")
		if lines[len(lines)-1] != "" {
			t.Fatalf("#%d: tsv does not end in a newline: %q", i, tsv)
		}
		lines = lines[:len(lines)-1]
		if len(lines) != n {
			t.Fatalf("#%d: %d tsv lines for %d events:\n%q", i, len(lines), n, tsv)
		}
		for _, line := range lines {
			fields := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
			if len(fields) != 5 {
				t.Fatalf("#%d: tsv line with %d fields, want 5: %q", i, len(fields), line)
			}
			for _, f := range fields {
				if why := cellstest.Unsafe(f, false); why != "" {
					t.Fatalf("#%d: tsv field %q: %s\ninput: %s", i, f, why, in.String())
				}
			}
		}

		width := 20 + rng.IntN(200)
		table := printString(t, FormatTable, l, Options{Width: width})
		if why := cellstest.Unsafe(table, true); why != "" {
			t.Fatalf("#%d: table at width %d: %s\n%q", i, width, why, table)
		}
		if got := strings.Count(table, "\n"); got != n+1 {
			t.Fatalf("#%d: table has %d lines, want %d:\n%s", i, got, n+1, table)
		}
		// From 20 cells on the table fits, whatever the columns hold
		// (issue 24; it used to need 66 for the widest).
		for line := range strings.Lines(table) {
			if w := runewidth.StringWidth(strings.TrimSuffix(line, "\n")); w > width {
				t.Fatalf("#%d: table line %d cells wide at width %d: %q", i, w, width, line)
			}
		}
	}
}

// hostile returns a string of escape sequences, controls, bidi controls and
// broken UTF-8, as an attacker would write into a message.
func hostile(rng *rand.Rand) string {
	if rng.IntN(2) == 0 {
		return cellstest.HostileBytes(rng)
	}
	return randomText(rng, 10)
}

// jsonString writes s as JSON with encoding/json, which turns invalid UTF-8
// into U+FFFD as any JSON that reaches eventbrowser would have it.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// A named type is a string in json and ndjson, which decodes back as the
// name, and its name in tsv, csv and table, where a number is its digits.
func TestPrintNamedTypes(t *testing.T) {
	created, _ := timefmt.Parse("2024-03-20T09:13:37Z")
	events := []model.Event{
		{Resource: "event", TypeName: "payment.failed", Created: created, CreatedRaw: "2024-03-20T09:13:37Z", Message: "Payment failed", Line: "Payment failed", Source: "cst_a"},
		{Resource: "event", Type: 222, Created: created, CreatedRaw: "2024-03-20T09:13:37Z", Message: "m", Line: "m", Source: "cst_a"},
		{Resource: "event", TypeName: "bad\x1b[2Jname", Created: created, CreatedRaw: "2024-03-20T09:13:37Z", Message: "m", Line: "m", Source: "cst_a"},
	}
	ndjson := printEvents(t, FormatNDJSON, events[:2], Options{})
	want := `{"resource":"event","type":"payment.failed","createdAt":"2024-03-20T09:13:37Z","message":"Payment failed"}` + "\n" +
		`{"resource":"event","type":222,"createdAt":"2024-03-20T09:13:37Z","message":"m"}` + "\n"
	if string(ndjson) != want {
		t.Errorf("ndjson:\n%s\nwant\n%s", ndjson, want)
	}
	d, err := model.Decode("e.ndjson", ndjson)
	if err != nil || len(d.Events) != 2 || d.Events[0].TypeName != "payment.failed" || d.Events[1].Type != 222 || d.Events[1].TypeName != "" {
		t.Errorf("ndjson decodes back as %+v, %v", d.Events, err)
	}
	for _, tt := range []struct {
		f    Format
		want []string // in each line, in order
	}{
		{FormatTSV, []string{"\tpayment.failed\tPayment failed", "\t222\tm", "\tbadname\tm"}},
		{FormatCSV, []string{"type", ",payment.failed,Payment failed", ",222,m", ",badname,m"}},
		{FormatTable, []string{"TYPE", "payment.failed  Payment failed", "222             m"}},
	} {
		out := string(printEvents(t, tt.f, events, Options{}))
		if strings.Contains(out, "\x1b") {
			t.Errorf("%v: output holds an escape: %q", tt.f, out)
		}
		lines := strings.Split(out, "\n")
		for i, w := range tt.want {
			if i >= len(lines) || !strings.Contains(lines[i], w) {
				t.Errorf("%v: line %d does not hold %q:\n%s", tt.f, i, w, out)
			}
		}
	}
}
