package model

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/timefmt"
)

// wire is what an event looked like in its input, without the derived
// Created and Line, which have tests of their own.
type wire struct {
	Resource   string
	Type       any // an int, or a named type's string
	CreatedRaw string
	Message    string
	Source     string
	Links      []Link
}

func wires(events []Event) []wire {
	out := []wire{}
	for _, e := range events {
		var typ any = e.Type
		if e.TypeName != "" {
			typ = e.TypeName
		}
		out = append(out, wire{e.Resource, typ, e.CreatedRaw, e.Message, string(e.Source), e.Links})
	}
	return out
}

const (
	t1 = "2024-03-20T09:13:37.0Z"
	t2 = "2024-05-14T01:29:09.283Z"
	t3 = "2024-12-12T10:00:00Z"
)

// The customer from Mollie's documentation, with its events included.
const customerWithEvents = `{"resource":"customer","id":"cst_tKt44u85MM","mode":"test","name":"Jane Doe","email":"jane@example.org",
 "locale":"en_US","metadata":null,"createdAt":"2022-01-03T13:42:04+00:00",
 "_links":{"self":{"href":"https://api.mollie.com/v2/customers/cst_tKt44u85MM","type":"application/hal+json"},
           "dashboard":{"href":"https://www.mollie.com/dashboard/org_13514547/customers/cst_tKt44u85MM","type":"text/html"}},
 "events":[{"resource":"event","type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created",
            "_links":{"url":{"href":"https://example.org/e/1","type":"application/hal+json"}}},
           {"type":300,"createdAt":"2024-05-14T01:29:09.283Z","message":"Mandate created"}]}`

