package ui

import "testing"

// TestGotoAFarDateLandsOnTheNearestEvent: @ with a date far past either
// end of the years held lands on the newest or the oldest event, not on
// one its wrapped nanoseconds point at.
func TestGotoAFarDateLandsOnTheNearestEvent(t *testing.T) {
	tests := []struct {
		at   string
		want string // the message of the event landed on
	}{
		{"2400-01-01", "Payment tr_0004 paid"},
		{"9999-12-31", "Payment tr_0004 paid"},
		{"2150-06-01", "Payment tr_0004 paid"},
		{"1000-01-01", "Payment tr_0000 paid"},
		{"1500-01-01", "Payment tr_0000 paid"},
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			hs := &harness{m: loadedModel(t, 100, 30, genEvents(5)...)}
			hs.m.List().SetCursor(2)
			hs.press("@")
			hs.typeText(tt.at)
			hs.press("enter")
			if got := hs.selected(t); got != tt.want {
				t.Errorf("@%s landed on %q, want %q (status %q)", tt.at, got, tt.want, hs.status())
			}
		})
	}
}
