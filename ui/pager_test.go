package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestPagerCutsWithEllipsis: a line wider than the pager (a grapheme the
// terminal draws wider than its runes) is cut to the width with …, and
// every line is padded to it.
func TestPagerCutsWithEllipsis(t *testing.T) {
	p := pager{lines: []string{"short", strings.Repeat("x", 30), "ab👨‍👩‍👧cd"}, width: 10, height: 3}
	got := strings.Split(p.View(), "\n")
	want := []string{"short     ", "xxxxxxxxx…", ""}
	for i, line := range got {
		if w := ansi.StringWidthWc(line); w != 10 {
			t.Errorf("line %d is %d cells wide, want 10: %q", i, w, line)
		}
		if want[i] != "" && line != want[i] {
			t.Errorf("line %d = %q, want %q", i, line, want[i])
		}
	}
}