func TestDecodeShapes(t *testing.T) {
	urlLink := []Link{{Name: "url", Href: "https://example.org/e/1", Type: "application/hal+json"}}
	tests := []struct {
		name  string
		input string
		want  []wire
		notes []string
	}{
		{
			name: "array of events",
			input: `[
  {"resource":"event","type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"},
  {"resource":"event","type":-7,"createdAt":"2024-05-14T01:29:09.283Z","message":""}
]`,
			want: []wire{
				{"event", 200, t1, "Customer created", "events.json", nil},
				{"event", -7, t2, "", "events.json", nil},
			},
		},
		{
			name: "named types beside numbers",
			input: `[
  {"type":"payment.failed","createdAt":"2024-03-20T09:13:37.0Z","message":"Payment failed"},
  {"type":"pay\u006dent.paid_2-x","createdAt":"2024-05-14T01:29:09.283Z","message":""},
  {"type":-2147483648,"createdAt":"2024-05-14T01:29:09.283Z","message":""}
]`,
			want: []wire{
				{"event", "payment.failed", t1, "Payment failed", "events.json", nil},
				{"event", "payment.paid_2-x", t2, "", "events.json", nil},
				{"event", -2147483648, t2, "", "events.json", nil},
			},
		},
		{
			name:  "customer with events: events get the customer ID as source",
			input: customerWithEvents,
			want: []wire{
				{"event", 200, t1, "Customer created", "cst_tKt44u85MM", urlLink},
				{"event", 300, t2, "Mandate created", "cst_tKt44u85MM", nil},
			},
		},
		{
			name:  "customer with the id after the events",
			input: `{"resource":"customer","events":[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}],"id":"cst_late"}`,
			want:  []wire{{"event", 200, t1, "m", "cst_late", nil}},
		},
		{
			name:  "customer without events",
			input: `{"resource":"customer","id":"cst_tKt44u85MM","mode":"test","name":"Jane Doe","createdAt":"2022-01-03T13:42:04+00:00"}`,
			want:  []wire{},
			notes: []string{`events.json: customer cst_tKt44u85MM has no "events" field: Mollie returns a customer's events only with ?include=events, and only on accounts where that option is enabled`},
		},
		{
			name:  "customer without events or id",
			input: `{"resource":"customer","name":"Jane Doe"}`,
			want:  []wire{},
			notes: []string{`events.json: customer events.json has no "events" field: Mollie returns a customer's events only with ?include=events, and only on accounts where that option is enabled`},
		},
		{
			name:  "customer ID with escapes is sanitized in the note",
			input: "{\"resource\":\"customer\",\"id\":\"cst_\\u001b[2Jx\"}",
			want:  []wire{},
			notes: []string{`events.json: customer cst_x has no "events" field: Mollie returns a customer's events only with ?include=events, and only on accounts where that option is enabled`},
		},
		{
			name:  "customer with an empty events array",
			input: `{"resource":"customer","id":"cst_1","events":[]}`,
			want:  []wire{},
			notes: []string{"events.json: no events"},
		},
		{
			name:  "customer with null events",
			input: `{"resource":"customer","id":"cst_1","events":null}`,
			want:  []wire{},
			notes: []string{"events.json: no events"},
		},
		{
			name: "list response with _embedded.customers[].events",
			input: `{"count":3,"_embedded":{"customers":[
  {"resource":"customer","id":"cst_a","events":[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"a1"},
                                              {"type":201,"createdAt":"2024-12-12T10:00:00Z","message":"a2"}]},
  {"resource":"customer","id":"cst_b"},
  {"resource":"customer","events":[{"type":202,"createdAt":"2024-05-14T01:29:09.283Z","message":"c1"}],"id":"cst_c"}
]},"_links":{"self":{"href":"https://api.mollie.com/v2/customers","type":"application/hal+json"},"previous":null,"next":null}}`,
			want: []wire{
				{"event", 200, t1, "a1", "cst_a", nil},
				{"event", 201, t3, "a2", "cst_a", nil},
				{"event", 202, t2, "c1", "cst_c", nil},
			},
			notes: []string{`events.json: 1 of 3 customers have no "events" field: Mollie returns a customer's events only with ?include=events, and only on accounts where that option is enabled`},
		},
		{
			name:  "list response with an empty last page",
			input: `{"count":0,"_embedded":{"customers":[]},"_links":{"next":null}}`,
			want:  []wire{},
			notes: []string{"events.json: no events"},
		},
		{
			name:  "list response with _embedded.events",
			input: `{"count":2,"_embedded":{"events":[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"x"},{"type":201,"createdAt":"2024-12-12T10:00:00Z","message":"y"}]}}`,
			want: []wire{
				{"event", 200, t1, "x", "events.json", nil},
				{"event", 201, t3, "y", "events.json", nil},
			},
		},
		{
			name:  "list response with null _embedded",
			input: `{"count":0,"_embedded":null}`,
			want:  []wire{},
			notes: []string{"events.json: no events"},
		},
		{
			name: "NDJSON with blank lines",
			input: `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"one"}

   {"type":201,"createdAt":"2024-05-14T01:29:09.283Z","message":"two"}

`,
			want: []wire{
				{"event", 200, t1, "one", "events.json", nil},
				{"event", 201, t2, "two", "events.json", nil},
			},
		},
		{
			name: "NDJSON with CRLF",
			input: "{\"type\":200,\"createdAt\":\"2024-03-20T09:13:37.0Z\",\"message\":\"one\"}\r\n" +
				"\r\n" +
				"{\"type\":201,\"createdAt\":\"2024-12-12T10:00:00Z\",\"message\":\"two\"}\r\n",
			want: []wire{
				{"event", 200, t1, "one", "events.json", nil},
				{"event", 201, t3, "two", "events.json", nil},
			},
		},
		{
			name:  "a single event object",
			input: `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"only"}` + "\n",
			want:  []wire{{"event", 200, t1, "only", "events.json", nil}},
		},
		{
			name: "a single pretty-printed event object",
			input: `{
  "resource": "event",
  "type": 200,
  "createdAt": "2024-03-20T09:13:37.0Z",
  "message": "pretty"
}
`,
			want: []wire{{"event", 200, t1, "pretty", "events.json", nil}},
		},
		{
			name: "pretty-printed events one after another, as jq '.events[]' writes them",
			input: `{
  "type": 200,
  "createdAt": "2024-03-20T09:13:37.0Z",
  "message": "first"
}
{
  "type": 201,
  "createdAt": "2024-12-12T10:00:00Z",
  "message": "second"
}
`,
			want: []wire{
				{"event", 200, t1, "first", "events.json", nil},
				{"event", 201, t3, "second", "events.json", nil},
			},
		},
		{
			name:  "UTF-8 BOM before an array",
			input: "\xef\xbb\xbf[{\"type\":200,\"createdAt\":\"2024-03-20T09:13:37.0Z\",\"message\":\"bom\"}]",
			want:  []wire{{"event", 200, t1, "bom", "events.json", nil}},
		},
		{
			name:  "UTF-8 BOM before NDJSON",
			input: "\xef\xbb\xbf{\"type\":200,\"createdAt\":\"2024-03-20T09:13:37.0Z\",\"message\":\"a\"}\n{\"type\":201,\"createdAt\":\"2024-03-20T09:13:37.0Z\",\"message\":\"b\"}\n",
			want: []wire{
				{"event", 200, t1, "a", "events.json", nil},
				{"event", 201, t1, "b", "events.json", nil},
			},
		},
		{
			name:  "empty file",
			input: "",
			want:  []wire{},
			notes: []string{"events.json: empty, no events"},
		},
		{
			name:  "only white space and a BOM",
			input: "\xef\xbb\xbf \r\n\t\n",
			want:  []wire{},
			notes: []string{"events.json: empty, no events"},
		},
		{
			name:  "empty array",
			input: "[]",
			want:  []wire{},
			notes: []string{"events.json: no events"},
		},
		{
			name:  "empty array with white space",
			input: "\n [ \n ] \n",
			want:  []wire{},
			notes: []string{"events.json: no events"},
		},
		{
			name: "resource defaults to event; other resources are kept",
			input: `[{"type":1,"createdAt":"2024-03-20T09:13:37.0Z","message":"a"},
 {"resource":null,"type":2,"createdAt":"2024-03-20T09:13:37.0Z","message":"b"},
 {"resource":"","type":3,"createdAt":"2024-03-20T09:13:37.0Z","message":"c"},
 {"resource":"webhook-event","type":4,"createdAt":"2024-03-20T09:13:37.0Z","message":"d"}]`,
			want: []wire{
				{"event", 1, t1, "a", "events.json", nil},
				{"event", 2, t1, "b", "events.json", nil},
				{"event", 3, t1, "c", "events.json", nil},
				{"webhook-event", 4, t1, "d", "events.json", nil},
			},
		},
		{
			name:  "snake_case created_at and links, as SDK dumps write them",
			input: `[{"resource":"event","type":200,"created_at":"2024-03-20T09:13:37.0Z","message":"snake","links":{"url":{"href":"https://example.org/e/1","type":"application/hal+json"}}}]`,
			want:  []wire{{"event", 200, t1, "snake", "events.json", urlLink}},
		},
		{
			name: "unknown fields are ignored, whatever their type",
			input: `[{"id":"evt_1","type":200,"extra":{"nested":[1,2,{"type":"x"}]},"createdAt":"2024-03-20T09:13:37.0Z",
  "flag":true,"n":1.5e300,"message":"m","_embedded":{"entity":{}},"later":null}]`,
			want: []wire{{"event", 200, t1, "m", "events.json", nil}},
		},
		{
			name: "_links: url first, other entries kept in input order, nulls skipped, type optional",
			input: `[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"m","_links":{
  "self":{"href":"https://api.example/self","type":"application/hal+json"},
  "next":null,
  "dashboard":{"href":"https://dash.example/","type":"text/html"},
  "url":{"href":"https://example.org/e/1","type":"application/hal+json"},
  "documentation":{"href":"https://docs.example/","type":null},
  "bare":{"href":"https://bare.example/"}}}]`,
			want: []wire{{"event", 200, t1, "m", "events.json", []Link{
				{Name: "url", Href: "https://example.org/e/1", Type: "application/hal+json"},
				{Name: "self", Href: "https://api.example/self", Type: "application/hal+json"},
				{Name: "dashboard", Href: "https://dash.example/", Type: "text/html"},
				{Name: "documentation", Href: "https://docs.example/"},
				{Name: "bare", Href: "https://bare.example/"},
			}}},
		},
		{
			name: "_links: repeated url entries keep their order, so a round trip changes nothing",
			input: `[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"m","_links":{
  "self":{"href":"https://a.example/"},"url":{"href":"https://b.example/"},"url":{"href":"https://c.example/"}}}]`,
			want: []wire{{"event", 200, t1, "m", "events.json", []Link{
				{Name: "url", Href: "https://b.example/"},
				{Name: "url", Href: "https://c.example/"},
				{Name: "self", Href: "https://a.example/"},
			}}},
		},
		{
			name:  "_links null, empty, or holding only nulls",
			input: `[{"type":1,"createdAt":"2024-03-20T09:13:37.0Z","message":"a","_links":null},{"type":2,"createdAt":"2024-03-20T09:13:37.0Z","message":"b","_links":{}},{"type":3,"createdAt":"2024-03-20T09:13:37.0Z","message":"c","_links":{"url":null}}]`,
			want: []wire{
				{"event", 1, t1, "a", "events.json", nil},
				{"event", 2, t1, "b", "events.json", nil},
				{"event", 3, t1, "c", "events.json", nil},
			},
		},
		{
			name:  "integer type at the 32-bit bounds",
			input: `[{"type":2147483647,"createdAt":"2024-03-20T09:13:37.0Z","message":"max"},{"type":-2147483648,"createdAt":"2024-03-20T09:13:37.0Z","message":"min"},{"type":-0,"createdAt":"2024-03-20T09:13:37.0Z","message":"zero"}]`,
			want: []wire{
				{"event", 2147483647, t1, "max", "events.json", nil},
				{"event", -2147483648, t1, "min", "events.json", nil},
				{"event", 0, t1, "zero", "events.json", nil},
			},
		},
		{
			name:  "strings are unescaped; the message is kept exactly, escapes and all",
			input: `[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"a\u001b[2Jb\n\"c\" \u00c4 \ud83c\udf89"}]`,
			want:  []wire{{"event", 200, t1, "a\x1b[2Jb\n\"c\" Ä 🎉", "events.json", nil}},
		},
		{
			name:  "customer ID with escapes is sanitized as a source",
			input: "{\"id\":\"cst_\\u001b]52;c;eA==\\u0007x\",\"events\":[{\"type\":200,\"createdAt\":\"2024-03-20T09:13:37.0Z\",\"message\":\"m\"}]}",
			want:  []wire{{"event", 200, t1, "m", "cst_x", nil}},
		},
		{
			name:  "customer ID that is not a string: the file is the source",
			input: `{"id":42,"events":[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]}`,
			want:  []wire{{"event", 200, t1, "m", "events.json", nil}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode("events.json", []byte(tt.input))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if w := wires(got.Events); !reflect.DeepEqual(w, tt.want) {
				t.Errorf("events:\n got %+v\nwant %+v", w, tt.want)
			}
			if !reflect.DeepEqual(got.Notes, tt.notes) {
				t.Errorf("notes:\n got %q\nwant %q", got.Notes, tt.notes)
			}
		})
	}
}

