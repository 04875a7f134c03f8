package model

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// nest returns n levels of arrays around inner.
func nest(n int, inner string) string {
	return strings.Repeat("[", n) + inner + strings.Repeat("]", n)
}

// withField returns ev with one more field, "x": value.
func withField(value string) string {
	return `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"ok","x":` + value + `}`
}

const deepMsg = ": nesting deeper than 32 levels: not Mollie events"

func TestDecodeDepth(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		err    string // "" when it decodes
		events int
	}{
		{"an unknown field at the limit", "[" + withField(nest(30, "")) + "]", "", 1},
		{"an unknown field one past the limit", "[\n" + withField(nest(31, "")) + "]", "events.json:2" + deepMsg, 0},
		{"33 levels of arrays", nest(33, ""), "events.json:1" + deepMsg, 0},
		{"100000 levels of arrays", nest(100000, ""), "events.json:1" + deepMsg, 0},
		{"100000 levels, never closed", strings.Repeat("[", 100000), "events.json:1" + deepMsg, 0},
		{"100000 levels in an unknown field", "[\n" + ev + ",\n\n" + withField(nest(100000, "1")) + "]", "events.json:4" + deepMsg, 0},
		{"100000 levels of objects in an unknown field", "[" + withField(strings.Repeat(`{"a":`, 100000)+"1"+strings.Repeat("}", 100000)) + "]", "events.json:1" + deepMsg, 0},
		{"deep on a later line of a pretty-printed array", "[\n" + ev + ",\n" + withField("\n"+strings.Repeat("[\n", 40)) + "]", "events.json:34" + deepMsg, 0},
		{"a single object", `{"type":200,"x":` + nest(32, "") + `}`, "events.json:1" + deepMsg, 0},
		{"a customer", "{\"id\":\"cst_1\",\"events\":[\n" + withField(nest(31, "")) + "]}", "events.json:2" + deepMsg, 0},
		{"nested customers in a list response", `{"_embedded":{"customers":[` + strings.Repeat(`{"_embedded":{"customers":[`, 10) + strings.Repeat(`]}}`, 10) + `]}}`, "events.json:1" + deepMsg, 0},
		{"100000 nested customers", `{"_embedded":{"customers":[` + strings.Repeat(`{"_embedded":{"customers":[`, 100000) + strings.Repeat(`]}}`, 100000) + `]}}`, "events.json:1" + deepMsg, 0},
		{"an NDJSON line at the limit", ev + "\n" + withField(nest(31, "")) + "\n" + ev + "\n", "", 3},
		{"an NDJSON line one past the limit", ev + "\n" + withField(nest(32, "")) + "\n" + ev + "\n", "events.json:2" + deepMsg, 0},
		{"100000 levels on an NDJSON line", ev + "\n" + ev + "\n" + withField(nest(100000, "")) + "\n", "events.json:3" + deepMsg, 0},
		{"pretty-printed events one after another", "{\n\"type\":1,\n\"createdAt\":\"2024-03-20T09:13:37.0Z\",\"message\":\"m\"}\n" + withField(nest(32, "")), "events.json:4" + deepMsg, 0},
		{"after an array, trailing data is the error", "[]\n" + nest(100, ""), `events.json:2: unexpected data after the JSON array: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["…`, 0},

		// Brackets in strings do not count, however they are escaped.
		{"brackets in a message", "[" + `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"` + strings.Repeat("[{", 100) + `"}]`, "", 1},
		{"brackets after an escaped quote", "[" + `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"\"` + strings.Repeat("[", 100) + `\""}]`, "", 1},
		{"brackets after an escaped backslash", "[" + `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"\\","x":` + nest(31, "") + `}]`, "events.json:1" + deepMsg, 0},
		{"brackets after three backslashes and a quote", "[" + `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"\\\"` + strings.Repeat("[", 100) + `"}]`, "", 1},
		{"brackets in a key", "[" + `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"m","` + strings.Repeat("[", 100) + `":1}]`, "", 1},
		{"NDJSON lines that never close do not add up", ev + "\n" + strings.Repeat(`{"x":[[[[[[[[[[`+"\n", 5) + ev + "\n", "events.json:2: unexpected end of input: the JSON is cut off", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			got, err := Decode("events.json", []byte(tt.input))
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			if tt.err == "" {
				if err != nil || len(got.Events) != tt.events {
					t.Fatalf("Decode = %d events, %v; want %d events", len(got.Events), err, tt.events)
				}
				return
			}
			var de *DecodeError
			if err == nil || err.Error() != tt.err || !errors.As(err, &de) {
				t.Fatalf("error %v, want %s", err, tt.err)
			}
		})
	}
}

