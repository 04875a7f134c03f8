package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// --customer on an API without include=events prints the history
// rebuilt from the customer's resources, says so once on stderr, and
// --expand embeds the resources without another request.
func TestHistoryFromResources(t *testing.T) {
	srv := molliefake.New(t)
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 5, Payments: 200, Seed: 4})
	var requests []int
	for _, args := range [][]string{{"--output", "tsv"}, {"--output", "ndjson", "--expand"}} {
		srv.ResetStats()
		out, errOut, code := runWithKey(t, srv.Key, append([]string{"--api-url", srv.URL, "--customer", acct.FailedCustomer}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
		}
		if strings.Count(errOut, "rebuilt from its payments") != 1 {
			t.Errorf("%v: stderr %q, want one note that the history is rebuilt", args, errOut)
		}
		if !strings.Contains(out, "Payment failed: insufficient funds · creditcard · €") || !strings.Contains(out, "Customer created") {
			t.Errorf("%v: no failed payment with its reason, or no creation:\n%s", args, out)
		}
		if args[1] == "ndjson" && (!strings.Contains(out, `"_embedded":{"resource":{`) || !strings.Contains(out, `"id":"`+acct.Failed+`"`)) {
			t.Errorf("--expand did not embed the failed payment:\n%.2000s", out)
		}
		requests = append(requests, srv.Requests())
	}
	if requests[0] != requests[1] {
		t.Errorf("%d requests without --expand, %d with: it should cost nothing more", requests[0], requests[1])
	}
	_, errOut, code := runWithKey(t, srv.Key, "--api-url", srv.URL, "--customer", acct.FailedCustomer, "--history", "everything")
	if code != 2 || !strings.Contains(errOut, `--history: "everything": want events, resources or auto`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// --history events keeps the old behaviour: a customer without events
// says so, and nothing is rebuilt.
func TestHistoryEventsOnly(t *testing.T) {
	srv := molliefake.New(t)
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 2, Payments: 20, Seed: 4})
	out, errOut, code := runWithKey(t, srv.Key, "--api-url", srv.URL, "--customer", acct.Customers[0], "--history", "events", "--output", "tsv")
	if code != 0 || out != "" || !strings.Contains(errOut, `came without an "events" field`) || srv.Requests() != 1 {
		t.Errorf("exit %d, %d requests, stdout %q, stderr %q", code, srv.Requests(), out, errOut)
	}
}

// --all-customers --since 7d reads the account-wide lists back to a
// month before, not the whole history, and prints what is in range.
func TestHistoryAllCustomersSince(t *testing.T) {
	srv := molliefake.New(t)
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 300, Payments: 6000, End: cliNow, Seed: 8})
	var requests []int
	var rows []int
	for _, extra := range [][]string{nil, {"--since", "7d"}} {
		srv.ResetStats()
		args := append([]string{"--api-url", srv.URL, "--all-customers", "--output", "tsv"}, extra...)
		out, errOut, code := runWithKey(t, srv.Key, args...)
		if code != 0 || !strings.Contains(errOut, "histories rebuilt from the account's") {
			t.Fatalf("%v: exit %d, stderr %q", extra, code, errOut)
		}
		requests = append(requests, srv.Requests())
		rows = append(rows, strings.Count(out, "\n"))
	}
	if rows[0] != acct.Events || rows[1] == 0 || rows[1] >= rows[0]/10 {
		t.Errorf("rows %v, want all %d, then those of the last week", rows, acct.Events)
	}
	if requests[1]*3 > requests[0] {
		t.Errorf("requests %v: --since should read far fewer pages", requests)
	}
}

// --all-customers leaves out payments of no customer, and says how many.
func TestHistoryAllCustomersGuestPayments(t *testing.T) {
	srv := molliefake.New(t)
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 3, Payments: 30, End: cliNow, Seed: 5})
	for i, id := range []string{"tr_Guest1", "tr_Guest2"} {
		at := cliNow.Add(-time.Duration(i+1) * time.Hour)
		srv.AddToList("/v2/payments", id, at, json.RawMessage(`{"resource":"payment","id":"`+id+`","status":"paid","createdAt":"`+
			at.Format(time.RFC3339)+`","paidAt":"`+at.Format(time.RFC3339)+`","amount":{"value":"1.00","currency":"EUR"},"description":"Guest"}`))
	}
	out, errOut, code := runWithKey(t, srv.Key, "--api-url", srv.URL, "--all-customers", "--output", "tsv")
	if code != 0 || strings.Count(out, "\n") != acct.Events || strings.Contains(out, "tr_Guest") {
		t.Fatalf("exit %d, %d rows (want the customers' %d), stderr %q", code, strings.Count(out, "\n"), acct.Events, errOut)
	}
	if !strings.Contains(errOut, "2 payments of no customer (without a customerId) are not shown") {
		t.Errorf("stderr %q, want a note that 2 payments of no customer are left out", errOut)
	}
}

