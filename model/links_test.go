package model

import "testing"

// prefixLen cuts an href where a byte-by-byte count of its slashes does.
func FuzzPrefixLen(f *testing.F) {
	f.Add("https://api.mollie.com/v2/payments/tr_1")
	f.Add("https://www.mollie.com/dashboard/org_1/payments/tr_1")
	f.Add("////////x//")
	f.Add("a/b.c/././/")
	f.Fuzz(func(t *testing.T, href string) {
		want, slashes := 0, 0
		for i := 0; i < len(href) && slashes < prefixSlashes; i++ {
			if href[i] == '/' {
				slashes++
				want = i + 1
			}
		}
		if got := prefixLen([]byte(href)); got != want {
			t.Fatalf("prefixLen([]byte(%q)) = %d, want %d", href, got, want)
		}
	})
}
