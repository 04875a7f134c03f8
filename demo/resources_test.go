package demo

import (
	"context"
	"errors"
	"testing"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// TestResources fetches every resource the sample links to: each is made
// up, reads as a resource of its kind, and a failed payment says why.
func TestResources(t *testing.T) {
	dec, err := model.Decode("demo.json", JSON)
	if err != nil {
		t.Fatal(err)
	}
	f := Resources()
	kinds, failed := map[string]int{}, 0
	for _, e := range dec.Events {
		u := source.FirstResourceURL(&e, source.DefaultAPIURL)
		if u == "" {
			continue
		}
		raw, err := f.Fetch(context.Background(), u)
		if err != nil {
			t.Fatalf("Fetch(%s): %v", u, err)
		}
		r, err := model.ParseResource(raw, nil)
		if err != nil || len(r.Fields) == 0 {
			t.Fatalf("%s: %+v, %v", u, r, err)
		}
		kinds[r.Kind]++
		if e.Type == 222 && r.Kind == "payment" {
			if r.Status != "failed" {
				t.Errorf("%s: a failed payment's event links to a payment %q", u, r.Status)
			}
			failed++
		}
	}
	for _, k := range []string{"payment", "refund", "chargeback", "mandate", "subscription", "payment-link", "customer"} {
		if kinds[k] == 0 {
			t.Errorf("no %s among the sample's resources (%v)", k, kinds)
		}
	}
	if failed == 0 {
		t.Error("no failed payment in the sample")
	}
	_, err = f.Fetch(context.Background(), "https://api.mollie.com/v2/payments/tr_NotInDemo1")
	var re *source.ResourceError
	if !errors.As(err, &re) || re.Error() != "gone (404)" {
		t.Errorf("a payment the sample does not link to: %v, want gone (404)", err)
	}
}
