package output

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
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
