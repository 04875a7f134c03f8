package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckFile: the file passes only when it holds every acknowledged
// event once and nothing else.
func TestCheckFile(t *testing.T) {
	line := func(id string) string { return string(eventBody(id)) + "\n" }
	for _, tt := range []struct {
		name, file string
		acked      []string
		bad        bool
		want       string
	}{
		{"exact", line("event_a") + line("event_b"), []string{"event_b", "event_a"}, false, "2 lines, 2 events acknowledged; 0 lost, 0 held twice, 0 held unacknowledged: ok"},
		{"lost", line("event_a"), []string{"event_a", "event_b"}, true, "1 lost"},
		{"twice", line("event_a") + line("event_a"), []string{"event_a"}, true, "1 held twice"},
		{"unacknowledged", line("event_a") + line("event_c"), []string{"event_a"}, true, "1 held unacknowledged"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "w.ndjson")
			os.WriteFile(path, []byte(tt.file), 0o600)
			got, bad, err := checkFile(path, tt.acked)
			if err != nil || bad != tt.bad || !strings.Contains(got, tt.want) {
				t.Errorf("checkFile = %q, %v, %v; want bad %v and %q", got, bad, err, tt.bad, tt.want)
			}
		})
	}
}
