package source

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// randomKey is a key with a random prefix and secret; some secrets have a
// long run of digits, which a "type" or an amount may repeat.
func randomKey(r *rand.Rand) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b strings.Builder
	b.WriteString([]string{"live_", "test_", "access_"}[r.IntN(3)])
	for range 12 + r.IntN(30) {
		b.WriteByte(alnum[r.IntN(len(alnum))])
	}
	if r.IntN(2) == 0 {
		for range 6 + r.IntN(6) {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
	}
	return b.String()
}

// keyEchoes are texts a 200 body may hold by chance or on purpose: runs of
// the key, its base64, base64 of its prefix alone.
func keyEcho(r *rand.Rand, key string) string {
	prefix, secret, _ := strings.Cut(key, "_")
	i := r.IntN(len(secret) - pieceLen + 1)
	run := secret[i : i+pieceLen+r.IntN(len(secret)-i-pieceLen+1)]
	switch r.IntN(6) {
	case 0:
		return "Payment of order " + run + " paid"
	case 1:
		return "Invoice " + run
	case 2:
		return base64.StdEncoding.EncodeToString([]byte(prefix + "_other"))
	case 3:
		return base64.URLEncoding.EncodeToString([]byte(strings.Repeat("x", r.IntN(3)) + key))
	case 4:
		return "your key is " + key
	}
	return run + "." + run
}

// digitRun is a number made of the key's digits when it has six in a row,
// so that a masked "type" would no longer be JSON.
func digitRun(r *rand.Rand, key string) int {
	n, digits := 0, 0
	for _, c := range key {
		if c >= '0' && c <= '9' {
			if digits < 9 {
				n, digits = n*10+int(c-'0'), digits+1
			}
			continue
		}
		if digits >= pieceLen {
			return n
		}
		n, digits = 0, 0
	}
	if digits >= pieceLen {
		return n
	}
	return 200 + r.IntN(100)
}

// randomBody is a customer's 200 answer whose events repeat the key.
func randomBody(r *rand.Rand, id, key string) string {
	var events []string
	for range 1 + r.IntN(5) {
		href := "https://api.mollie.com/v2/payments/tr_" + keyEcho(r, key)
		if r.IntN(2) == 0 {
			href = "https://example.org/?q=" + base64.URLEncoding.EncodeToString([]byte(key))
		}
		msg, _ := json.Marshal(keyEcho(r, key))
		events = append(events, fmt.Sprintf(`{"resource":"event","type":%d,"createdAt":"2024-03-20T09:13:37.0Z","message":%s,"_links":{"url":{"href":%q,"type":"text/html"}}}`,
			digitRun(r, key), msg, href))
	}
	return fmt.Sprintf(`{"resource":"customer","id":%q,"name":%q,"events":[%s]}`, id, keyEcho(r, key), strings.Join(events, ","))
}

// eventText is everything of an event, in one comparable string.
func eventText(e model.Event) string {
	return fmt.Sprintf("%s|%d|%s|%s|%s|%q|%+v|%s|%q", e.Resource, e.Type, e.TypeName, e.Created.Format(time.RFC3339Nano),
		e.CreatedRaw, e.Message, e.Links, e.Source, e.Line)
}

// TestKeyMaskNeverAltersData is the property of issue 24's first item:
// over random keys and random 200 bodies that repeat the key, its pieces,
// its base64 and its prefix's, the events a load decodes are those the
// body holds, as decoded without any key in play.
func TestKeyMaskNeverAltersData(t *testing.T) {
	r := rand.New(rand.NewPCG(24, 1))
	for round := range 200 {
		key := randomKey(r)
		srv := molliefake.New(t, molliefake.WithKey(key))
		id := srv.AddCustomer(molliefake.Customer{})
		body := randomBody(r, id, key)
		srv.Fail(id, molliefake.Fault{Body: body})
		res := runLoad(t, context.Background(), newMollie(srv, id))
		if res.err != nil || len(res.failures()) > 0 {
			t.Fatalf("round %d (key %s): the load failed: %v %v\nbody %s", round, key, res.err, res.failures(), body)
		}
		want, err := model.DecodeWith("customer "+id+" response", []byte(body), model.DecodeOptions{Source: id})
		if err != nil {
			t.Fatalf("round %d: the reference decode failed: %v", round, err)
		}
		got := res.events()
		if len(got) != len(want.Events) {
			t.Fatalf("round %d: %d events, want %d", round, len(got), len(want.Events))
		}
		for i := range got {
			if g, w := eventText(got[i]), eventText(want.Events[i]); g != w {
				t.Fatalf("round %d (key %s): event %d is\n%s\nwant\n%s", round, key, i, g, w)
			}
		}
		srv.Close()
	}
}

// TestKeyPiecesSpareThePrefix: base64 text made by the prefix's bytes, and
// the prefix itself, are no piece of the key; the secret's runs are.
func TestKeyPiecesSpareThePrefix(t *testing.T) {
	m := &Mollie{Key: "test_fakekey0123456789"}
	for _, s := range []string{"dGVzdF9vdGhlcg==", "test_other", "access_", "bGl2ZV8="} {
		if got := m.scrubString("x " + s); got != "x "+s {
			t.Errorf("scrubString(%q) = %q, want it unchanged", s, got)
		}
	}
	if got := m.scrubString("ref 0123456789"); strings.Contains(got, "012345") {
		t.Errorf("scrubString kept a run of the secret: %q", got)
	}
}

// TestDecodeErrorsQuoteNoKey: a 200 body is not masked, so the decoder's
// error, which quotes it, is cleaned on its way out.
func TestDecodeErrorsQuoteNoKey(t *testing.T) {
	srv := newServer(t)
	id := addCustomer(srv, "cst_DecodeKey01", 1)
	_, secret, _ := strings.Cut(srv.Key, "_")
	srv.Fail(id, molliefake.Fault{Body: `{"events":[{"type":"9` + secret + `","createdAt":"2024-03-20T09:13:37Z","message":"m"}]}`})
	res := runLoad(t, context.Background(), newMollie(srv, id))
	if res.failure(id) == nil {
		t.Fatalf("the bad event did not fail the customer: %v", res.texts())
	}
	checkNoKey(t, srv.Key, res.texts())
}
