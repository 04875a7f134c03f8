package output

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

// A long message is written through, not copied into the line first: the
// output is the same as AppendJSON's, streamed or not.
func TestPrintLongMessage(t *testing.T) {
	e := model.Event{Resource: "event", Type: 1, CreatedRaw: "2024-03-20T09:13:37Z", Message: "a\n\"" + strings.Repeat("x", 3*longRun), Source: "s"}
	e.Created, _ = time.Parse(time.RFC3339, e.CreatedRaw)
	want := string(AppendJSON(nil, &e, true)) + "\n"
	for _, f := range []Format{FormatNDJSON, FormatJSON} {
		var printed, streamed bytes.Buffer
		Print(&printed, f, func(yield func(*model.Event) bool) { yield(&e); yield(&e) }, Options{WithSource: true})
		p := NewPrinter(&streamed, f, Options{WithSource: true})
		p.Write(&e)
		p.Write(&e)
		p.Close()
		if printed.String() != streamed.String() {
			t.Fatalf("%v: Print and Printer differ", f)
		}
		if f == FormatNDJSON && printed.String() != want+want {
			t.Fatalf("ndjson differs from AppendJSON's")
		}
		if f == FormatJSON && printed.String() != "[\n"+strings.TrimSuffix(want, "\n")+",\n"+strings.TrimSuffix(want, "\n")+"\n]\n" {
			t.Fatalf("json differs from AppendJSON's")
		}
	}
}

// TestPrinterMatchesPrint: every format a print can stream in writes the
// same bytes through Printer, event by event, as Print writes for the
// whole list: with no events, one, and all.
func TestPrinterMatchesPrint(t *testing.T) {
	all := slices.Collect(printFixture(t).All())
	for f := range formatNames {
		f := Format(f)
		if f == FormatTable {
			continue // fitted to every row: not streamed
		}
		for _, events := range [][]*model.Event{nil, all[:1], all} {
			for _, src := range []bool{false, true} {
				o := Options{WithSource: src}
				var printed, streamed bytes.Buffer
				if err := Print(&printed, f, slices.Values(events), o); err != nil {
					t.Fatal(err)
				}
				p := NewPrinter(&streamed, f, o)
				for _, e := range events {
					if err := p.Write(e); err != nil {
						t.Fatal(err)
					}
				}
				if err := p.Close(); err != nil {
					t.Fatal(err)
				}
				if printed.String() != streamed.String() {
					t.Errorf("%v, %d events, source %v: Printer wrote\n%q\nPrint\n%q", f, len(events), src, streamed.String(), printed.String())
				}
			}
		}
	}
}

// TestPrinterWritesRaw: a chunk that knows the JSON its events were read
// from (a receiver's stored lines) prints it as it is in json and ndjson,
// entity and all, its C1 and bidi controls escaped, on one line, with the
// source added when asked, and only for the events the query passes; the
// other formats, and json with a resource embedded, write the event's
// fields as for any event.
func TestPrinterWritesRaw(t *testing.T) {
	raw := [][]byte{
		[]byte(`{"id":"event_1","type":"payment.paid","entityId":"tr_1","createdAt":"2024-03-20T09:13:37Z","_embedded":{"entity":{"id":"tr_1","description":"a` + "\u202e\u0085" + `"}}}`),
		[]byte("{\"id\":\"event_2\",\n \"type\":\"payment.failed\",\"createdAt\":\"2024-03-20T09:13:38Z\"}"),
		[]byte(`{"id":"event_3","type":"payment.expired","createdAt":"2024-03-20T09:13:39Z","_embedded":{"entity":{"description":"a` + "\x9b" + `31m"}}}`),
	}
	c, _, err := model.DecodeChunk("hooks.ndjson", bytes.Join([][]byte{raw[0], bytes.ReplaceAll(raw[1], []byte("\n"), nil), raw[2]}, []byte("\n")), model.DecodeOptions{})
	if err != nil || c == nil || c.Len() != 3 {
		t.Fatalf("%v, %v", c, err)
	}
	c.SetRaw(raw)
	first := `{"id":"event_1","type":"payment.paid","entityId":"tr_1","createdAt":"2024-03-20T09:13:37Z","_embedded":{"entity":{"id":"tr_1","description":"a\u202e\u0085"}}}`
	second := `{"id":"event_2","type":"payment.failed","createdAt":"2024-03-20T09:13:38Z"}`
	e0, e2 := c.Event(0), c.Event(2)
	tests := []struct {
		name string
		f    Format
		o    Options
		q    string
		want string
	}{
		{"ndjson", FormatNDJSON, Options{}, "type:payment.paid,payment.failed", first + "\n" + second + "\n"},
		{"json", FormatJSON, Options{}, "type:payment.paid,payment.failed", "[\n" + first + ",\n" + second + "\n]\n"},
		{"not UTF-8", FormatNDJSON, Options{}, "type:payment.expired", string(AppendJSON(nil, &e2, false)) + "\n"},
		{"filtered", FormatNDJSON, Options{}, "type:payment.failed", second + "\n"},
		{"with source", FormatNDJSON, Options{WithSource: true}, "type:payment.failed",
			strings.TrimSuffix(second, "}") + `,"source":"hooks.ndjson"}` + "\n"},
		{"tsv", FormatTSV, Options{}, "type:payment.paid", string(appendTSV(nil, &e0))},
		{"resource embedded", FormatNDJSON, Options{Resource: func(*model.Event) ([]byte, *model.ResourceValues) { return nil, nil }},
			"type:payment.paid", string(AppendJSON(nil, &e0, false)) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := query.Parse(tt.q, time.Now(), time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			p := NewPrinter(&out, tt.f, tt.o)
			if err := p.WriteChunk(c, q); err != nil {
				t.Fatal(err)
			}
			p.Close()
			if out.String() != tt.want {
				t.Errorf("printed\n%s\nwant\n%s", out.String(), tt.want)
			}
		})
	}
}