// With SkipInvalid, a line of NDJSON that nests too deeply is skipped like
// any other invalid line; in an array it still fails the whole input.
func TestDecodeDepthSkipInvalid(t *testing.T) {
	skip := DecodeOptions{SkipInvalid: true}
	got, err := DecodeWith("events.json", []byte(ev+"\n"+withField(nest(100000, ""))+"\n"+ev+"\n"), skip)
	if err != nil || len(got.Events) != 2 || got.Skipped != 1 || got.SkipReasons[0].Error() != "events.json:2"+deepMsg {
		t.Errorf("NDJSON: %d events, %d skipped (%v), error %v; want 2 events and line 2 skipped", len(got.Events), got.Skipped, got.SkipReasons, err)
	}
	_, err = DecodeWith("events.json", []byte("[\n"+ev+",\n"+withField(nest(100000, ""))+"]"), skip)
	if err == nil || err.Error() != "events.json:3"+deepMsg {
		t.Errorf("array: error %v, want events.json:3%s", err, deepMsg)
	}
}

func TestDecodeSkipInvalid(t *testing.T) {
	const (
		noType   = `{"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}`
		strType  = `{"type":"200","createdAt":"2024-03-20T09:13:37.0Z","message":"m"}`
		badTime  = `{"type":200,"createdAt":"yesterday","message":"m"}`
		ev2      = `{"type":201,"createdAt":"2024-12-12T10:00:00Z","message":"two"}`
		typeStr  = `field "type": want an integer or a name like payment.failed, got the string "200"`
		timeBad  = `field "createdAt": cannot parse "yesterday" as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z)`
		noTypeIs = `missing field "type"`
	)
	okWire := wire{"event", 200, t1, "ok", "events.json", nil}
	twoWire := wire{"event", 201, t3, "two", "events.json", nil}
	tests := []struct {
		name    string
		input   string
		want    []wire
		skipped int
		reasons []string
		notes   []string
		err     string // the whole error, when it fails even so
		broken  bool   // the error is one of broken JSON
	}{
		{
			name:  "valid input: nothing skipped",
			input: "[" + ev + "," + ev2 + "]",
			want:  []wire{okWire, twoWire},
		},
		{
			name:    "array: bad events skipped, the rest kept in order",
			input:   "[\n" + ev + ",\n" + noType + ",\n" + ev2 + ",\n" + strType + ",\n42,\n" + ev + "\n]",
			want:    []wire{okWire, twoWire, okWire},
			skipped: 3,
			reasons: []string{"events.json:3: " + noTypeIs, "events.json:5: " + typeStr, "events.json:6: event: want an object, got a number"},
		},
		{
			name:    "array: every event bad",
			input:   "[" + noType + "," + badTime + "]",
			want:    []wire{},
			skipped: 2,
			reasons: []string{"events.json:1: " + noTypeIs, "events.json:1: " + timeBad},
		},
		{
			name:    "array: only the first five reasons are kept",
			input:   "[\n" + strings.Repeat(noType+",\n", 7) + ev + "]",
			want:    []wire{okWire},
			skipped: 7,
			reasons: []string{"events.json:2: " + noTypeIs, "events.json:3: " + noTypeIs, "events.json:4: " + noTypeIs, "events.json:5: " + noTypeIs, "events.json:6: " + noTypeIs},
		},
		{
			name:    "NDJSON: field errors, invalid JSON and a cut-off last line skipped",
			input:   ev + "\r\n" + strType + "\r\n{\"type\":200,'createdAt':1}\r\n\r\n" + ev2 + "\r\n[1]\r\n" + ev + " " + ev + "\r\n" + ev + "\r\n{\"type\":200,\"crea",
			want:    []wire{okWire, twoWire, okWire},
			skipped: 5,
			reasons: []string{
				"events.json:2: " + typeStr,
				`events.json:3: invalid JSON: invalid character '\'' looking for beginning of object key string`,
				"events.json:6: event: want an object, got an array",
				`events.json:7: invalid JSON: invalid character '{' after top-level value`,
				"events.json:9: unexpected end of input: the JSON is cut off",
			},
		},
		{
			name:    "NDJSON: lines that never close do not add up to too deep",
			input:   ev + "\n" + strings.Repeat(`{"x":[[[[[[[[[[`+"\n", 5) + ev2 + "\n",
			want:    []wire{okWire, twoWire},
			skipped: 5,
			reasons: []string{
				"events.json:2: unexpected end of input: the JSON is cut off", "events.json:3: unexpected end of input: the JSON is cut off",
				"events.json:4: unexpected end of input: the JSON is cut off", "events.json:5: unexpected end of input: the JSON is cut off",
				"events.json:6: unexpected end of input: the JSON is cut off",
			},
		},
		{
			name:    "customer: a bad event skipped",
			input:   "{\"id\":\"cst_1\",\"events\":[\n" + ev + ",\n" + badTime + "]}",
			want:    []wire{{"event", 200, t1, "ok", "cst_1", nil}},
			skipped: 1,
			reasons: []string{"events.json:3: " + timeBad},
		},
		{
			name:    "list response: bad events in several customers skipped",
			input:   "{\"_embedded\":{\"customers\":[\n{\"id\":\"cst_a\",\"events\":[" + noType + "," + ev + "]},\n{\"id\":\"cst_b\",\"events\":[" + ev2 + "," + strType + "]}]}}",
			want:    []wire{{"event", 200, t1, "ok", "cst_a", nil}, {"event", 201, t3, "two", "cst_b", nil}},
			skipped: 2,
			reasons: []string{"events.json:2: " + noTypeIs, "events.json:3: " + typeStr},
		},
		{
			name:    "pretty-printed events one after another: a bad one skipped",
			input:   "{\n  \"type\": 200.5,\n  \"createdAt\": \"2024-03-20T09:13:37.0Z\",\n  \"message\": \"b\"\n}\n" + ev + "\n",
			want:    []wire{okWire},
			skipped: 1,
			reasons: []string{`events.json:2: field "type": want an integer or a name like payment.failed, got 200.5`},
		},
		{
			name:    "a single bad event",
			input:   strType,
			want:    []wire{},
			skipped: 1,
			reasons: []string{"events.json:1: " + typeStr},
		},

		// What cannot be skipped.
		{
			name:   "array: broken JSON",
			input:  "[\n" + noType + ",\n{\"type\": 200, \"createdAt\": x}]",
			err:    "events.json:3: invalid JSON: invalid character 'x' looking for beginning of value",
			broken: true,
		},
		{
			name:   "array: cut off",
			input:  "[\n" + ev + ",\n" + noType,
			err:    "events.json:3: unexpected end of input: the JSON is cut off",
			broken: true,
		},
		{
			name:   "array: trailing garbage",
			input:  "[" + ev + "]\n]",
			err:    `events.json:2: unexpected data after the JSON array: "]"`,
			broken: true,
		},
		{
			name:   "pretty-printed events one after another: cut off",
			input:  "{\n  \"type\": 200,\n  \"createdAt\": \"2024-03-20T09:13:37.0Z\",\n  \"message\": \"a\"\n}\n{\n  \"type\": 200,\n",
			err:    "events.json:8: unexpected end of input: the JSON is cut off",
			broken: true,
		},
		{
			name:  "the wrong shape",
			input: "{\"id\":\"cst_1\",\n\"events\":{}}",
			err:   `events.json:2: field "events": want an array, got an object`,
		},
		{
			name:  "not JSON at all",
			input: "<html>",
			err:   `events.json:1: not JSON events: want an array or an object, got "<html>"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeWith("events.json", []byte(tt.input), DecodeOptions{SkipInvalid: true})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error:\n got %v\nwant %s", err, tt.err)
				}
				// Broken JSON is what skipping cannot get past.
				if de := (*DecodeError)(nil); !errors.As(err, &de) || de.Broken != tt.broken {
					t.Errorf("%#v: want a *DecodeError, Broken %v", err, tt.broken)
				}
				return
			}
			if err != nil {
				t.Fatalf("DecodeWith: %v", err)
			}
			if w := wires(got.Events); !reflect.DeepEqual(w, tt.want) {
				t.Errorf("events:\n got %+v\nwant %+v", w, tt.want)
			}
			var reasons []string
			for _, r := range got.SkipReasons {
				reasons = append(reasons, r.Error())
			}
			if got.Skipped != tt.skipped || !reflect.DeepEqual(reasons, tt.reasons) {
				t.Errorf("skipped %d: %q\nwant %d: %q", got.Skipped, reasons, tt.skipped, tt.reasons)
			}
			if !reflect.DeepEqual(got.Notes, tt.notes) {
				t.Errorf("notes %q, want %q", got.Notes, tt.notes)
			}
			// Without the option, the first reason is the error.
			_, plain := Decode("events.json", []byte(tt.input))
			if tt.skipped > 0 && (plain == nil || plain.Error() != reasons[0]) {
				t.Errorf("Decode without SkipInvalid: %v, want %s", plain, reasons[0])
			}
		})
	}
}

func TestDecodedSkipNote(t *testing.T) {
	reason := func(line int, msg string) *DecodeError {
		return &DecodeError{File: "events.json", Line: line, Msg: msg}
	}
	r := []*DecodeError{
		reason(4, `missing field "type"`), reason(7, `field "type": want an integer or a name like payment.failed, got 200.0`), reason(9, "event: want an object, got null"),
		reason(12, `missing field "message"`), reason(20, "unexpected end of input: the JSON is cut off"),
	}
	tests := []struct {
		d    Decoded
		want string
	}{
		{Decoded{}, ""},
		{Decoded{Skipped: 1, SkipReasons: r[:1]}, `events.json: skipped 1 invalid event: events.json:4: missing field "type"`},
		{Decoded{Skipped: 3, SkipReasons: r[:3]}, `events.json: skipped 3 invalid events: events.json:4: missing field "type"; events.json:7: field "type": want an integer or a name like payment.failed, got 200.0; events.json:9: event: want an object, got null`},
		{Decoded{Skipped: 12, SkipReasons: r}, `events.json: skipped 12 invalid events; the first 5: events.json:4: missing field "type"; events.json:7: field "type": want an integer or a name like payment.failed, got 200.0; events.json:9: event: want an object, got null; events.json:12: missing field "message"; events.json:20: unexpected end of input: the JSON is cut off`},
	}
	for _, tt := range tests {
		if got := tt.d.SkipNote(); got != tt.want {
			t.Errorf("SkipNote() with %d skipped =\n%s\nwant\n%s", tt.d.Skipped, got, tt.want)
		}
	}
}

// An event type is a JSON integer in 32 bits: anything else is an error
// that says what it got, never a guess.
func TestDecodeTypeLimits(t *testing.T) {
	tests := []struct{ typ, want string }{
		{`200.0`, `want an integer or a name like payment.failed, got 200.0`},
		{`2e2`, `want an integer or a name like payment.failed, got 2e2`},
		{`2E+2`, `want an integer or a name like payment.failed, got 2E+2`},
		{`-0.0`, `want an integer or a name like payment.failed, got -0.0`},
		{`1e400`, `want an integer or a name like payment.failed, got 1e400`},
		{`"200"`, `want an integer or a name like payment.failed, got the string "200"`},
		{`""`, `want an integer or a name like payment.failed, got the string ""`},
		{`[200]`, `want an integer or a name like payment.failed, got an array`},
		{`2147483648`, `want an integer or a name like payment.failed, got 2147483648, which is outside the 32-bit range`},
		{`-2147483649`, `want an integer or a name like payment.failed, got -2147483649, which is outside the 32-bit range`},
		{`9223372036854775808`, `want an integer or a name like payment.failed, got 9223372036854775808, which is outside the 32-bit range`},
		{strings.Repeat("9", 400), `want an integer or a name like payment.failed, got 999999999999999999999999…, which is outside the 32-bit range`},
	}
	for _, tt := range tests {
		input := `[{"type":` + tt.typ + `,"createdAt":"2024-03-20T09:13:37.0Z","message":"m"}]`
		_, err := Decode("events.json", []byte(input))
		if want := `events.json:1: field "type": ` + tt.want; err == nil || err.Error() != want {
			t.Errorf("type %.30s: error %v, want %s", tt.typ, err, want)
		}
	}
}

// The bracket pre-pass stays linear in the size of the input, whatever the
// input holds: 100000 small values take a fraction of a second, where a
// quadratic slip (such as scanning to the end of the input for every value
// of a stream) would take minutes.
func TestDecodeLinear(t *testing.T) {
	const n = 100000
	tests := []struct {
		name, input string
	}{
		{"pretty-printed stream of numbers", "{\n}\n" + strings.Repeat("1\n", n)},
		{"pretty-printed stream of strings", "{\n}\n" + strings.Repeat(`"[[[" `, n)},
		{"NDJSON of lines that never close", ev + "\n" + strings.Repeat("{\"x\":[[\n", n)},
		{"escaped quotes", `[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"` + strings.Repeat(`\"`, n) + `"}]`},
		{"escaped backslashes", `[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"` + strings.Repeat(`\\`, n) + `"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			got, err := DecodeWith("events.json", []byte(tt.input), DecodeOptions{SkipInvalid: true})
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v for %d bytes (%d skipped, %v)", took, len(tt.input), got.Skipped, err)
			}
		})
	}
}
