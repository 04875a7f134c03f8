package source

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/keytest"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

var (
	leakedPiece = keytest.LeakedPiece
	disguise    = keytest.Disguise
)

func TestPieceLen(t *testing.T) {
	if pieceLen != keytest.PieceLen {
		t.Errorf("pieceLen %d, keytest.PieceLen %d: the reference check must count the same pieces", pieceLen, keytest.PieceLen)
	}
}

// TestNoPieceOfTheKeyInTexts is the property: whatever an error body makes
// of the key, no text eventbrowser derives from it holds a piece of it.
func TestNoPieceOfTheKeyInTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for round := range 500 {
		m := &Mollie{Key: keytest.Random(r)}
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
