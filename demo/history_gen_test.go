package demo

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

var updateHistory = flag.Bool("update-history", false, "write history.json afresh from the fake API")

// TestGenerateHistory writes history.json, with -update-history: the
// resources of a small fake account, as one page whose _embedded holds
// every kind, its links on api.mollie.com.
func TestGenerateHistory(t *testing.T) {
	if !*updateHistory {
		t.Skip("run with -update-history to write history.json")
	}
	srv := molliefake.New(t)
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 3, Payments: 60, Seed: 5,
		End: time.Date(2024, 12, 20, 0, 0, 0, 0, time.UTC), Span: 365 * 24 * time.Hour})
	get := func(path string) []json.RawMessage {
		req, _ := http.NewRequest("GET", srv.URL+path+"?limit=250", nil)
		req.Header.Set("Authorization", "Bearer "+srv.Key)
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var p struct {
			Embedded map[string][]json.RawMessage `json:"_embedded"`
		}
		json.NewDecoder(res.Body).Decode(&p)
		for _, items := range p.Embedded {
			return items
		}
		return nil
	}
	all := map[string][]json.RawMessage{}
	for _, id := range acct.Customers {
		req, _ := http.NewRequest("GET", srv.URL+"/v2/customers/"+id, nil)
		req.Header.Set("Authorization", "Bearer "+srv.Key)
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var c json.RawMessage
		json.NewDecoder(res.Body).Decode(&c)
		res.Body.Close()
		all["customers"] = append(all["customers"], c)
		all["mandates"] = append(all["mandates"], get("/v2/customers/"+id+"/mandates")...)
	}
	all["payments"] = get("/v2/payments")
	for _, kind := range []string{"refunds", "chargebacks", "subscriptions"} {
		all[kind] = get("/v2/" + kind)
	}
	for _, p := range all["payments"] {
		var pay struct{ ID string }
		json.Unmarshal(p, &pay)
		all["captures"] = append(all["captures"], get("/v2/payments/"+pay.ID+"/captures")...)
	}
	var b bytes.Buffer
	b.WriteString(`{"_embedded":{`)
	for i, kind := range []string{"customers", "payments", "refunds", "chargebacks", "captures", "mandates", "subscriptions"} {
		if i > 0 {
			b.WriteString(",\n")
		}
		items, _ := json.Marshal(append([]json.RawMessage{}, all[kind]...))
		b.WriteString(`"` + kind + `":` + string(items))
	}
	b.WriteString("}}\n")
	out := strings.ReplaceAll(b.String(), srv.URL, "https://api.mollie.com")
	if err := os.WriteFile("history.json", []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}
