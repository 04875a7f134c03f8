package output

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// controlText holds every bidi control, U+2028 and U+2029, then every C1
// control (some start a string the screen drops to its end), between
// letters.
func controlText() string {
	var b strings.Builder
	for _, r := range []rune{0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c, 0x2028, 0x2029} {
		b.WriteRune(r)
		b.WriteByte('y')
	}
	for r := rune(0x80); r <= 0x9f; r++ {
		b.WriteRune(r)
		b.WriteByte('x')
	}
	return b.String()
}

// rawControl is the first C1, bidi control or line separator in s, or -1.
func rawControl(s string) rune {
	for _, r := range s {
		if r >= 0x80 && r <= 0x9f || cells.IsBidi(r) || r == 0x2028 || r == 0x2029 {
			return r
		}
	}
	return -1
}

func controlEvent() *model.Event {
	text := controlText()
	e := &model.Event{Resource: "event", Type: 200, CreatedRaw: "2024-03-20T09:13:37Z", Message: "m " + text,
		Created: time.Date(2024, 3, 20, 9, 13, 37, 0, time.UTC),
		Links:   []model.Link{{Name: "url", Href: "https://example.org/" + text, Type: "text/html"}}, Source: cells.SafeLine("s" + text)}
	e.Line = cells.SafeLine(e.Message)
	return e
}

// TestJSONEscapesC1AndBidiControls: json and ndjson write C1 controls, bidi
// controls and U+2028/U+2029 as \u escapes, in the message, links, source
// and an embedded resource, so a terminal showing the output obeys none;
// the decoded values are the event's, unchanged.
func TestJSONEscapesC1AndBidiControls(t *testing.T) {
	e := controlEvent()
	resource := []byte(`{"resource":"payment","description":"` + controlText() + `"}`)
	for _, f := range []Format{FormatJSON, FormatNDJSON} {
		for _, withResource := range []bool{false, true} {
			o := Options{WithSource: true}
			if withResource {
				o.Resource = func(*model.Event) ([]byte, *model.ResourceValues) {
					return resource, &model.ResourceValues{Status: "paid"}
				}
			}
			var out bytes.Buffer
			if err := Print(&out, f, slices.Values([]*model.Event{e}), o); err != nil {
				t.Fatal(err)
			}
			if r := rawControl(out.String()); r >= 0 {
				t.Errorf("%v (resource %v) writes U+%04X raw: %q", f, withResource, r, out.String())
			}
			line := strings.Trim(strings.TrimSpace(out.String()), "[]\n")
			var back struct {
				Message  string                           `json:"message"`
				Source   string                           `json:"source"`
				Links    map[string]struct{ Href string } `json:"_links"`
				Embedded struct {
					Resource struct{ Description string }
				} `json:"_embedded"`
			}
			if err := json.Unmarshal([]byte(line), &back); err != nil {
				t.Fatalf("%v: %v in %s", f, err, line)
			}
			if back.Message != e.Message || back.Source != string(e.Source) || back.Links["url"].Href != e.Links[0].Href {
				t.Errorf("%v: the values changed: %+v", f, back)
			}
			if withResource && back.Embedded.Resource.Description != controlText() {
				t.Errorf("%v: the resource's text changed: %q", f, back.Embedded.Resource.Description)
			}
		}
	}
}

// TestTSVAndCSVReplaceControlsAsTheScreenDoes: tsv, csv and table write
// the text as the screen shows it (cells.SanitizeLine): C1 and bidi
// controls gone, U+2028 and U+2029 a space.
func TestTSVAndCSVReplaceControlsAsTheScreenDoes(t *testing.T) {
	e := controlEvent()
	for _, f := range []Format{FormatTSV, FormatCSV, FormatTable} {
		var out bytes.Buffer
		if err := Print(&out, f, slices.Values([]*model.Event{e}), Options{Width: 2000}); err != nil {
			t.Fatal(err)
		}
		if r := rawControl(out.String()); r >= 0 {
			t.Errorf("%v writes U+%04X raw: %q", f, r, out.String())
		}
		if want := cells.SanitizeLine(e.Message); !strings.Contains(out.String(), want) || !strings.Contains(want, "y y yx") {
			t.Errorf("%v: %q does not hold the message as shown, %q", f, out.String(), want)
		}
	}
}

// FuzzFirstEscaped: firstEscaped finds what decoding every character
// would, in any bytes, valid UTF-8 or not.
func FuzzFirstEscaped(f *testing.F) {
	for _, s := range []string{"", "plain", "Jürgen\u0085", "a\u202eb", "\u061c", "x\u2028", "\xe2\xc2\x85", "\xe2\x80", "é\u2066", "\u00a0\u2000"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := firstEscaped(b), bytes.IndexFunc(b, escapedRune); got != want {
			t.Fatalf("firstEscaped(%q) = %d, want %d", b, got, want)
		}
	})
}
