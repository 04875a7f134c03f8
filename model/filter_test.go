package model

import (
	"strings"
	"testing"
)

// containsFoldIn lowers what is not ASCII as strings.ToLower does, into
// the buffer it is given, which it leaves as it may.
func TestContainsFoldInLowersAsToLower(t *testing.T) {
	var buf []byte
	for _, s := range []string{
		"Payment paid · ideal · €94.09", "KELVIN \u212a", "İstanbul", "Straße", "\xff\xfeinvalid", "ǅ digraph", "ΣΊΣΥΦΟΣ", "",
	} {
		for _, sub := range []string{"k", "i̇", "i", "ß", "\ufffd", "ǆ", "σίσυφος", "paid · ideal", "€94", "x"} {
			want := strings.Contains(strings.ToLower(s), sub)
			if got := containsFoldIn(s, sub, &buf); got != want {
				t.Errorf("containsFoldIn(%q, %q) = %v, want %v", s, sub, got, want)
			}
		}
	}
}