func TestDecodeNotesMentionInclude(t *testing.T) {
	for _, input := range []string{
		`{"resource":"customer","id":"cst_1"}`,
		`{"_embedded":{"customers":[{"resource":"customer","id":"cst_1"}]}}`,
	} {
		got, err := Decode("x.json", []byte(input))
		if err != nil {
			t.Fatalf("Decode(%s): %v", input, err)
		}
		if len(got.Events) != 0 || len(got.Notes) != 1 || !strings.Contains(got.Notes[0], "include=events") {
			t.Errorf("Decode(%s) = %d events, notes %q; want 0 events and one note about include=events", input, len(got.Events), got.Notes)
		}
	}
}

func TestDecodeDerivedFields(t *testing.T) {
	input := `[{"type":200,"createdAt":"2024-05-22T15:11:19+02:00","message":"Paid\t\u001b[31mlate\u001b[0m\nreally\u202e"}]`
	got, err := Decode("f", []byte(input))
	if err != nil {
		t.Fatal(err)
	}
	e := got.Events[0]
	if want := "Paid\t\x1b[31mlate\x1b[0m\nreally\u202e"; e.Message != want {
		t.Errorf("Message = %q, want %q (kept as loaded)", e.Message, want)
	}
	if want := "Paid late really"; string(e.Line) != want {
		t.Errorf("Line = %q, want %q (sanitized once at load)", e.Line, want)
	}
	if want := time.Date(2024, 5, 22, 13, 11, 19, 0, time.UTC); !e.Created.Equal(want) {
		t.Errorf("Created = %v, want %v", e.Created, want)
	}
	if e.URL() != "" {
		t.Errorf("URL() = %q without links, want \"\"", e.URL())
	}
}

