package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// fakeMollie starts a fake Mollie API with two customers who have events,
// and one whose response lacks "events".
func fakeMollie(t *testing.T) (*molliefake.Server, []string) {
	srv := molliefake.New(t, molliefake.WithIncludeEvents())
	a := srv.AddCustomer(molliefake.Customer{ID: "cst_8wmqcHMN4U", Name: "Jane Doe", Events: []json.RawMessage{
		molliefake.NewEvent(200, "2024-03-20T09:13:37.0Z", "Customer created", "https://www.mollie.com/dashboard/org_1/customers/cst_8wmqcHMN4U"),
		molliefake.NewEvent(220, "2024-03-21T10:00:00Z", "Payment created", "https://api.mollie.com/v2/payments/tr_WDqYK6vllg"),
	}})
	b := srv.AddCustomer(molliefake.Customer{ID: "cst_vsKJpSsabw", Name: "Sanne", Events: []json.RawMessage{
		molliefake.NewEvent(200, "2024-04-02T09:05:00Z", "Customer created", ""),
	}})
	c := srv.AddCustomer(molliefake.Customer{ID: "cst_NoEvents01", NoEvents: true})
	return srv, []string{a, b, c}
}

func TestEndToEndAPIBrowse(t *testing.T) {
	bin := buildBinary(t)
	srv, ids := fakeMollie(t)
	term := startTerminal(t, fmt.Sprintf("env MOLLIE_API_KEY=%q TZ=UTC %q --api-url %q --history events --customer %s,cst_Unknown0001",
		srv.Key, bin, srv.URL, strings.Join(ids, ",")))

	s := term.waitFor("3 events · 1 failed (E)")
	for _, want := range []string{"Payment created", "cst_8wmqcHMN4U", "cst_vsKJpSsabw"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, s)
		}
	}
	term.keys("E")
	term.waitFor("customer cst_Unknown0001 not found (HTTP 404 Not Found")
	term.keys("Escape") // alone: with the next key it would read as Alt and that key
	term.waitFor("↑↓/jk move")

	// A new event arrives; r fetches it and marks it new.
	srv.AddEvents(ids[1], molliefake.NewEvent(221, "2024-06-01T08:00:00Z", "Payment paid", ""))
	term.keys("r")
	s = term.waitFor("4 events · 1 failed (E) · 1 new")
	if !strings.Contains(s, "•  2024-06-01 08:00:00  221") && !strings.Contains(s, "▸  2024-06-01 08:00:00  221") {
		t.Errorf("the new event is not marked:\n%s", s)
	}
	if strings.Contains(s, srv.Key) {
		t.Errorf("the API key is on the screen:\n%s", s)
	}
	term.keys("q")
	if status := term.waitForExit(); status != "0" {
		t.Errorf("exit status %s after q, want 0", status)
	}
}

func TestEndToEndAPIPrint(t *testing.T) {
	bin := buildBinary(t)
	srv, ids := fakeMollie(t)
	env := fmt.Sprintf("MOLLIE_API_KEY=%q", srv.Key)

	out, errOut, code := sh(t, fmt.Sprintf("%s %q --api-url %q --customer %s --customer %s --sort created", env, bin, srv.URL, ids[0], ids[1]))
	want := "2024-03-20T09:13:37Z\t200\tCustomer created\thttps://www.mollie.com/dashboard/org_1/customers/cst_8wmqcHMN4U\tcst_8wmqcHMN4U\n" +
		"2024-03-21T10:00:00Z\t220\tPayment created\thttps://api.mollie.com/v2/payments/tr_WDqYK6vllg\tcst_8wmqcHMN4U\n" +
		"2024-04-02T09:05:00Z\t200\tCustomer created\t\tcst_vsKJpSsabw\n"
	// One note says where the histories come from.
	if out != want || errOut != "eventbrowser: customers come with their own events (include=events): showing those (--history auto)\n" || code != 0 {
		t.Errorf("got %q, stderr %q, exit %d; want\n%s", out, errOut, code, want)
	}

	// A failed customer: the others still print, the failure goes to
	// stderr, and the exit status is 1.
	out, errOut, code = sh(t, fmt.Sprintf("%s %q --api-url %q --customer %s,cst_Unknown0001 --output ndjson", env, bin, srv.URL, ids[1]))
	if strings.Count(out, "\n") != 1 || code != 1 || !strings.Contains(errOut, "customer cst_Unknown0001 not found") {
		t.Errorf("stdout %q, stderr %q, exit %d", out, errOut, code)
	}

	// A rejected key: exit 1, the variable named, the key never shown.
	out, errOut, code = sh(t, fmt.Sprintf("MOLLIE_API_KEY=test_wrongwrongwrongwrong %q --api-url %q --customer %s", bin, srv.URL, ids[0]))
	if out != "" || code != 1 || !strings.Contains(errOut, "MOLLIE_API_KEY") || strings.Contains(errOut, "wrongwrong") {
		t.Errorf("stdout %q, stderr %q, exit %d", out, errOut, code)
	}

	// All customers, including the one without events: a note on stderr.
	out, errOut, code = sh(t, fmt.Sprintf("%s %q --api-url %q --history events --all-customers --output json", env, bin, srv.URL))
	if code != 0 || strings.Count(out, `"resource":"event"`) != 3 || !strings.Contains(errOut, "include=events") {
		t.Errorf("stdout %q, stderr %q, exit %d", out, errOut, code)
	}

	// Usage errors: exit 2.
	for args, want := range map[string]string{
		"--customer " + ids[0]:                                 "set MOLLIE_API_KEY",
		"--customer 8wmqcHMN4U":                                "Mollie customer IDs look like cst_",
		"--api-url http://api.mollie.com --customer " + ids[0]: "clear text",
		"--concurrency 99 --customer " + ids[0]:                "from 1 to 32",
		"--watch 1s --customer " + ids[0]:                      "at least 5s",
		"--testmode":                                           "need --customer ID, --all-customers or --event ID",
	} {
		key := env
		if want == "set MOLLIE_API_KEY" {
			key = "MOLLIE_API_KEY="
		}
		_, errOut, code := sh(t, fmt.Sprintf("%s %q %s </dev/null", key, bin, args))
		if code != 2 || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", args, code, errOut, want)
		}
	}
}

