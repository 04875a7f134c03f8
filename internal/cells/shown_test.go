package cells

import "testing"

// TestShown: what terminals draw at different widths is dropped; what
// they draw alike stays.
func TestShown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Payment paid", "Payment paid"},
		{"skin 👍🏽 end", "skin 👍 end"},
		{"a\u00adb", "ab"},
		{"👨\u200d👩\u200d👧 family", "👨👩👧 family"},
		{"☺\ufe0f smile", "☺ smile"},
		{"zero\u200bwidth\u2060joiner\ufeff", "zerowidthjoiner"},
		{"flag 🏴\U000E0067\U000E0062\U000E007F", "flag 🏴"},
		{"e\u0301 漢字 🇳🇱 €", "e\u0301 漢字 🇳🇱 €"}, // combining marks, wide, flags: drawn alike
	}
	for _, tt := range tests {
		if got := Shown(tt.in); got != tt.want {
			t.Errorf("Shown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