func TestEventURL(t *testing.T) {
	tests := []struct {
		links []Link
		want  string
	}{
		{nil, ""},
		{[]Link{{Name: "self", Href: "https://a"}}, "https://a"},
		{[]Link{{Name: "url", Href: "https://u"}, {Name: "self", Href: "https://a"}}, "https://u"},
	}
	for _, tt := range tests {
		e := Event{Links: tt.links}
		if got := e.URL(); got != tt.want {
			t.Errorf("URL() with %v = %q, want %q", tt.links, got, tt.want)
		}
	}
	// Decoding puts url first even when it comes last, so URL() is its href.
	got, err := Decode("f", []byte(`{"type":1,"createdAt":"2024-03-20T09:13:37.0Z","message":"m","_links":{"self":{"href":"https://s"},"url":{"href":"https://u"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if u := got.Events[0].URL(); u != "https://u" {
		t.Errorf("decoded URL() = %q, want https://u", u)
	}
}

func TestDecodeTimestamps(t *testing.T) {
	tests := []struct {
		raw    string
		want   time.Time // the instant
		offset int       // seconds east of UTC, as written
	}{
		{"2024-03-20T09:13:37.0Z", time.Date(2024, 3, 20, 9, 13, 37, 0, time.UTC), 0},
		{"2024-05-14T01:29:09.283Z", time.Date(2024, 5, 14, 1, 29, 9, 283_000_000, time.UTC), 0},
		{"2024-12-12T10:00:00Z", time.Date(2024, 12, 12, 10, 0, 0, 0, time.UTC), 0},
		{"2022-01-03T13:42:04+00:00", time.Date(2022, 1, 3, 13, 42, 4, 0, time.UTC), 0},
		{"2024-05-22T15:11:19+02:00", time.Date(2024, 5, 22, 13, 11, 19, 0, time.UTC), 2 * 3600},
		{"2024-05-22T15:11:19-05:30", time.Date(2024, 5, 22, 20, 41, 19, 0, time.UTC), -(5*3600 + 30*60)},
		{"2024-05-14T01:29:09.283456789Z", time.Date(2024, 5, 14, 1, 29, 9, 283_456_789, time.UTC), 0},
		{"2024-05-14T01:29:09.28345678912345Z", time.Date(2024, 5, 14, 1, 29, 9, 283_456_789, time.UTC), 0},
		{"2024-05-14T01:29:09.000000000000000001+01:00", time.Date(2024, 5, 14, 0, 29, 9, 0, time.UTC), 3600},
		{"2024-03-20t09:13:37.0z", time.Date(2024, 3, 20, 9, 13, 37, 0, time.UTC), 0},
		{"2024-03-20t09:13:37Z", time.Date(2024, 3, 20, 9, 13, 37, 0, time.UTC), 0},
		{"2024-03-20T09:13:37.5z", time.Date(2024, 3, 20, 9, 13, 37, 500_000_000, time.UTC), 0},
		{"2024-05-22t15:11:19+02:00", time.Date(2024, 5, 22, 13, 11, 19, 0, time.UTC), 2 * 3600},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := timefmt.Parse(tt.raw)
			if err != nil {
				t.Fatalf("timefmt.Parse: %v", err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("timefmt.Parse = %v, want %v", got, tt.want)
			}
			if _, off := got.Zone(); off != tt.offset {
				t.Errorf("timefmt.Parse offset = %d, want %d", off, tt.offset)
			}

			for _, field := range []string{"createdAt", "created_at"} {
				input := `[{"type":200,"` + field + `":"` + tt.raw + `","message":"m"}]`
				d, err := Decode("f", []byte(input))
				if err != nil {
					t.Fatalf("Decode with %s: %v", field, err)
				}
				e := d.Events[0]
				if e.CreatedRaw != tt.raw {
					t.Errorf("CreatedRaw = %q, want %q exactly", e.CreatedRaw, tt.raw)
				}
				if !e.Created.Equal(tt.want) {
					t.Errorf("Created = %v, want %v", e.Created, tt.want)
				}
				if _, off := e.Created.Zone(); off != tt.offset {
					t.Errorf("Created offset = %d, want %d", off, tt.offset)
				}
			}
		})
	}
}

// ev is one valid event on one line, for building inputs.
const ev = `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"ok"}`

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string // the whole error text
		line  int
		field string
	}{
		// Missing fields: the line where the event starts.
		{
			name:  "missing type",
			input: `[{"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]`,
			want:  `events.json:1: missing field "type"`, line: 1, field: "type",
		},
		{
			name: "missing type in a pretty-printed array",
			input: `[
  ` + ev + `,
  {
    "createdAt": "2024-03-20T09:13:37.0Z",
    "message": "m"
  }
]`,
			want: `events.json:3: missing field "type"`, line: 3, field: "type",
		},
		{
			name:  "type null counts as missing",
			input: "[\n" + ev + ",\n{\"type\":null,\"createdAt\":\"2024-03-20T09:13:37.0Z\",\"message\":\"m\"}]",
			want:  `events.json:3: missing field "type"`, line: 3, field: "type",
		},
		{
			name:  "missing createdAt",
			input: "[\n\n  {\"type\":200,\n   \"message\":\"m\"}\n]",
			want:  `events.json:3: missing field "createdAt"`, line: 3, field: "createdAt",
		},
		{
			name:  "missing message",
			input: ev + "\n" + ev + "\n" + `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z"}` + "\n",
			want:  `events.json:3: missing field "message"`, line: 3, field: "message",
		},
		{
			name:  "message null counts as missing",
			input: `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":null}`,
			want:  `events.json:1: missing field "message"`, line: 1, field: "message",
		},
		{
			name:  "missing field of a customer's event",
			input: "{\"id\":\"cst_1\",\n\"events\":[\n" + ev + ",\n{\"type\":1,\"message\":\"m\"}]}",
			want:  `events.json:4: missing field "createdAt"`, line: 4, field: "createdAt",
		},
		{
			name:  "missing field of an event in a list response",
			input: "{\"_embedded\":{\"customers\":[\n{\"id\":\"cst_1\",\"events\":[" + ev + "]},\n{\"id\":\"cst_2\",\"events\":[\n{\"createdAt\":\"2024-03-20T09:13:37.0Z\",\"message\":\"m\"}]}]}}",
			want:  `events.json:4: missing field "type"`, line: 4, field: "type",
		},

		// Field errors: the line where the field's value starts.
		{
			name: "type as a string",
			input: `[
  {
    "type": "200",
    "createdAt": "2024-03-20T09:13:37.0Z",
    "message": "m"
  }
]`,
			want: `events.json:3: field "type": want an integer or a name like payment.failed, got the string "200"`, line: 3, field: "type",
		},
		{
			name:  "type 200.0",
			input: "[{\"createdAt\":\"2024-03-20T09:13:37.0Z\",\n\"message\":\"m\",\n\"type\":200.0}]",
			want:  `events.json:3: field "type": want an integer or a name like payment.failed, got 200.0`, line: 3, field: "type",
		},
		{
			name:  "type 1e2",
			input: `[{"type":1e2,"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]`,
			want:  `events.json:1: field "type": want an integer or a name like payment.failed, got 1e2`, line: 1, field: "type",
		},
		{
			name:  "type 2E2",
			input: `[{"type":2E2,"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]`,
			want:  `events.json:1: field "type": want an integer or a name like payment.failed, got 2E2`, line: 1, field: "type",
		},
		{
			name:  "type above 32 bits",
			input: `[{"type":2147483648,"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]`,
			want:  `events.json:1: field "type": want an integer or a name like payment.failed, got 2147483648, which is outside the 32-bit range`, line: 1, field: "type",
		},
		{
			name:  "type below 32 bits",
			input: `[{"type":-2147483649,"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]`,
			want:  `events.json:1: field "type": want an integer or a name like payment.failed, got -2147483649, which is outside the 32-bit range`, line: 1, field: "type",
		},
		{
			name:  "type with a long number is shortened",
			input: `[{"type":123456789012345678901234567890,"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]`,
			want:  `events.json:1: field "type": want an integer or a name like payment.failed, got 123456789012345678901234…, which is outside the 32-bit range`, line: 1, field: "type",
		},
		{
			name:  "type as a boolean",
			input: `[{"type":true,"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]`,
			want:  `events.json:1: field "type": want an integer or a name like payment.failed, got a boolean`, line: 1, field: "type",
		},
		{
			name:  "type as an object",
			input: `[{"type":{"code":200},"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]`,
			want:  `events.json:1: field "type": want an integer or a name like payment.failed, got an object`, line: 1, field: "type",
		},
		{
			name:  "type as a string with escapes is quoted",
			input: `[{"type":"\u001b[2J","createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]`,
			want:  `events.json:1: field "type": want an integer or a name like payment.failed, got the string "\x1b[2J"`, line: 1, field: "type",
		},
		{
			name:  "type as a string that is no name",
			input: `[{"type":"payment failed","createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]`,
			want:  `events.json:1: field "type": want an integer or a name like payment.failed, got the string "payment failed"`, line: 1, field: "type",
		},
		{
			name:  "message as a number",
			input: ev + "\n" + `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":42}`,
			want:  `events.json:2: field "message": want a string, got a number`, line: 2, field: "message",
		},
		{
			name:  "message as an array",
			input: `[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":["m"]}]`,
			want:  `events.json:1: field "message": want a string, got an array`, line: 1, field: "message",
		},
		{
			name:  "resource as a number",
			input: `[{"resource":1,"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]`,
			want:  `events.json:1: field "resource": want a string, got a number`, line: 1, field: "resource",
		},
		{
			name:  "createdAt not a timestamp",
			input: "[\n" + ev + ",\n{\"type\":200,\n\"createdAt\":\n\"yesterday\",\"message\":\"m\"}]",
			want:  `events.json:5: field "createdAt": cannot parse "yesterday" as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z)`, line: 5, field: "createdAt",
		},
		{
			name:  "createdAt without an offset",
			input: `[{"type":200,"createdAt":"2024-03-20T09:13:37","message":"m"}]`,
			want:  `events.json:1: field "createdAt": cannot parse "2024-03-20T09:13:37" as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z)`, line: 1, field: "createdAt",
		},
		{
			name:  "long bad createdAt is shortened and quoted",
			input: `[{"type":200,"createdAt":"\u001b]52;c;AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","message":"m"}]`,
			want:  `events.json:1: field "createdAt": cannot parse "\x1b]52;c;AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"… as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z)`, line: 1, field: "createdAt",
		},
		{
			name:  "created_at not a timestamp",
			input: `[{"type":200,"created_at":"2024-03-20","message":"m"}]`,
			want:  `events.json:1: field "created_at": cannot parse "2024-03-20" as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z)`, line: 1, field: "created_at",
		},
		{
			name:  "createdAt as a number",
			input: `[{"type":200,"createdAt":1710926017,"message":"m"}]`,
			want:  `events.json:1: field "createdAt": want a string, got a number`, line: 1, field: "createdAt",
		},
		{
			name:  "link that is not an object",
			input: "[{\"type\":200,\"createdAt\":\"2024-03-20T09:13:37.0Z\",\"message\":\"m\",\n\"_links\":\n{\"url\":\"https://example.org\"}}]",
			want:  `events.json:3: field "_links": link "url": want an object with "href", got a string`, line: 3, field: "_links",
		},
		{
			name:  "link without href",
			input: `[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"m","_links":{"url":{"type":"text/html"}}}]`,
			want:  `events.json:1: field "_links": link "url": missing "href"`, line: 1, field: "_links",
		},
		{
			name:  "link with a null href",
			input: `[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"m","links":{"self":{"href":null}}}]`,
			want:  `events.json:1: field "links": link "self": missing "href"`, line: 1, field: "links",
		},
		{
			name:  "link href not a string",
			input: `[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"m","_links":{"url":{"href":5}}}]`,
			want:  `events.json:1: field "_links": link "url": "href" wants a string, got a number`, line: 1, field: "_links",
		},
		{
			name:  "link type not a string",
			input: `[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"m","_links":{"url":{"href":"https://e","type":[]}}}]`,
			want:  `events.json:1: field "_links": link "url": "type" wants a string, got an array`, line: 1, field: "_links",
		},
		{
			name:  "link name with escapes is quoted",
			input: `[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"m","_links":{"\u001b[2J":1}}]`,
			want:  `events.json:1: field "_links": link "\x1b[2J": want an object with "href", got a number`, line: 1, field: "_links",
		},
		{
			name:  "_links not an object",
			input: `[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"m","_links":[]}]`,
			want:  `events.json:1: field "_links": want an object, got an array`, line: 1, field: "_links",
		},

		// Invalid JSON: the line of the bad byte, or the last line when the
		// input is cut off.
		{
			name:  "truncated array",
			input: "[\n" + ev + ",\n{\"type\":200,\n\"createdAt\":\"2024-03",
			want:  `events.json:4: unexpected end of input: the JSON is cut off`, line: 4,
		},
		{
			name:  "array without its closing bracket",
			input: "[\n" + ev + "\n",
			want:  `events.json:3: unexpected end of input: the JSON is cut off`, line: 3,
		},
		{
			name:  "truncated NDJSON at the end",
			input: ev + "\n" + ev + "\n" + `{"type":200,"createdAt":"2024-03-20T09:13`,
			want:  `events.json:3: unexpected end of input: the JSON is cut off`, line: 3,
		},
		{
			name:  "truncated NDJSON line in the middle",
			input: ev + "\n" + `{"type":200,"crea` + "\n" + ev + "\n",
			want:  `events.json:2: unexpected end of input: the JSON is cut off`, line: 2,
		},
		{
			name:  "truncated single object",
			input: `{"type":200,"crea`,
			want:  `events.json:1: unexpected end of input: the JSON is cut off`, line: 1,
		},
		{
			name:  "truncated customer",
			input: "{\"id\":\"cst_1\",\n\"events\":[\n" + ev + ",\n",
			want:  `events.json:4: unexpected end of input: the JSON is cut off`, line: 4,
		},
		{
			name: "invalid value on line 4 of a pretty-printed array",
			input: `[
  ` + ev + `,
  {"type": 200,
   "createdAt": x,
   "message": "m"}
]`,
			want: `events.json:4: invalid JSON: invalid character 'x' looking for beginning of value`, line: 4,
		},
		{
			name:  "missing comma between elements, unindented",
			input: "[\n" + ev + "\n" + ev + "\n]",
			want:  `events.json:3: invalid JSON: invalid character '{' after array element`, line: 3,
		},
		{
			name:  "missing comma between elements, indented",
			input: "[\n  " + ev + "\n  " + ev + "\n]",
			want:  `events.json:3: invalid JSON: invalid character '{' after array element`, line: 3,
		},
		{
			name:  "trailing comma after leading blank lines",
			input: "\n\n\n\n[" + ev + ",\n]",
			want:  `events.json:6: invalid JSON: invalid character ']' looking for beginning of value`, line: 6,
		},
		{
			name:  "missing colon in a customer",
			input: "{\"id\":\"cst_1\",\n\"events\" [" + ev + "]}",
			want:  `events.json:2: invalid JSON: invalid character '[' after object key`, line: 2,
		},
		{
			name:  "bad event inside a customer's events",
			input: "{\"id\":\"cst_1\",\n\"events\":[\n" + ev + ",\n{\"type\":2OO}]}",
			want:  `events.json:4: invalid JSON: invalid character 'O' after object key:value pair`, line: 4,
		},
		{
			name:  "invalid NDJSON line",
			input: ev + "\r\n" + ev + "\r\n\r\n" + `{"type":200,'createdAt':1}` + "\r\n" + ev + "\r\n",
			want:  `events.json:4: invalid JSON: invalid character '\'' looking for beginning of object key string`, line: 4,
		},
		{
			name:  "two events on one NDJSON line",
			input: ev + "\n" + ev + " " + ev + "\n",
			want:  `events.json:2: invalid JSON: invalid character '{' after top-level value`, line: 2,
		},
		{
			name:  "NDJSON field error on line 3",
			input: ev + "\n\n" + `{"type":"200","createdAt":"2024-03-20T09:13:37.0Z","message":"m"}` + "\n",
			want:  `events.json:3: field "type": want an integer or a name like payment.failed, got the string "200"`, line: 3, field: "type",
		},
		{
			name:  "pretty-printed events one after another, one bad",
			input: "{\n  \"type\": 200,\n  \"createdAt\": \"2024-03-20T09:13:37.0Z\",\n  \"message\": \"a\"\n}\n{\n  \"type\": 200.5,\n  \"createdAt\": \"2024-03-20T09:13:37.0Z\",\n  \"message\": \"b\"\n}\n",
			want:  `events.json:7: field "type": want an integer or a name like payment.failed, got 200.5`, line: 7, field: "type",
		},
		{
			name:  "pretty-printed events one after another, cut off",
			input: "{\n  \"type\": 200,\n  \"createdAt\": \"2024-03-20T09:13:37.0Z\",\n  \"message\": \"a\"\n}\n{\n  \"type\": 200,\n",
			want:  `events.json:8: unexpected end of input: the JSON is cut off`, line: 8,
		},
		{
			name:  "pretty-printed single event with a field error",
			input: "{\n  \"type\": 200,\n  \"createdAt\": \"2024-03-20T09:13:37.0Z\",\n  \"message\": false\n}\n",
			want:  `events.json:4: field "message": want a string, got a boolean`, line: 4, field: "message",
		},
		{
			name:  "trailing garbage after an array",
			input: "[" + ev + "]\n\n]",
			want:  `events.json:3: unexpected data after the JSON array: "]"`, line: 3,
		},
		{
			name:  "a second array after the first",
			input: "[]\n[" + ev + "]",
			want:  `events.json:2: unexpected data after the JSON array: "[{\"type\":200,\"createdAt\":\"2024-03-20T09:"…`, line: 2,
		},

		// Wrong shapes.
		{
			name:  "top-level number",
			input: "42",
			want:  `events.json:1: not JSON events: want an array or an object, got "42"`, line: 1,
		},
		{
			name:  "top-level string after blank lines",
			input: "\n\n\"events\"\n",
			want:  `events.json:3: not JSON events: want an array or an object, got "\"events\"\n"`, line: 3,
		},
		{
			name:  "top-level null",
			input: "null",
			want:  `events.json:1: not JSON events: want an array or an object, got "null"`, line: 1,
		},
		{
			name:  "an HTML page",
			input: "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>",
			want:  `events.json:1: not JSON events: want an array or an object, got "<!DOCTYPE html><html><head><title>502 Ba"…`, line: 1,
		},
		{
			name:  "an object that is neither events nor a container",
			input: `{"status":401,"title":"Unauthorized Request"}`,
			want:  `events.json:1: not JSON events: want an array of events, a customer with "events", a list with "_embedded", or NDJSON`, line: 1,
		},
		{
			name:  "array element that is not an object",
			input: "[\n" + ev + ",\n42]",
			want:  `events.json:3: event: want an object, got a number`, line: 3,
		},
		{
			name:  "array element null",
			input: "[null]",
			want:  `events.json:1: event: want an object, got null`, line: 1,
		},
		{
			name:  "NDJSON line that is not an object",
			input: ev + "\n[1]\n",
			want:  `events.json:2: event: want an object, got an array`, line: 2,
		},
		{
			name:  "events not an array",
			input: "{\"id\":\"cst_1\",\n\"events\":{}}",
			want:  `events.json:2: field "events": want an array, got an object`, line: 2, field: "events",
		},
		{
			name:  "_embedded not an object",
			input: `{"count":0,"_embedded":[]}`,
			want:  `events.json:1: field "_embedded": want an object, got an array`, line: 1, field: "_embedded",
		},
		{
			name:  "_embedded.events not an array",
			input: `{"_embedded":{"events":"none"}}`,
			want:  `events.json:1: field "events": want an array, got a string`, line: 1, field: "events",
		},
		{
			name:  "_embedded.customers not an array",
			input: `{"_embedded":{"customers":{}}}`,
			want:  `events.json:1: field "_embedded.customers": want an array, got an object`, line: 1, field: "_embedded.customers",
		},
		{
			name:  "customer in a list that is not an object",
			input: "{\"_embedded\":{\"customers\":[\n{\"id\":\"cst_1\"},\n7]}}",
			want:  `events.json:3: field "_embedded.customers": want an object, got a number`, line: 3, field: "_embedded.customers",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode("events.json", []byte(tt.input))
			if err == nil {
				t.Fatalf("Decode = %d events, notes %q; want error %q", len(got.Events), got.Notes, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error is %T, want *DecodeError", err)
			}
			if de.File != "events.json" || de.Line != tt.line || de.Field != tt.field {
				t.Errorf("DecodeError{File: %q, Line: %d, Field: %q}, want {%q, %d, %q}", de.File, de.Line, de.Field, "events.json", tt.line, tt.field)
			}
			if de.Error() != de.File+":"+strconv.Itoa(de.Line)+": "+de.Msg {
				t.Errorf("Error() = %q, not file:line: msg for %+v", de.Error(), *de)
			}
			if len(got.Events) != 0 || len(got.Notes) != 0 {
				t.Errorf("with an error, Decode returned %d events and notes %q, want none", len(got.Events), got.Notes)
			}
		})
	}
}

// Errors name the file, and a DecodeError's text is safe for a terminal
// however hostile the input.
func TestDecodeErrorIsSafe(t *testing.T) {
	inputs := []string{
		"\x1b[2J\x1b]52;c;eA==\x07",
		"[{\"type\":\"\x1b[2J\",\"createdAt\":\"x\",\"message\":\"m\"}]",
		"[{\"type\":1,\"createdAt\":\"\\u009b2J\\u202e\",\"message\":\"m\"}]",
		"{\"_links\":1,\"\x1b]0;t\x07\":2}",
		"[1]\x1b[2J",
	}
	for _, in := range inputs {
		_, err := Decode("f.json", []byte(in))
		if err == nil {
			t.Errorf("Decode(%q): no error", in)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "f.json:1: ") {
			t.Errorf("Decode(%q) error %q does not start with f.json:1: ", in, msg)
		}
		if cells.SanitizeLine(msg) != msg || !utf8.ValidString(msg) {
			t.Errorf("Decode(%q) error %q holds controls", in, msg)
		}
	}
}

// FuzzDecode checks, for any input, that decoding does not panic; that an
// error is always a *DecodeError on a line of the input; that events come
// out finished; that SkipInvalid changes nothing for valid input and skips
// exactly the events Decode stops at; that the bracket pre-pass agrees with
// encoding/json about nesting. (output.FuzzJSONRoundTrip prints what it
// decodes and decodes it again.)
//
// Its seed corpus, under testdata/fuzz/FuzzDecode, holds every input shape
// and an example of every class of error.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("[" + ev + "]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Decode("f", data)
		checkDecoded(t, data, got, err)
		skipping, serr := DecodeWith("f", data, DecodeOptions{SkipInvalid: true})
		checkDecoded(t, data, skipping, serr)

		var de, sde *DecodeError
		errors.As(err, &de)
		errors.As(serr, &sde)
		switch {
		case err == nil && (serr != nil || skipping.Skipped != 0 || !reflect.DeepEqual(wires(skipping.Events), wires(got.Events))):
			t.Fatalf("valid input decodes differently with SkipInvalid: %d events, %d skipped, error %v; without, %d events",
				len(skipping.Events), skipping.Skipped, serr, len(got.Events))
		case err != nil && serr == nil && (skipping.Skipped == 0 || skipping.SkipReasons[0].Error() != err.Error()):
			t.Fatalf("Decode fails with %v, but SkipInvalid skipped %d events, first %v", err, skipping.Skipped, skipping.SkipReasons)
		case err != nil && serr != nil && sde.Line < de.Line:
			t.Fatalf("SkipInvalid fails at %v, before Decode's %v", serr, err)
		}

		// The pre-pass finds too deep nesting exactly where encoding/json
		// would, for any single valid JSON document.
		if json.Valid(data) {
			tooDeep := err != nil && strings.HasPrefix(de.Msg, "nesting deeper than")
			if want := jsonDepth(data) > MaxDepth; tooDeep != want {
				t.Fatalf("depth %d: Decode error %v", jsonDepth(data), err)
			}
		}

	})
}

