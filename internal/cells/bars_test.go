package cells

import "testing"

func TestBars(t *testing.T) {
	tests := []struct {
		name        string
		counts      []int
		max         int
		top, bottom string
	}{
		{"levels", []int{3, 0, 0, 2, 0}, 3, "█  ▃ ", "█▁▁█▁"},
		{"no events: the baseline", []int{0, 0, 0}, 0, "   ", "▁▁▁"},
		{"one event is never the baseline", []int{1, 1000}, 1000, " █", "▂█"},
	}
	for _, tt := range tests {
		top, bottom := Bars(tt.counts, tt.max)
		if top != tt.top || bottom != tt.bottom {
			t.Errorf("%s: Bars(%v, %d) = %q / %q, want %q / %q", tt.name, tt.counts, tt.max, top, bottom, tt.top, tt.bottom)
		}
	}
}
