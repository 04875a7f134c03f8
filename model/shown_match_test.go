package model

import (
	"testing"
)

// TestTextTermsMatchTheTextAsShown: words and regexps match a message as
// the screen shows it: a joined emoji as its members, without soft
// hyphens, variation selectors, skin tones or other invisible format
// characters; typed either way, the term finds it.
func TestTextTermsMatchTheTextAsShown(t *testing.T) {
	tests := []struct {
		name, msg, query string
		want             bool
	}{
		{"family typed as shown", "family 👨\u200d👩\u200d👧 joined", `"family 👨👩👧"`, true},
		{"family typed with its joiners", "family 👨\u200d👩\u200d👧 joined", "\"family 👨\u200d👩\u200d👧\"", true},
		{"family as a regexp", "family 👨\u200d👩\u200d👧 joined", `/family 👨👩👧 j/`, true},
		{"soft hyphen typed as shown", "Zah\u00adlung fehlgeschlagen", "zahlung", true},
		{"soft hyphen typed with it", "Zahlung fehlgeschlagen", "zah\u00adlung", true},
		{"soft hyphen in a regexp", "Zah\u00adlung fehlgeschlagen", `/^Zahlung/`, true},
		{"variation selector", "☺\ufe0f smile", `"☺ smile"`, true},
		{"skin tone", "ok 👍🏽 done", `"👍 done"`, true},
		{"zero width space", "zero\u200bwidth", "zerowidth", true},
		{"what is shown still differs", "family 👨\u200d👩\u200d👧", `"family 👩"`, false},
		{"negated", "Zah\u00adlung", "!zahlung", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewList()
			l.Append(event(t, 300, "2024-01-01T10:00:00Z", tt.msg, "f.json"))
			l.SetQuery(mustQuery(t, tt.query))
			if got := l.Len() == 1; got != tt.want {
				t.Errorf("%s over %q: shown = %v, want %v", tt.query, tt.msg, got, tt.want)
			}
		})
	}
}
