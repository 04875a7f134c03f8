package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// The cases of issue 23 against the fake Mollie API (items 2 and 3).

// joinedText is the screen as one line of words: what E says, however it
// is wrapped.
func joinedText(screen []string) string {
	return strings.Join(strings.Fields(strings.Join(screen, " ")), " ")
}

// startAPI browses every customer of srv with their events, in UTC.
func (s sized) startAPI(t *testing.T, srv *molliefake.Server) *terminal {
	t.Helper()
	return s.start(t, fmt.Sprintf("env MOLLIE_API_KEY=%q TZ=UTC %q --api-url %q --history events --all-customers", srv.Key, s.bin, srv.URL))
}

// Item 2: after a refresh that fails, E lists every current failure in
// full: the customers still missing, and the refresh's own error.
func failuresListRefreshError(t *testing.T, s sized) {
	srv := molliefake.New(t, molliefake.WithIncludeEvents())
	event := molliefake.NewEvent(221, "2024-06-01T08:00:00Z", "Payment paid", "")
	var missing []string
	for i, id := range []string{"cst_Loaded0001", "cst_Missing001", "cst_Loaded0002", "cst_Missing002"} {
		c := molliefake.Customer{ID: id, Events: []json.RawMessage{event}}
		srv.AddCustomer(c)
		if i%2 == 1 {
			// Not found at the load, and again should the refresh ask.
			srv.Fail(id, molliefake.Fault{Status: 404}, molliefake.Fault{Status: 404})
			missing = append(missing, id)
		}
	}
	term := s.startAPI(t, srv)
	term.waitFor("2 events · 2 failed (E)")
	const reason = "the customer list is being rebuilt, a reason long enough to be cut in any status line of any width"
	srv.Fail(molliefake.ListCustomers, molliefake.Fault{Status: 422,
		Body: fmt.Sprintf(`{"status":422,"title":"Unprocessable Entity","detail":%q}`, reason)})
	term.keys("r")
	term.waitFor("refresh failed")
	term.keys("E")
	term.waitUntil(func(screen []string) string {
		text := joinedText(screen)
		for _, want := range append(missing, "the refresh", reason) {
			if !strings.Contains(text, want) {
				return fmt.Sprintf("E does not show %q in full", want)
			}
		}
		return ""
	})
}

// Item 3: every customer that came without events is a note, counted in
// the status line and listed in full under E, not only the first.
func notesCountedAndListed(t *testing.T, s sized) {
	srv := molliefake.New(t, molliefake.WithIncludeEvents())
	srv.AddCustomer(molliefake.Customer{ID: "cst_WithEvents", Events: []json.RawMessage{
		molliefake.NewEvent(221, "2024-06-01T08:00:00Z", "Payment paid", "")}})
	var without []string
	for i := range 4 {
		without = append(without, srv.AddCustomer(molliefake.Customer{ID: fmt.Sprintf("cst_NoEvents0%d", i), NoEvents: true}))
	}
	term := s.startAPI(t, srv)
	term.waitUntil(func(screen []string) string {
		if status := s.statusOf(screen); !strings.Contains(status, "1 event ·") || !strings.Contains(status, "4 notes (E)") {
			return "the status line does not count the 4 notes"
		}
		return ""
	})
	term.keys("E")
	term.waitUntil(func(screen []string) string {
		text := joinedText(screen)
		for _, id := range without {
			if want := "customer " + id + ` came without an "events" field: Mollie returns a customer's events only with include=events`; !strings.Contains(text, want) {
				return fmt.Sprintf("E does not list %q in full", want)
			}
		}
		return ""
	})
}
