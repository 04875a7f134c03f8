package cells

import "testing"

// TestLineSeparatorsEndALine: U+2028 and U+2029 are line breaks to editors
// and JavaScript, so one line of text holds a space for each, wrapped text
// a newline, and Reveal shows them as escapes (issue 24).
func TestLineSeparatorsEndALine(t *testing.T) {
	in := "a\u2028b\u2029c"
	if got := SanitizeLine(in); got != "a b c" {
		t.Errorf("SanitizeLine(%q) = %q, want %q", in, got, "a b c")
	}
	if got := SanitizeText(in); got != "a\nb\nc" {
		t.Errorf("SanitizeText(%q) = %q, want %q", in, got, "a\nb\nc")
	}
	if got := Reveal(in); got != `a\u2028b\u2029c` {
		t.Errorf("Reveal(%q) = %q", in, got)
	}
}