// checkDecoded asserts what holds for any result of Decode on data.
func checkDecoded(t *testing.T, data []byte, got Decoded, err error) {
	t.Helper()
	lines := 1 + bytes.Count(data, []byte("\n"))
	checkErr := func(err error) {
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("error %T %v is not a *DecodeError", err, err)
		}
		if de.File != "f" || de.Line < 1 || de.Line > lines {
			t.Fatalf("error %v: file %q line %d, want f and a line in 1..%d", err, de.File, de.Line, lines)
		}
		if msg := err.Error(); cells.SanitizeLine(msg) != msg {
			t.Fatalf("error %q holds controls", msg)
		}
	}
	if err != nil {
		checkErr(err)
		if len(got.Events) != 0 || len(got.Notes) != 0 || got.Skipped != 0 {
			t.Fatalf("error %v with %d events, notes %q, %d skipped", err, len(got.Events), got.Notes, got.Skipped)
		}
		return
	}
	if len(got.Events) == 0 && len(got.Notes) == 0 && got.Skipped == 0 {
		t.Fatal("no events, no note and nothing skipped")
	}
	if got.Skipped < len(got.SkipReasons) || len(got.SkipReasons) > MaxSkipReasons || (got.Skipped > 0) != (len(got.SkipReasons) > 0) {
		t.Fatalf("%d skipped with %d reasons", got.Skipped, len(got.SkipReasons))
	}
	for _, r := range got.SkipReasons {
		checkErr(r)
	}
	if n := got.SkipNote(); cells.SanitizeLine(n) != n {
		t.Fatalf("skip note %q holds controls", n)
	}
	for _, e := range got.Events {
		if e.Resource == "" || e.Source == "" || string(e.Line) != cells.SanitizeLine(e.Message) || string(e.Source) != cells.SanitizeLine(string(e.Source)) {
			t.Fatalf("badly finished event %+v", e)
		}
		if t2, err := timefmt.Parse(e.CreatedRaw); err != nil || !t2.Equal(e.Created) {
			t.Fatalf("CreatedRaw %q does not give Created %v", e.CreatedRaw, e.Created)
		}
	}
}

