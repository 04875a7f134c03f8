package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// bad is the directory of the bad-input corpus. Its files are written by
// hand (or by a throwaway program) and committed as they are: CRLF, NUL
// bytes and invalid UTF-8 included (.gitattributes keeps git off them).
const bad = "testdata/bad/"

// TestBadInputCorpus loads every file of testdata/bad as eventbrowser does,
// with and without SkipInvalid, and asserts the outcome: the exact error
// (file:line: reason), or the events and notes. For hostile text it checks
// that each event's Line is clean while its Message keeps what the file
// said.
func TestBadInputCorpus(t *testing.T) {
	tests := []struct {
		file   string
		skip   bool
		err    string   // the whole error; "" when the file loads
		broken bool     // the error is one of broken JSON, which skipping cannot get past
		want   []string // when it loads, each event's Message
		notes  []string
		check  func(t *testing.T, events []model.Event)
	}{
		// Truncated input.
		{file: "truncated-array.json", err: bad + "truncated-array.json:4: unexpected end of input: the JSON is cut off"},
		{file: "truncated-array.json", skip: true, err: bad + "truncated-array.json:4: unexpected end of input: the JSON is cut off", broken: true},
		{file: "truncated-ndjson.ndjson", err: bad + "truncated-ndjson.ndjson:3: unexpected end of input: the JSON is cut off"},
		{file: "truncated-ndjson.ndjson", skip: true, want: []string{"Customer created", "Customer created"},
			notes: []string{bad + "truncated-ndjson.ndjson: skipped 1 invalid event: " + bad + "truncated-ndjson.ndjson:3: unexpected end of input: the JSON is cut off"}},
		{file: "truncated-gzip.json.gz", err: "cannot read " + bad + "truncated-gzip.json.gz: gzip: unexpected EOF"},

		// Wrong types and missing fields.
		{file: "wrong-types.json", err: bad + `wrong-types.json:3: field "type": want an integer or a name like payment.failed, got the string "200"`},
		{file: "wrong-types.json", skip: true, want: []string{"Customer created", "Mandate created"},
			notes: []string{bad + "wrong-types.json: skipped 7 invalid events; the first 5: " +
				bad + `wrong-types.json:3: field "type": want an integer or a name like payment.failed, got the string "200"; ` +
				bad + `wrong-types.json:4: field "message": want a string, got a number; ` +
				bad + `wrong-types.json:5: field "createdAt": want a string, got a number; ` +
				bad + `wrong-types.json:6: field "resource": want a string, got a number; ` +
				bad + `wrong-types.json:7: field "_links": want an object, got an array`}},
		{file: "type-not-integer.ndjson", err: bad + `type-not-integer.ndjson:1: field "type": want an integer or a name like payment.failed, got 200.0`},
		{file: "type-not-integer.ndjson", skip: true, want: []string{"int32 max is fine"},
			notes: []string{bad + "type-not-integer.ndjson: skipped 7 invalid events; the first 5: " +
				bad + `type-not-integer.ndjson:1: field "type": want an integer or a name like payment.failed, got 200.0; ` +
				bad + `type-not-integer.ndjson:2: field "type": want an integer or a name like payment.failed, got 2e2; ` +
				bad + `type-not-integer.ndjson:3: field "type": want an integer or a name like payment.failed, got the string "200"; ` +
				bad + `type-not-integer.ndjson:4: field "type": want an integer or a name like payment.failed, got a boolean; ` +
				bad + `type-not-integer.ndjson:5: field "type": want an integer or a name like payment.failed, got 2147483648, which is outside the 32-bit range`}},
		{file: "missing-fields.json", err: bad + `missing-fields.json:2: missing field "type"`},
		{file: "missing-fields.json", skip: true, want: []string{"Customer created"},
			notes: []string{bad + "missing-fields.json: skipped 5 invalid events: " +
				bad + `missing-fields.json:2: missing field "type"; ` +
				bad + `missing-fields.json:3: missing field "createdAt"; ` +
				bad + `missing-fields.json:4: missing field "message"; ` +
				bad + `missing-fields.json:5: missing field "type"; ` +
				bad + `missing-fields.json:6: missing field "type"`}},
		{file: "bad-timestamps.ndjson", err: bad + `bad-timestamps.ndjson:2: field "createdAt": cannot parse "yesterday" as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z)`},
		{file: "bad-timestamps.ndjson", skip: true, want: []string{"fine", "fine too"},
			notes: []string{bad + "bad-timestamps.ndjson: skipped 7 invalid events; the first 5: " +
				bad + `bad-timestamps.ndjson:2: field "createdAt": cannot parse "yesterday" as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z); ` +
				bad + `bad-timestamps.ndjson:3: field "createdAt": cannot parse "2024-03-20T09:13:37" as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z); ` +
				bad + `bad-timestamps.ndjson:4: field "createdAt": cannot parse "2024-03-20" as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z); ` +
				bad + `bad-timestamps.ndjson:5: field "createdAt": cannot parse "2024-13-20T09:13:37Z" as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z); ` +
				bad + `bad-timestamps.ndjson:6: field "createdAt": cannot parse "2024-03-20T09:13:37+0200" as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z)`}},
		{file: "mixed.ndjson", err: bad + `mixed.ndjson:2: field "type": want an integer or a name like payment.failed, got the string "300"`},
		{file: "mixed.ndjson", skip: true, want: []string{"Customer created", "Customer created", "Customer created"},
			notes: []string{bad + "mixed.ndjson: skipped 6 invalid events; the first 5: " +
				bad + `mixed.ndjson:2: field "type": want an integer or a name like payment.failed, got the string "300"; ` +
				bad + `mixed.ndjson:3: invalid JSON: invalid character 'o' in literal null (expecting 'u'); ` +
				bad + `mixed.ndjson:5: missing field "createdAt"; ` +
				bad + `mixed.ndjson:6: unexpected end of input: the JSON is cut off; ` +
				bad + `mixed.ndjson:7: event: want an object, got an array`}},

		// Deep nesting: refused in one pass, whatever the depth.
		{file: "deep-33.json", err: bad + "deep-33.json:1: nesting deeper than 32 levels: not Mollie events"},
		{file: "deep-33.json", skip: true, err: bad + "deep-33.json:1: nesting deeper than 32 levels: not Mollie events"},
		{file: "deep-unknown-field.json", err: bad + "deep-unknown-field.json:4: nesting deeper than 32 levels: not Mollie events"},
		{file: "deep-100000.json.gz", err: bad + "deep-100000.json.gz:1: nesting deeper than 32 levels: not Mollie events"},
		{file: "deep-ndjson-line.ndjson", err: bad + "deep-ndjson-line.ndjson:2: nesting deeper than 32 levels: not Mollie events"},
		{file: "deep-ndjson-line.ndjson", skip: true, want: []string{"Customer created", "Customer created"},
			notes: []string{bad + "deep-ndjson-line.ndjson: skipped 1 invalid event: " + bad + "deep-ndjson-line.ndjson:2: nesting deeper than 32 levels: not Mollie events"}},

		// Huge numbers: refused as a type, ignored elsewhere.
		{file: "huge-numbers.json", want: []string{"huge numbers elsewhere are ignored", "int32 min"}, check: func(t *testing.T, events []model.Event) {
			if events[0].Type != 2147483647 || events[1].Type != -2147483648 {
				t.Errorf("types %d, %d; want the int32 bounds", events[0].Type, events[1].Type)
			}
		}},
		{file: "huge-type.json", err: bad + `huge-type.json:2: field "type": want an integer or a name like payment.failed, got 100000000000000000000000…, which is outside the 32-bit range`},

		// Bytes that do not belong in JSON text.
		{file: "invalid-utf8.json", want: []string{"caf\ufffd \ufffd\ufffd \ufffd \ufffd\ufffd\ufffd ok"}}, // encoding/json turns each bad byte into U+FFFD
		{file: "invalid-utf8-outside-strings.json", err: bad + `invalid-utf8-outside-strings.json:1: invalid JSON: invalid character 'ÿ' looking for beginning of value`},
		{file: "nul-raw.json", err: bad + `nul-raw.json:1: invalid JSON: invalid character '\x00' in string literal`},
		{file: "nul-raw.json", skip: true, err: bad + `nul-raw.json:1: invalid JSON: invalid character '\x00' in string literal`, broken: true},
		{file: "nul-escaped.json", want: []string{"a\x00b\x00"}, check: lines("ab")},
		{file: "nul-outside-strings.json", err: bad + `nul-outside-strings.json:1: unexpected data after the JSON array: "\x00\n"`},
		{file: "escape-raw.json", err: bad + `escape-raw.json:1: invalid JSON: invalid character '\x1b' in string literal`},
		{file: "bom.json", want: []string{"Customer created"}},
		{file: "bom-ndjson.ndjson", want: []string{"Customer created", "Customer created"}},
		{file: "crlf.ndjson", want: []string{"Customer created", "line one\r\nline two", "Customer created"},
			check: lines("Customer created", "line one line two", "Customer created")},
		{file: "empty.json", notes: []string{bad + "empty.json: empty, no events"}},
		{file: "whitespace.json", notes: []string{bad + "whitespace.json: empty, no events"}},
		{file: "trailing-garbage.json", err: bad + `trailing-garbage.json:2: unexpected data after the JSON array: "]\n"`},
		{file: "trailing-garbage.json", skip: true, err: bad + `trailing-garbage.json:2: unexpected data after the JSON array: "]\n"`, broken: true},

		// Duplicate keys: the last one wins, as in encoding/json; every link is kept.
		{file: "duplicate-keys.json", want: []string{"second"}, check: func(t *testing.T, events []model.Event) {
			e := events[0]
			if e.Type != 2 || e.CreatedRaw != "2024-03-20T09:13:37Z" || e.Source != "cst_second" {
				t.Errorf("type %d, createdAt %q, source %q; want the last of each: 2, 2024-03-20T09:13:37Z, cst_second", e.Type, e.CreatedRaw, e.Source)
			}
			if len(e.Links) != 2 || e.URL() != "https://first.example/" || e.Links[1].Href != "https://second.example/" {
				t.Errorf("links %+v, want both url entries in input order", e.Links)
			}
		}},

		// Hostile text: loaded as it is, shown clean.
		{file: "escape-sequences.json", want: []string{
			"before\x1b[2J\x1b[Hafter",
			"clip\x1b]52;c;cm0gLXJmIH4=\x07board",
			"\x1b]8;;https://evil.example\x1b\\click me\x1b]8;;\x1b\\",
			"title\x1b]0;pwned\x07 set",
			"alt\x1b[?1049h screen\x1bc reset",
			"eight-bit \u009b2J csi and \u009d0;t\u009c osc",
			"\x1b[31mred\x1b[0m\tand\x07bell\x08\x7f",
			"dcs\x1bP1$r\x1b\\ apc\x1b_Gf=100\x1b\\ end",
		}, check: lines("beforeafter", "clipboard", "click me", "title set", "alt screen reset", "eight-bit  csi and  osc", "red andbell", "dcs apc end")},
		{file: "bidi.json", want: []string{
			"invoice_\u202egpj.exe",
			"access level: \u2067user\u2069 \u2066admin\u2069",
			"marks\u200e\u200f\u061c and \u202a\u202b\u202c\u202d",
		}, check: lines("invoice_gpj.exe", "access level: user admin", "marks and ")},
		{file: "unsafe-hrefs.json", want: []string{"links"}, check: func(t *testing.T, events []model.Event) {
			want := map[string]string{ // link name → why it is not opened
				"url":      "javascript: links are not opened, only http and https",
				"upper":    "javascript: links are not opened, only http and https",
				"file":     "file: links are not opened, only http and https",
				"data":     "data: links are not opened, only http and https",
				"vbscript": "vbscript: links are not opened, only http and https",
				"relative": "not an absolute URL (no http:// or https://)",
				"nohost":   "the URL has no host",
				"bidi":     "the URL holds invisible control or bidi characters",
				"escape":   "not a valid URL",
				"good":     "",
			}
			links := events[0].Links
			if len(links) != len(want) || links[0].Href != "javascript:alert(document.cookie)" {
				t.Fatalf("links %+v, want %d with url first", links, len(want))
			}
			for _, l := range links {
				got := ""
				if err := cells.CheckURL(l.Href); err != nil {
					got = err.Error()
				}
				if got != want[l.Name] {
					t.Errorf("CheckURL(%q) = %q, want %q", l.Href, got, want[l.Name])
				}
			}
		}},

		// Not events at all.
		{file: "html.json", err: bad + `html.json:1: not JSON events: want an array or an object, got "<!DOCTYPE html>\n<html><head><title>502 B"…`},
		{file: "error-body.json", err: bad + `error-body.json:1: not JSON events: want an array of events, a customer with "events", a list with "_embedded", or NDJSON`},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.file] = true
		name := tt.file
		if tt.skip {
			name += " skip-invalid"
		}
		t.Run(name, func(t *testing.T) {
			batches, err := load(t, File{Paths: []string{bad + tt.file}, SkipInvalid: tt.skip})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error:\n got %v\nwant %s", err, tt.err)
				}
				if de := (*model.DecodeError)(nil); tt.skip && errors.As(err, &de) && de.Broken != tt.broken {
					t.Errorf("Broken %v, want %v", de.Broken, tt.broken)
				}
				if msg := err.Error(); cells.SanitizeLine(msg) != msg {
					t.Errorf("error %q holds controls", msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			var events []model.Event
			var messages, notes []string
			for _, b := range batches {
				events = append(events, eventsOf(b)...)
				notes = append(notes, b.Notes...)
			}
			for _, e := range events {
				messages = append(messages, e.Message)
				if why := unclean(string(e.Line)); why != "" {
					t.Errorf("Line %q of %q: %s", e.Line, e.Message, why)
				}
				if string(e.Line) != cells.SanitizeLine(e.Message) {
					t.Errorf("Line %q is not the sanitized message %q", e.Line, e.Message)
				}
			}
			if !slices.Equal(messages, tt.want) {
				t.Errorf("messages:\n got %q\nwant %q", messages, tt.want)
			}
			if !slices.Equal(notes, tt.notes) {
				t.Errorf("notes:\n got %q\nwant %q", notes, tt.notes)
			}
			if tt.check != nil && len(events) > 0 {
				tt.check(t, events)
			}
		})
	}
	// Every file of the corpus has its expected outcome above.
	files, _ := filepath.Glob(bad + "*")
	for _, f := range files {
		if !covered[filepath.Base(f)] {
			t.Errorf("%s has no expected outcome in TestBadInputCorpus", f)
		}
	}
}

