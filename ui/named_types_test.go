package ui

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// namedTypesHarness loads testdata/named_types.ndjson: named types and one
// number, as a rebuilt history has them.
func namedTypesHarness(t *testing.T) *harness {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "named_types.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	dec, err := model.Decode("named_types.ndjson", data)
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, 100, 16, source.Batch{Chunks: chunks(dec.Events...)})
	hs.m.List().SetCursor(0)
	return hs
}

// The TYPE column widens for the longest name; the type panel lists names
// after numbers, with counts; the detail shows the name.
func TestNamedTypesScreens(t *testing.T) {
	for _, tt := range []struct {
		name string
		keys []string
	}{
		{"table", nil},
		{"types", []string{"t"}},
		{"detail", []string{"j", "enter"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hs := namedTypesHarness(t)
			hs.press(tt.keys...)
			golden.RequireEqual(t, []byte(hs.view()))
		})
	}
}

// Ticking a named type in the panel writes it into type: and keeps its
// events.
func TestTypePanelWritesNames(t *testing.T) {
	hs := namedTypesHarness(t)
	// Rows: 300, customer.created, payment.failed, payment.paid,
	// subscription.canceled.
	hs.press("t", "a", "j", "j", "space", "G", "space", "enter")
	if got, want := hs.m.List().Query().String(), "type:payment.failed,subscription.canceled"; got != want {
		t.Errorf("query %q, want %q", got, want)
	}
	if got := hs.m.List().Len(); got != 3 {
		t.Errorf("Len() = %d, want 3 (two payment.failed, one subscription.canceled)", got)
	}
	hs.press("t", "k", "k", "k", "k", "space", "enter")
	if got, want := hs.m.List().Query().String(), "type:300,payment.failed,subscription.canceled"; got != want {
		t.Errorf("then 300 too: query %q, want %q", got, want)
	}
}
