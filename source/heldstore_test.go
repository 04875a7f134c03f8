package source

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
)

// TestHeldStoreAgainstMap: whatever the puts, replacements and removals,
// a Held answers as a plain map of the bodies would, and its blocks
// account for what they keep: the total is their costs, each block's live
// count its records held, and no sealed block keeps fewer than half its
// records.
func TestHeldStoreAgainstMap(t *testing.T) {
	for seed := range uint64(20) {
		r := rand.New(rand.NewPCG(seed, 1))
		h := NewHeld(nil)
		want := map[string][]byte{}
		for op := range 3000 {
			url := fmt.Sprintf("https://api.mollie.com/v2/payments/tr_%d", r.IntN(400))
			switch r.IntN(10) {
			case 0:
				h.putAll([]heldResource{{url: url}})
				delete(want, url)
			default:
				body := paymentBody(r, url, op)
				h.put(url, body)
				want[url] = body
			}
		}
		for url, body := range want {
			if got, ok := h.Get(url); !ok || !bytes.Equal(got, body) {
				t.Fatalf("seed %d: %s: held %v, %.40q, want %.40q", seed, url, ok, got, body)
			}
		}
		if h.Len() != len(want) {
			t.Errorf("seed %d: Len = %d, want %d", seed, h.Len(), len(want))
		}
		checkBlocks(t, &h.store)
	}
}

// checkBlocks checks a store's bookkeeping against its records.
func checkBlocks(t *testing.T, s *heldStore) {
	t.Helper()
	var total int64
	live := make([]int32, len(s.blocks))
	for _, ref := range s.at {
		live[ref.block]++
	}
	for i, b := range s.blocks {
		total += b.cost
		if b.live != live[i] {
			t.Errorf("block %d: live %d, but %d records point at it", i, b.live, live[i])
		}
		if b.sealed && b.live > 0 && b.live*2 < b.count {
			t.Errorf("block %d: sealed with %d of %d records held", i, b.live, b.count)
		}
	}
	if total != s.total {
		t.Errorf("total %d, blocks cost %d", s.total, total)
	}
}

// paymentBody is a payment's JSON as the API sends it, of some variety.
func paymentBody(r *rand.Rand, self string, n int) []byte {
	return fmt.Appendf(nil, `{"resource":"payment","id":"tr_%d","mode":"live","createdAt":"2025-01-01T00:%02d:00Z","amount":{"value":"%d.%02d","currency":"EUR"},"description":"Order #%d","method":"creditcard","status":"paid","profileId":"pfl_QkEhN94Ba","_links":{"self":{"href":%q,"type":"application/hal+json"}}}`,
		n, r.IntN(60), r.IntN(500), r.IntN(100), r.IntN(100000), self)
}

// TestHeldCompresses: payments held take a fraction of their bodies'
// bytes, and each comes back whole, as a copy of its own.
func TestHeldCompresses(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	h := NewHeld(nil)
	raw := 0
	var urls []string
	for i := range 2000 {
		url := fmt.Sprintf("https://api.mollie.com/v2/payments/tr_%d", i)
		body := paymentBody(r, url, i)
		raw += len(body)
		h.put(url, body)
		urls = append(urls, url)
	}
	if got := h.store.total; got*3 > int64(raw) {
		t.Errorf("%d bytes held for %d of bodies: less than 3× smaller", got, raw)
	}
	first, _ := h.Get(urls[0])
	first[0] = 'x'
	if again, _ := h.Get(urls[0]); again[0] != '{' {
		t.Errorf("a body got changed where it is held: %.20q", again)
	}
}

// TestHeldHashCollision: a URL whose hash leads to another URL's record
// is not held: it is fetched, never answered with the other's body.
func TestHeldHashCollision(t *testing.T) {
	h := NewHeld(nil)
	h.put("https://api.mollie.com/v2/payments/tr_a", []byte(`{"id":"tr_a"}`))
	s := &h.store
	s.at[s.hash("https://api.mollie.com/v2/payments/tr_b")] = s.at[s.hash("https://api.mollie.com/v2/payments/tr_a")]
	if body, ok := h.Get("https://api.mollie.com/v2/payments/tr_b"); ok {
		t.Errorf("tr_b answered with %s", body)
	}
}

// TestHeldConcurrent: loads holding pages at once while the detail view
// looks resources up get every body back whole (go test -race checks the
// blocks compressed outside the lock).
func TestHeldConcurrent(t *testing.T) {
	h := NewHeld(nil)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 3))
			for page := range 20 {
				var rs []heldResource
				for i := range 50 {
					url := fmt.Sprintf("https://api.mollie.com/v2/payments/tr_%d_%d", w, r.IntN(400))
					rs = append(rs, heldResource{url: url, raw: paymentBody(r, url, page*50+i)})
				}
				h.putAll(rs)
				if body, ok := h.Get(rs[0].url); !ok || !bytes.Contains(body, []byte(rs[0].url)) {
					t.Errorf("%s: held %v, %.60q", rs[0].url, ok, body)
				}
			}
		})
	}
	wg.Wait()
	h.Len()
	checkBlocks(t, &h.store)
}
