package cells

import "strings"

// bars are the eighths of a block, from one to eight.
var bars = [...]string{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"}

// Bars draws counts as two rows of blocks, sixteen levels in all, the
// top one for highest; a bucket with events gets at least the second eighth,
// so that it never looks like an empty one, whose baseline is the lowest
// eighth.
func Bars(counts []int, highest int) (top, bottom string) {
	var t, b strings.Builder
	for _, c := range counts {
		level := 0 // of 16
		if c > 0 {
			level = max(2, (c*16+highest-1)/highest)
		}
		switch {
		case level == 0:
			t.WriteByte(' ')
			b.WriteString(bars[0])
		case level <= 8:
			t.WriteByte(' ')
			b.WriteString(bars[level-1])
		default:
			t.WriteString(bars[level-9])
			b.WriteString(bars[7])
		}
	}
	return t.String(), b.String()
}
