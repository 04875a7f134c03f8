package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// revealed counts the characters of secret that text shows in runs of two
// or more: what a reader could piece the key together from.
func revealed(text, secret string) int {
	known := make([]bool, len(secret))
	for i := range secret {
		for j := i + 2; j <= len(secret) && strings.Contains(text, secret[i:j]); j++ {
			for k := i; k < j; k++ {
				known[k] = true
			}
		}
	}
	n := 0
	for _, k := range known {
		if k {
			n++
		}
	}
	return n
}

// TestKeyEchoesCannotRebuildTheKey: an API whose error answers each echo
// a few characters of the key (five or fewer, too few to mask), in turn,
// over as many customers as it takes to spell it all out. What the binary
// prints keeps most of the key unknown; and every customer's failure is
// still reported, with its status.
func TestKeyEchoesCannotRebuildTheKey(t *testing.T) {
	bin := buildBinary(t)
	const key = "test_Zq8PvX3kLm9WnR2tYb6HcJ4dFs7Gh"
	_, secret, _ := strings.Cut(key, "_")
	for _, n := range []int{5, 4, 3, 2} {
		t.Run(fmt.Sprintf("echoes of %d", n), func(t *testing.T) {
			srv := molliefake.New(t, molliefake.WithKey(key))
			var ids []string
			for i := 0; i < len(secret); i += n {
				id := srv.AddCustomer(molliefake.Customer{ID: fmt.Sprintf("cst_Echo%02dx%d", i, n)})
				piece := secret[i:min(i+n, len(secret))]
				detail := fmt.Sprintf(`{"status":422,"title":"Unprocessable Entity","detail":"Request refused, reference %s (part %d of the request)","field":"ref%s"}`, piece, i, piece[:1])
				srv.Fail(id, molliefake.Fault{Status: 422, Body: detail})
				ids = append(ids, id)
			}
			out, errOut, code := sh(t, fmt.Sprintf("MOLLIE_API_KEY=%q %q --api-url %q --customer %s", key, bin, srv.URL, strings.Join(ids, ",")))
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr:\n%s", code, errOut)
			}
			for _, id := range ids {
				if !strings.Contains(errOut, id) || !strings.Contains(errOut, "HTTP 422") {
					t.Errorf("stderr does not report %s with its status:\n%s", id, errOut)
				}
			}
			if got := revealed(out+errOut, secret); 2*got >= len(secret) {
				t.Errorf("the output shows %d of the key's %d characters:\n%s", got, len(secret), errOut)
			}
		})
	}
}
