package ui

import "testing"

func TestCanHyperlink(t *testing.T) {
	tests := []struct {
		href string
		want bool
	}{
		{"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS", true},
		{"http://localhost:8080/x?a=1&b=2#frag", true},
		{"javascript:alert(document.cookie)", false},
		{"file:///etc/passwd", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"https:///no-host", false},
		{"", false},
		{"https://example.com/a b", false},
		{"https://example.com/\x1b\\x", false},
		{"https://example.com/\x1b]8;;https://evil.example\x1b\\", false},
		{"https://example.com/\x07", false},
		{"https://example.com/\u202e", false},
		{"https://exämple.com/", false},
		{"https://example.com/\x7f", false},
	}
	for _, tt := range tests {
		if got := canHyperlink(tt.href); got != tt.want {
			t.Errorf("canHyperlink(%q) = %v, want %v", tt.href, got, tt.want)
		}
	}
}