// TestEndToEndLinkedResource opens the detail view of a failed payment's
// event, against the fake API and in the demo without a key: the payment's
// status and failure reason show under it.
func TestEndToEndLinkedResource(t *testing.T) {
	bin := buildBinary(t)
	srv := molliefake.New(t, molliefake.WithIncludeEvents())
	l := srv.AddLinked()
	term := startTerminal(t, fmt.Sprintf("env MOLLIE_API_KEY=%q TZ=UTC %q --api-url %q --customer %s",
		srv.Key, bin, srv.URL, l.Customer))
	term.waitFor("10 events")
	term.keys("/")
	term.text("Payment failed")
	term.keys("Enter")
	term.waitFor(`1 of 10 events · Payment failed · `)
	term.keys("Enter")
	s := term.waitFor("Failure       authentication_failed")
	for _, want := range []string{"1  payment " + l.FailedPayment, "Status        failed", "Amount        EUR 49.95", "Failure text  3-D Secure authentication failed"} {
		if !strings.Contains(s, want) {
			t.Errorf("the detail view lacks %q:\n%s", want, s)
		}
	}
	term.keys("q")
	term.waitForExit()

	demo := startTerminal(t, fmt.Sprintf("env -u MOLLIE_API_KEY TZ=UTC %q --demo", bin))
	demo.waitFor("360 events")
	demo.keys("/")
	demo.text("3-D Secure")
	demo.keys("Enter")
	demo.waitFor(`3 of 360 events · 3-D Secure · `)
	demo.keys("Enter")
	s = demo.waitFor("Failure text  3-D Secure authentication failed")
	if !strings.Contains(s, "Status        failed") {
		t.Errorf("the demo's detail view lacks the payment's status:\n%s", s)
	}
	demo.keys("q")
	demo.waitForExit()
}

// With include=events withdrawn (the fake's default), --customer shows the
// history rebuilt from the customer's resources: the failed payment with
// its reason, and the status line says the history is rebuilt; f follows
// the payment's story and esc comes back.
func TestEndToEndAPIRebuiltHistory(t *testing.T) {
	bin := buildBinary(t)
	srv := molliefake.New(t)
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 3, Payments: 120, Seed: 4})
	term := startTerminal(t, fmt.Sprintf("env MOLLIE_API_KEY=%q TZ=UTC %q --api-url %q --customer %s -q insufficient",
		srv.Key, bin, srv.URL, acct.FailedCustomer))
	term.waitFor("Payment failed: insufficient funds · creditcard · €")
	// The status line names the customer once its history is read, which
	// may be a moment after the first rows show.
	term.waitFor(acct.FailedCustomer)
	// f: the failed payment's story, from its creation; esc: back.
	term.keys("f")
	s := term.waitFor("following tr_")
	if !strings.Contains(s, "payment.created") || !strings.Contains(s, "payment.failed") || !strings.Contains(s, "· entity:tr_") {
		t.Errorf("f does not show the payment's story:\n%s", s)
	}
	term.keys("Escape")
	term.waitFor("· insufficient · ")
	term.keys("q")
	if status := term.waitForExit(); status != "0" {
		t.Errorf("exit status %s after q, want 0", status)
	}
}
