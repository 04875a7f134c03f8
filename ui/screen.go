package ui

import (
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// fitScreen joins the parts of the screen with newlines, pads every line
// with spaces to the widest and cuts the ones wider than width, measuring
// each line once and copying the screen once.
func fitScreen(width int, parts ...string) string {
	if width <= 0 {
		width = math.MaxInt
	}
	var buf [64]int
	widths := buf[:0]
	widest, size := 0, 0
	for _, p := range parts {
		for line := range strings.SplitSeq(p, "\n") {
			w := textWidth(line)
			widths = append(widths, w)
			widest = max(widest, w)
		}
		size += len(p) + 1
	}
	target := min(widest, width)
	var b strings.Builder
	b.Grow(size + len(widths)*target)
	i := 0
	for _, p := range parts {
		for line := range strings.SplitSeq(p, "\n") {
			if i > 0 {
				b.WriteByte('\n')
			}
			if w := widths[i]; w > width {
				b.WriteString(ansi.TruncateWc(line, width, ""))
			} else {
				b.WriteString(line)
				writeSpaces(&b, target-w)
			}
			i++
		}
	}
	return b.String()
}

// textWidth is ansi.StringWidthWc, the renderer's measure, quicker for
// printable ASCII.
func textWidth(s string) int {
	if cells.PrintableASCII(s) {
		return len(s)
	}
	return ansi.StringWidthWc(s)
}
