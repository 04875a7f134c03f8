package ui

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// loadedStatus matches the status line once loading is over: while loading,
// "10 events" follows "loading… ", after it the line starts with it.
var loadedStatus = regexp.MustCompile(`[^ ]10 events · sort`)

// TestGolden renders the fixture at 100×30 and compares the final screen
// with testdata/TestGolden/*.golden; go test ./ui -update rewrites them.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		keys []string // a name from keyTypes is sent as that key, anything else typed
	}{
		{"table", nil},
		{"time_relative", []string{"TT"}},
		{"sorted_by_type", []string{"s"}},
		{"filter_typing", []string{"/!paid"}},
		{"filtered", []string{"/payment", "enter", "tajjj", "space", "enter"}},
		{"no_match", []string{"/refund", "enter", "ta", "space", "enter"}},
		{"types", []string{"/payment", "enter", "tjj", "space"}},
		{"detail", []string{"jjj", "enter"}},
		{"detail_unsafe_link", []string{"jj", "enter"}},
		{"detail_raw_json", []string{"enter", "J"}},
		{"help", []string{"?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, &opener{}, &bytes.Buffer{})
			tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
			teatest.WaitFor(t, tm.Output(), loadedStatus.Match,
				teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
			for _, k := range tt.keys {
				if _, named := keyTypes[k]; named {
					tm.Send(keyMsg(k))
				} else {
					tm.Type(k)
				}
			}
			tm.Send(keyMsg("ctrl+c")) // q would be text in the filter
			final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
			if final.Err() != nil {
				t.Fatalf("Err() = %v", final.Err())
			}
			golden.RequireEqual(t, []byte(final.View()))
		})
	}
}
