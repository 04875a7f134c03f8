package molliefake_test

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

func TestAddGeneratedSameSeedSameOutput(t *testing.T) {
	idPattern := regexp.MustCompile(`^cst_[A-Za-z0-9]{10}$`)
	a, b, c := molliefake.New(t, molliefake.WithIncludeEvents()), molliefake.New(t, molliefake.WithIncludeEvents()), molliefake.New(t, molliefake.WithIncludeEvents())
	ids := a.AddGenerated(20, 5, 42)
	if got := b.AddGenerated(20, 5, 42); !reflect.DeepEqual(got, ids) {
		t.Errorf("same seed, other IDs")
	}
	if got := c.AddGenerated(20, 5, 43); reflect.DeepEqual(got, ids) {
		t.Errorf("other seed, same IDs")
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if !idPattern.MatchString(id) || seen[id] {
			t.Errorf("ID %q", id)
		}
		seen[id] = true
		_, bodyA := get(t, a, "/v2/customers/"+id+"?include=events")
		_, bodyB := get(t, b, "/v2/customers/"+id+"?include=events")
		bodyA = []byte(strings.ReplaceAll(string(bodyA), a.URL, ""))
		bodyB = []byte(strings.ReplaceAll(string(bodyB), b.URL, ""))
		if string(bodyA) != string(bodyB) {
			t.Errorf("same seed, other customer:\n%s\n%s", bodyA, bodyB)
		}
	}
	// Adding more does not reuse IDs.
	for _, id := range a.AddGenerated(20, 0, 42) {
		if seen[id] {
			t.Errorf("ID %s added twice", id)
		}
	}
	if len(a.CustomerIDs()) != 40 {
		t.Errorf("%d customers", len(a.CustomerIDs()))
	}
}

// TestAddGeneratedEvents checks what AddGenerated promises of the events.
func TestAddGeneratedEvents(t *testing.T) {
	const customers, perCustomer = 20, 5
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	codes := map[int]bool{}
	for _, k := range eventgen.Kinds() {
		codes[k.Code()] = true
	}
	forms := map[eventgen.TimeForm]int{}
	withURL := 0
	for _, id := range s.AddGenerated(customers, perCustomer, 42) {
		_, body := get(t, s, "/v2/customers/"+id+"?include=events")
		cu, _ := decodeCustomer(t, body)
		if cu.Name == nil || *cu.Name == "" || cu.Email == nil || !strings.HasSuffix(*cu.Email, "@example.org") ||
			cu.Locale == nil || *cu.Locale == "" || cu.Events == nil || len(*cu.Events) != perCustomer {
			t.Fatalf("customer %s", body)
		}
		prev, err := time.Parse(time.RFC3339, cu.CreatedAt)
		if err != nil {
			t.Fatalf("customer createdAt: %v", err)
		}
		for k, ev := range *cu.Events {
			if k == 0 && (ev.Type != 200 || ev.Message != "Customer created") {
				t.Errorf("first event %+v", ev)
			}
			if ev.Resource != "event" || !codes[ev.Type] || ev.Message == "" {
				t.Errorf("event %+v", ev)
			}
			at, err := time.Parse(time.RFC3339Nano, ev.CreatedAt)
			if err != nil || at.Before(prev) {
				t.Errorf("%s: event %d at %s (%v), before the one before, %v", id, k, ev.CreatedAt, err, prev)
			}
			prev = at
			for _, f := range eventgen.TimeForms() {
				if f.Format(at) == ev.CreatedAt {
					forms[f]++
				}
			}
			if url, ok := ev.Links["url"]; ok {
				if !strings.HasPrefix(url.Href, "https://api.mollie.com/v2/") || url.Type != "application/hal+json" {
					t.Errorf("url %+v", url)
				}
				withURL++
			}
		}
	}
	if len(forms) != len(eventgen.TimeForms()) {
		t.Errorf("createdAt in %d of the %d forms: %v", len(forms), len(eventgen.TimeForms()), forms)
	}
	if all := customers * perCustomer; withURL <= all/2 || withURL == all {
		t.Errorf("%d of %d events have a _links.url, want most but not all", withURL, all)
	}
}