// jsonDepth is how deeply the valid JSON in data nests, by encoding/json.
func jsonDepth(data []byte) int {
	dec := json.NewDecoder(bytes.NewReader(data))
	depth, deepest := 0, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return deepest
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			depth++
			deepest = max(deepest, depth)
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
	}
}

// TestByteOrderMarkInTheMiddle: only a file's very start may hold a BOM;
// one further on, as when files are joined, is said for what it is, on
// its line, by every decoder.
func TestByteOrderMarkInTheMiddle(t *testing.T) {
	const e1 = `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a"}`
	const e2 = `{"type":2,"createdAt":"2024-03-20T09:13:37Z","message":"b"}`
	for _, tt := range []struct {
		name, data string
		line       int
	}{
		{"ndjson", "\ufeff" + e1 + "\n\ufeff" + e2 + "\n", 2},
		{"array", "[" + e1 + ",\n\ufeff" + e2 + "]", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := fmt.Sprintf("x.json:%d: %s", tt.line, midBOM)
			_, err := Decode("x.json", []byte(tt.data))
			if err == nil || err.Error() != want {
				t.Errorf("Decode: %v\nwant %s", err, want)
			}
			_, err = DecodeFile("x.json", strings.NewReader(tt.data), int64(len(tt.data)), DecodeOptions{}, func(*Chunk) {})
			if err == nil || err.Error() != want {
				t.Errorf("DecodeFile: %v\nwant %s", err, want)
			}
			_, err = DecodeStream(context.Background(), "x.json", strings.NewReader(tt.data), DecodeOptions{}, func(*Chunk) {})
			if err == nil || err.Error() != want {
				t.Errorf("DecodeStream: %v\nwant %s", err, want)
			}
		})
	}
}
