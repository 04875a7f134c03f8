package cli

import (
	"runtime/debug"
	"testing"
)

// TestCollectOften: browsing sets GOGC to browseGCPercent, unless the
// environment sets GOGC, which the runtime has applied already.
func TestCollectOften(t *testing.T) {
	for _, tt := range []struct {
		gogc string
		want int
	}{{"", browseGCPercent}, {"200", 100}, {"off", 100}} {
		old := debug.SetGCPercent(100)
		collectOften(Env{getenv: func(k string) string {
			if k == "GOGC" {
				return tt.gogc
			}
			return ""
		}})
		if got := debug.SetGCPercent(old); got != tt.want {
			t.Errorf("GOGC=%q: percent %d, want %d", tt.gogc, got, tt.want)
		}
	}
}
