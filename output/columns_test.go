package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/eventbrowser/eventbrowser/model"
)

// spreadsheet are the columns a spreadsheet user asks for.
var spreadsheet = []model.Column{model.ColumnID, model.ColumnAmount, model.ColumnMethod, model.ColumnFailure}

// failedPayments are three events, two with their payments known (one's
// failure holding a comma, quotes and a newline), one without.
func failedPayments() ([]*model.Event, func(*model.Event) ([]byte, *model.ResourceValues)) {
	at := time.Date(2024, 3, 20, 9, 13, 37, 0, time.UTC)
	var events []*model.Event
	for i, id := range []string{"tr_A1", "tr_B2", "tr_C3"} {
		e := &model.Event{Type: 222, Created: at.Add(time.Duration(i) * time.Hour), Message: "Payment failed",
			Source: "cst_a", Links: []model.Link{{Name: "url", Href: "https://api.mollie.com/v2/payments/" + id}}}
		e.Finish()
		events = append(events, e)
	}
	known := map[string]*model.ResourceValues{
		"tr_A1": {ID: "tr_A1", Amount: "EUR 10.00", Method: "creditcard", Failure: "insufficient_funds", Status: "failed"},
		"tr_B2": {ID: "tr_B2", Amount: "EUR 1,234.50", Method: "directdebit", Failure: "Account \"closed\",\nsee bank", Status: "failed"},
	}
	return events, func(e *model.Event) ([]byte, *model.ResourceValues) {
		return nil, known[model.ObjectID(e)]
	}
}

// TestColumnsCSVRoundTrip: --columns id,amount,method,failure -o csv reads
// back through encoding/csv with the chosen header, a row per event, the
// values as they were; an unknown resource leaves its columns empty.
func TestColumnsCSVRoundTrip(t *testing.T) {
	events, res := failedPayments()
	var out bytes.Buffer
	if err := Print(&out, FormatCSV, slices.Values(events), Options{Columns: spreadsheet, Resource: res}); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, out.String())
	}
	want := [][]string{
		{"id", "amount", "method", "failure"},
		{"tr_A1", "EUR 10.00", "creditcard", "insufficient_funds"},
		{"tr_B2", "EUR 1,234.50", "directdebit", `Account "closed", see bank`},
		{"tr_C3", "", "", ""},
	}
	if !reflect.DeepEqual(records, want) {
		t.Errorf("records:\n got %q\nwant %q", records, want)
	}
}

// TestColumnsJSON: json and ndjson write an object per event keyed by the
// chosen columns, in their order, with the values exactly as they came.
func TestColumnsJSON(t *testing.T) {
	events, res := failedPayments()
	cols := []model.Column{model.ColumnFailure, model.ColumnID, model.ColumnMessage}
	for _, f := range []Format{FormatJSON, FormatNDJSON} {
		var out bytes.Buffer
		if err := Print(&out, f, slices.Values(events), Options{Columns: cols, Resource: res}); err != nil {
			t.Fatal(err)
		}
		text := out.String()
		if f == FormatNDJSON {
			text = "[" + strings.ReplaceAll(strings.TrimSpace(text), "\n", ",") + "]"
		}
		var got []map[string]string
		if err := json.Unmarshal([]byte(text), &got); err != nil {
			t.Fatalf("%v: %v\n%s", f, err, out.String())
		}
		if len(got) != 3 || got[1]["failure"] != "Account \"closed\",\nsee bank" || got[1]["id"] != "tr_B2" ||
			got[2]["message"] != "Payment failed" || len(got[0]) != 3 {
			t.Errorf("%v: %q", f, got)
		}
		if !strings.HasPrefix(strings.TrimLeft(out.String(), "[\n"), `{"failure":"insufficient_funds","id":"tr_A1","message":`) {
			t.Errorf("%v: not in the columns' order: %s", f, out.String())
		}
	}
}

// TestColumnsTSVAndTable: tsv writes the chosen columns, sanitized, and
// the table the same under their names.
func TestColumnsTSVAndTable(t *testing.T) {
	events, res := failedPayments()
	o := Options{Columns: spreadsheet, Resource: res, Width: 80}
	var out bytes.Buffer
	if err := Print(&out, FormatTSV, slices.Values(events), o); err != nil {
		t.Fatal(err)
	}
	if want := "tr_A1\tEUR 10.00\tcreditcard\tinsufficient_funds\ntr_B2\tEUR 1,234.50\tdirectdebit\tAccount \"closed\", see bank\ntr_C3\t\t\t\n"; out.String() != want {
		t.Errorf("tsv:\n%q\nwant\n%q", out.String(), want)
	}
	out.Reset()
	if err := Print(&out, FormatTable, slices.Values(events), o); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	if f := strings.Fields(lines[0]); !reflect.DeepEqual(f, []string{"ID", "AMOUNT", "METHOD", "FAILURE"}) {
		t.Errorf("table header %q", lines[0])
	}
	if !strings.Contains(lines[2], "tr_B2  EUR 1,234.50  directdebit  Account \"closed\", see bank") {
		t.Errorf("table row %q", lines[2])
	}
}

// TestChosenColumnsFitAnyWidthFrom20: every column chosen, no line of the
// table is wider than the width, and the message keeps a column.
func TestChosenColumnsFitAnyWidthFrom20(t *testing.T) {
	events, res := failedPayments()
	var all []model.Column
	for _, name := range model.ColumnNames() {
		c, _ := model.ParseColumn(name)
		all = append(all, c)
	}
	for _, cols := range [][]model.Column{all, spreadsheet} {
		for width := 20; width <= 200; width++ {
			var out strings.Builder
			if err := Print(&out, FormatTable, slices.Values(events), Options{Columns: cols, Resource: res, Width: width}); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != 1+len(events) {
				t.Fatalf("width %d: %d lines", width, len(lines))
			}
			if len(cols) == len(all) && !strings.Contains(lines[0], "MESS") {
				t.Fatalf("width %d: the message lost its column:\n%s", width, out.String())
			}
			for _, l := range lines {
				if w := runewidth.StringWidth(l); w > width {
					t.Fatalf("width %d: a line of %d cells: %q", width, w, l)
				}
			}
		}
	}
}
