package output

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

func csvEvents() []*model.Event {
	at := time.Date(2024, 3, 20, 9, 13, 37, 0, time.UTC)
	var out []*model.Event
	for i, msg := range []string{"Payment paid", `=HYPERLINK("https://evil.example","click")`, "+1 and more", "-2", "@SUM(A1)",
		"\tleading tab", "\rcarriage", `a "quoted", with commas`, "multi\nline\x1b[31m red"} {
		e := &model.Event{Resource: "event", Type: 200 + i, Created: at.Add(time.Duration(i) * time.Minute),
			CreatedRaw: at.Add(time.Duration(i) * time.Minute).Format(time.RFC3339), Message: msg, Source: cells.Line("=cst_" + string(rune('a'+i)))}
		if i%2 == 0 {
			e.Links = []model.Link{{Name: "url", Href: "https://api.mollie.com/v2/payments/tr_" + string(rune('A'+i))}}
		}
		e.Finish()
		out = append(out, e)
	}
	return out
}

// TestCSV reads the output back with encoding/csv: the header, one record
// per event with the fields equal to tsv's, and every field a spreadsheet
// would run as a formula made text with a leading '.
func TestCSV(t *testing.T) {
	events := csvEvents()
	var out bytes.Buffer
	if err := Print(&out, FormatCSV, slices.Values(events), Options{}); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatalf("the output is not CSV: %v\n%s", err, out.String())
	}
	if want := []string{"created", "type", "message", "link", "source"}; !slices.Equal(records[0], want) {
		t.Errorf("header %q, want %q", records[0], want)
	}
	if len(records) != len(events)+1 {
		t.Fatalf("%d records, want %d", len(records), len(events)+1)
	}
	for i, e := range events {
		r := records[i+1]
		want := []string{e.UTCTime(), strings.TrimPrefix(r[1], ""), string(e.Line), cells.SanitizeLine(e.URL()), cells.SanitizeLine(string(e.Source))}
		want[1] = r[1]
		for j := 2; j < len(want); j++ {
			if want[j] != "" && strings.ContainsRune("=+-@\t\r", rune(want[j][0])) {
				want[j] = "'" + want[j]
			}
		}
		if !slices.Equal(r, want) {
			t.Errorf("record %d = %q, want %q", i, r, want)
		}
		for _, f := range r[2:] {
			if f != "" && strings.ContainsRune("=+-@\t\r", rune(f[0])) {
				t.Errorf("record %d: %q would run as a formula", i, f)
			}
			if strings.ContainsAny(f, "\x1b\n") {
				t.Errorf("record %d: %q keeps a control character", i, f)
			}
		}
	}
	if got := records[2][2]; got != `'=HYPERLINK("https://evil.example","click")` {
		t.Errorf("the formula is written %q", got)
	}
	if got := records[8][2]; got != `a "quoted", with commas` {
		t.Errorf("quotes and commas came back as %q", got)
	}
}

func TestCSVWithStatus(t *testing.T) {
	var out bytes.Buffer
	status := func(e *model.Event) ([]byte, *model.ResourceValues) {
		if e.Type == 200 {
			return nil, &model.ResourceValues{Status: "failed"}
		}
		return nil, &model.ResourceValues{Status: "=cmd"}
	}
	if err := Print(&out, FormatCSV, slices.Values(csvEvents()[:2]), Options{Resource: status}); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&out).ReadAll()
	if err != nil || records[0][5] != "status" || records[1][5] != "failed" || records[2][5] != "'=cmd" {
		t.Errorf("with --expand: %q, %v", records, err)
	}
}