// lines returns a check that the events' Lines are want.
func lines(want ...string) func(*testing.T, []model.Event) {
	return func(t *testing.T, events []model.Event) {
		var got []string
		for _, e := range events {
			got = append(got, string(e.Line))
		}
		if !slices.Equal(got, want) {
			t.Errorf("lines:\n got %q\nwant %q", got, want)
		}
	}
}

// unclean says what in s could reach a terminal as more than text: ESC and
// other C0 and C1 controls, DEL, bidi controls, invalid UTF-8; "" if none.
func unclean(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
			return fmt.Sprintf("control %U", r)
		case r >= 0x80 && r <= 0x9f:
			return fmt.Sprintf("C1 control %U", r)
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c:
			return fmt.Sprintf("bidi control %U", r)
		}
	}
	return ""
}

// A 5 MB message, escapes and all, loads whole; only its Line is cleaned.
// It is made here rather than committed.
func TestFileLoadHugeMessage(t *testing.T) {
	chunk := `Payment \u001b[2Jfailed\u202e \u00e9 ` // 8 + 10 + 6 + 6 + 1 + 6 + 1 bytes of JSON
	var msg bytes.Buffer
	for msg.Len() < 5<<20 {
		msg.WriteString(chunk)
	}
	input := `[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"` + msg.String() + `"}]`
	path := filepath.Join(t.TempDir(), "huge.json")
	if err := os.WriteFile(path, []byte(input), 0o644); err != nil {
		t.Fatal(err)
	}
	var events []model.Event
	err := File{Paths: []string{path}}.Load(context.Background(), func(b Batch) { events = append(events, eventsOf(b)...) })
	if err != nil || len(events) != 1 {
		t.Fatalf("Load: %d events, %v", len(events), err)
	}
	e := events[0]
	n := msg.Len() / len(chunk)
	if want := strings.Repeat("Payment \x1b[2Jfailed\u202e é ", n); e.Message != want {
		t.Errorf("Message is %d bytes, want the %d bytes of the input, escapes kept", len(e.Message), len(want))
	}
	if want := strings.Repeat("Payment failed é ", n); string(e.Line) != want {
		t.Errorf("Line is %d bytes, want %d: the message without escapes and bidi controls", len(e.Line), len(want))
	}
}
