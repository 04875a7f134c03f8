package source

import (
	"fmt"
	"strings"
	"testing"
)

// TestQuotesSuspicious: Mollie's own texts are quoted; a text made of the
// key's characters, spaced or padded, is not.
func TestQuotesSuspicious(t *testing.T) {
	m := &Mollie{Key: testKey} // secret Zq8PvX3kLm9WnR2tYb6HcJ4dFs7Gh
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Missing authentication, or failed to authenticate", false},
		{"No customer exists with token cst_tKt44u85MM.", false},
		{"You have exceeded the rate limit. Please slow down your requests.", false},
		{"Invalid 'limit' parameter. The limit must be between 1 and 250.", false},
		{"ref Zq8", true},
		{"a long and innocent looking reference: Lm9 (part 8)", true},
		{"ref Z-q-8-P", true},
		{"ref Zq 8P", true},
		{"Zq", false}, // two characters alone are under the share's floor
		{"ref Zq, vX", true},
	} {
		if got := m.suspicious(tt.text); got != tt.want {
			t.Errorf("suspicious(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestQuotesBoundedPerRun: a run quotes maxQuotes different server texts,
// repeats of one already shown at no cost, whichever Mollie of the run
// quotes them; and each is short.
func TestQuotesBoundedPerRun(t *testing.T) {
	q := NewQuotes()
	api, resources := &Mollie{Key: testKey, Quotes: q}, &Mollie{Key: testKey, Quotes: q}
	for i := range maxQuotes + 3 {
		m := api
		if i%2 == 1 {
			m = resources
		}
		e := &APIError{Status: 404, Title: "Not Found", Detail: fmt.Sprintf("No payment exists with token tr_%d.", i)}
		m.quoteAPIError(e)
		if i < maxQuotes && e.Detail != fmt.Sprintf("No payment exists with token tr_%d.", i) || i >= maxQuotes && e.Detail != unquoted {
			t.Errorf("quote %d: detail %q", i, e.Detail)
		}
	}
	e := &APIError{Status: 404, Title: "Not Found", Detail: "No payment exists with token tr_0."}
	if api.quoteAPIError(e); e.Detail != "No payment exists with token tr_0." {
		t.Errorf("a repeat was not quoted: %q", e.Detail)
	}
	long := &APIError{Status: 422, Title: strings.Repeat("t", 100), Detail: strings.Repeat("é", 300), Field: strings.Repeat("f", 100)}
	(&Mollie{Key: testKey}).quoteAPIError(long)
	if len([]rune(long.Title)) > titleLen+1 || len([]rune(long.Detail)) > detailLen+1 || len([]rune(long.Field)) > fieldLen+1 {
		t.Errorf("quotes not cut short: %q %q %q", long.Title, long.Detail, long.Field)
	}
}
