package source

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// leakedPiece is the reference check: a run of pieceLen characters of the
// secret in s, as it is or with everything but letters and digits taken
// out, or a piece of base64 that only the key's secret could make.
func leakedPiece(s, key string) string {
	_, secret, _ := strings.Cut(key, "_")
	var squeezed strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			squeezed.WriteRune(r)
		}
	}
	for i := 0; i+pieceLen <= len(secret); i++ {
		p := secret[i : i+pieceLen]
		if strings.Contains(s, p) || strings.Contains(squeezed.String(), strings.ReplaceAll(p, "_", "")) && !strings.Contains(p, "_") {
			return p
		}
	}
	prefix, _, _ := strings.Cut(key, "_")
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for pad := range 3 {
			// Only the characters whose bits all come from the secret's
			// bytes: base64 of the prefix is no secret.
			b := enc.EncodeToString([]byte(strings.Repeat("x", pad) + key))
			lo, hi := 8*(pad+len(prefix)+1), 8*(pad+len(key)) // in bits
			first, last := (lo+5)/6, hi/6
			if last-first < pieceLen {
				continue
			}
			mid := b[first:last]
			for i := 0; i+pieceLen <= len(mid); i++ {
				if strings.Contains(s, mid[i:i+pieceLen]) {
					return mid[i : i+pieceLen]
				}
			}
		}
	}
	return ""
}

// disguise hides key in a text the way an echoing server might.
func disguise(r *rand.Rand, key string) string {
	_, secret, _ := strings.Cut(key, "_")
	cut := 1 + r.IntN(len(key)-1)
	switch r.IntN(7) {
	case 0:
		return "your key " + key + " is not valid"
	case 1:
		return "key " + key[:cut] + " ... " + key[cut:]
	case 2:
		return strings.Join(strings.Split(secret, ""), " ")
	case 3:
		return strings.Join(strings.Split(secret, ""), "-")
	case 4:
		return "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("u", r.IntN(3))+key+":"))
	case 5:
		return "token=" + base64.URLEncoding.EncodeToString([]byte(strings.Repeat("v", r.IntN(3))+"Bearer "+key))
	}
	return fmt.Sprintf(`{"echo":%q}`, key[cut:])
}

// TestNoPieceOfTheKeyInTexts is the property: whatever an error body makes
// of the key, no text eventbrowser derives from it holds a piece of it.
func TestNoPieceOfTheKeyInTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for round := range 500 {
		var key strings.Builder
		key.WriteString([]string{"live_", "test_", "access_"}[r.IntN(3)])
		for range 12 + r.IntN(30) {
			key.WriteByte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[r.IntN(62)])
		}
		m := &Mollie{Key: key.String()}
		text := "prefix " + disguise(r, m.Key) + " suffix"
		got := m.scrubString(text)
		if p := leakedPiece(got, m.Key); p != "" {
			t.Fatalf("round %d: %q became %q, which holds %q", round, text, got, p)
		}
		body := []byte(text)
		if p := leakedPiece(string(m.scrub(body)), m.Key); p != "" && !strings.Contains(text, " ") {
			t.Fatalf("round %d: the body %q keeps %q", round, text, p)
		}
	}
}

// TestErrorBodiesEchoingTheKey has the API answer with the key echoed in
// each disguise: the load's every text is free of it, and errors.As still
// finds the *APIError.
func TestErrorBodiesEchoingTheKey(t *testing.T) {
	srv := newServer(t)
	id := addCustomer(srv, "cst_EchoKey001", 1)
	r := rand.New(rand.NewPCG(1, 1))
	for i := range 14 {
		detail := disguise(r, srv.Key)
		body := fmt.Sprintf(`{"status":422,"title":"Unprocessable %s","detail":%q}`, detail[:min(len(detail), 10)], detail)
		srv.Fail(id, molliefake.Fault{Status: 422, Body: body})
		res := runLoad(t, context.Background(), newMollie(srv, id))
		texts := res.texts()
		for _, s := range texts {
			if p := leakedPiece(s, srv.Key); p != "" {
				t.Errorf("case %d (%q): %q holds %q", i, detail, s, p)
			}
		}
		var ae *APIError
		if err := res.failure(id); err == nil || !errors.As(err, &ae) || ae.Status != 422 {
			t.Errorf("case %d: the failure %v is not an *APIError of 422", i, err)
		}
	}
}