// --customer --since 7d reads the customer's payments back to a month
// before, not all of them, and shows what the whole history shows in
// that week.
func TestHistoryCustomerSince(t *testing.T) {
	srv := molliefake.New(t)
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 1, Payments: 3000, End: cliNow, Seed: 3})
	args := []string{"--api-url", srv.URL, "--customer", acct.Customers[0], "--output", "tsv"}
	whole, errOut, code := runWithKey(t, srv.Key, args...)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	wholeRequests := srv.Requests()
	path := filepath.Join(t.TempDir(), "whole.tsv")
	if err := os.WriteFile(path, []byte(whole), 0o600); err != nil {
		t.Fatal(err)
	}
	srv.ResetStats()
	week, errOut, code := runWithKey(t, srv.Key, append(args, "--since", "7d")...)
	if code != 0 {
		t.Fatalf("--since: exit %d, stderr %q", code, errOut)
	}
	var want []string
	since := cliNow.Add(-7 * 24 * time.Hour)
	for _, line := range strings.SplitAfter(whole, "\n") {
		if at, err := time.Parse(time.RFC3339Nano, strings.Split(line, "\t")[0]); err == nil && !at.Before(since) {
			want = append(want, line)
		}
	}
	// Events of the same instant come in the order they were read.
	got := strings.SplitAfter(week, "\n")
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got[1:], want) || len(want) == 0 {
		t.Errorf("--since 7d: %d rows, want the whole history's %d of that week:\n%s",
			strings.Count(week, "\n"), len(want), firstDiff(week, strings.Join(want, "")))
	}
	if srv.Requests()*3 > wholeRequests {
		t.Errorf("%d requests with --since 7d, %d without: it should read far fewer pages", srv.Requests(), wholeRequests)
	}
}

// --demo --history resources adds the sample's histories rebuilt from
// resources, offline: a failed payment with its reason, and --expand shows
// its resource.
func TestHistoryDemo(t *testing.T) {
	out, errOut, code := runWithKey(t, "", "--demo", "--history", "resources", "--grep", "Payment failed:", "--expand", "--output", "tsv")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "Payment failed: insufficient funds · creditcard · €") || !strings.Contains(out, "\tfailed") {
		t.Errorf("no failed payment with its reason and status:\n%s", out)
	}
	_, errOut, code = runWithKey(t, "", "--history", "resources", "x.json")
	if code != 2 || !strings.Contains(errOut, "--history needs --customer") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// A rebuilt history written as NDJSON loads back to the same rows, named
// types, sources and the links its stories need intact: entity: keeps the
// same events on the file as on the history.
func TestHistoryRoundTrip(t *testing.T) {
	saved, errOut, code := runWithKey(t, "", "--demo", "--history", "resources", "--output", "ndjson")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	path := filepath.Join(t.TempDir(), "history.ndjson")
	if err := os.WriteFile(path, []byte(saved), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"", "type:payment.*", "entity:sub_bNBJds45", "entity:mdt_y6uojF44", "entity:tr_yjML3o46"} {
		want, _, _ := runWithKey(t, "", "--demo", "--history", "resources", "--output", "tsv", "--query", q)
		got, errOut, code := runWithKey(t, "", path, "--output", "tsv", "--query", q)
		if code != 0 || got != want || strings.Count(want, "\n") < 2 {
			t.Errorf("%q: exit %d, stderr %q; %d rows from the file, %d from the history:\n%s",
				q, code, errOut, strings.Count(got, "\n"), strings.Count(want, "\n"), firstDiff(got, want))
		}
	}
}

// firstDiff is the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got %q\nwant %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}
