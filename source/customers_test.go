package source

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// TestCustomerAnsweredForAnotherKeepsTheRequestedID: two customers whose
// responses carry another customer's "id" (a proxy's cache, a mix-up):
// their events keep the ID asked for as their source, and one note, once
// for the run, says so.
func TestCustomerAnsweredForAnotherKeepsTheRequestedID(t *testing.T) {
	srv := newServer(t)
	var ids []string
	for i := range 3 {
		ids = append(ids, addCustomer(srv, fmt.Sprintf("cst_Asked%05d", i), 2))
	}
	for _, id := range ids[:2] {
		body := fmt.Sprintf(`{"resource":"customer","id":"cst_Other00001","name":"Someone","events":[%s,%s]}`,
			molliefake.NewEvent(200, "2024-03-20T09:13:37Z", "Customer created", ""),
			json.RawMessage(`{"type":210,"createdAt":"2024-03-21T09:13:37Z","message":"m","source":"cst_Other00001"}`))
		srv.Fail(id, molliefake.Fault{Body: body})
	}
	r := runLoad(t, context.Background(), newMollie(srv, ids...))
	if r.err != nil || len(r.failures()) > 0 {
		t.Fatalf("the load failed: %v %v", r.err, r.failures())
	}
	want := map[string]int{ids[0]: 2, ids[1]: 2, ids[2]: 2}
	if got := r.eventsBy(); !mapsEqual(got, want) {
		t.Errorf("events by source = %v, want %v", got, want)
	}
	var warnings []string
	for _, n := range r.notes() {
		if strings.Contains(n, "cst_Other00001") {
			warnings = append(warnings, n)
		}
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "answered with customer cst_Other00001") {
		t.Errorf("notes %q, want one warning naming cst_Other00001", r.notes())
	}
}
