package source

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// eventKey is what tells two events apart, for comparing loads.
func eventKey(e *model.Event) string {
	return e.TypeText() + " " + e.CreatedRaw + " " + e.Message + " " + string(e.Source)
}

// Under Watch a refresh reads the lists only as far as they hold
// something new, and finds the new objects and the new transitions of
// known ones: what the first load and the refreshes show together is what
// a whole new load shows.
func TestRefreshReadsWhatChanged(t *testing.T) {
	for _, all := range []bool{false, true} {
		t.Run(map[bool]string{false: "customer", true: "all customers"}[all], func(t *testing.T) {
			end := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
			srv := molliefake.New(t, molliefake.WithKey(testKey))
			acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 6, Payments: 3000, End: end, Seed: 9})
			cst := acct.Customers[0]
			load := func(watch *Mollie) (keys []string, requests int) {
				srv.ResetStats()
				for _, e := range loadAll(t, watch).events {
					keys = append(keys, eventKey(&e))
				}
				return keys, srv.Requests()
			}
			newMollie := func() *Mollie {
				m := rebuildMollie(srv, HistoryResources, cst)
				if all {
					m.Customers, m.AllCustomers = nil, true
				}
				return m
			}
			m := newMollie()
			m.Watch = true
			first, full := load(m)
			again, refresh := load(m)
			if refresh*10 > full || len(first) == 0 {
				t.Errorf("a refresh with nothing new took %d requests, the first load %d", refresh, full)
			}
			if extra := missing(again, first); len(extra) > 0 {
				t.Errorf("a refresh with nothing new showed %d events the first load did not: %q", len(extra), extra[:1])
			}

			// A new payment that failed, and the newest payment paid since.
			newest := newestPayment(t, srv, cst)
			srv.Update("/v2/payments/"+newest, map[string]any{"status": "paid", "paidAt": end.Add(time.Hour).Format(time.RFC3339)})
			raw := `{"resource":"payment","id":"tr_New1","mode":"test","status":"failed","createdAt":"` + end.Add(2*time.Hour).Format(time.RFC3339) +
				`","failedAt":"` + end.Add(2*time.Hour+time.Minute).Format(time.RFC3339) + `","amount":{"value":"9.99","currency":"EUR"},` +
				`"description":"Order #new","method":"creditcard","customerId":"` + cst + `","details":{"failureReason":"card_declined"}}`
			srv.AddResource("/v2/payments/tr_New1", json.RawMessage(raw))
			for _, l := range []string{"/v2/payments", "/v2/customers/" + cst + "/payments"} {
				srv.AddToList(l, "tr_New1", end.Add(2*time.Hour), json.RawMessage(raw))
			}
			changed, refresh := load(m)
			whole, _ := load(newMollie())
			if got := missing(whole, append(first, changed...)); len(got) != 0 {
				t.Errorf("the refreshes missed %d events a whole load shows: %q", len(got), got)
			}
			for _, want := range []string{"payment.paid 2026-06-01T01:00:00Z", "payment.failed 2026-06-01T02:01:00Z Payment failed: card declined"} {
				if !slices.ContainsFunc(changed, func(k string) bool { return strings.HasPrefix(k, want) }) {
					t.Errorf("the refresh did not find %q", want)
				}
			}
			t.Logf("requests: first load %d, refresh with two changes %d", full, refresh)
			if refresh*10 > full {
				t.Errorf("a refresh with two changes took %d requests, the first load %d", refresh, full)
			}
		})
	}
}

// missing is the keys of want that got does not hold.
func missing(want, got []string) []string {
	have := map[string]bool{}
	for _, k := range got {
		have[k] = true
	}
	var out []string
	for _, k := range want {
		if !have[k] {
			out = append(out, k)
		}
	}
	return out
}

// newestPayment is the ID of customer cst's newest payment.
func newestPayment(t *testing.T, srv *molliefake.Server, cst string) string {
	t.Helper()
	m := rebuildMollie(srv, HistoryResources, cst)
	var best model.Event
	for _, e := range loadAll(t, m).events {
		if e.TypeName == "payment.created" && e.Created.After(best.Created) {
			best = e
		}
	}
	if best.URL() == "" {
		t.Fatal("the customer has no payments")
	}
	return best.URL()[strings.LastIndexByte(best.URL(), '/')+1:]
}
