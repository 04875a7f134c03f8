package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// ownEventsNote is what --history auto says on stderr when customers
// come with their own events.
const ownEventsNote = "eventbrowser: customers come with their own events (include=events): showing those (--history auto)\n"

// runWithKey runs the command with MOLLIE_API_KEY set to key.
func runWithKey(t *testing.T, key string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(name string) string {
		if name == "MOLLIE_API_KEY" {
			return key
		}
		return ""
	}
	code = Run(args, Env{stdin: cliStdin(t, ""), stdout: &out, stderr: &errOut, now: cliNow, getenv: getenv, build: testBuild})
	return out.String(), errOut.String(), code
}

// TestExpand prints the events of a customer whose events link to every
// kind of resource, with --expand, in each format; the fake API's address
// is written as http://api.test:000000 (as long) in the golden files.
func TestExpand(t *testing.T) {
	srv := molliefake.New(t, molliefake.WithIncludeEvents())
	l := srv.AddLinked()
	for _, format := range []string{"json", "ndjson", "tsv", "table", "csv"} {
		t.Run(format, func(t *testing.T) {
			srv.ResetStats()
			out, errOut, code := runWithKey(t, srv.Key, "--api-url", srv.URL, "--customer", l.Customer,
				"--expand", "--sort", "created", "--output", format)
			// The one note says the customer's own events are shown.
			if code != 0 || errOut != ownEventsNote {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			api := "http://api.test:" + strings.Repeat("0", max(0, len(srv.URL)-len("http://api.test:")))
			golden.RequireEqual(t, []byte(strings.ReplaceAll(out, srv.URL, api)))
			// One request for the customer, one for each distinct resource:
			// the payment is linked twice, the docs not fetched.
			if n := srv.Requests(); n != 1+9 {
				t.Errorf("%d requests, want 10", n)
			}
		})
	}
}

func TestExpandFailures(t *testing.T) {
	srv := molliefake.New(t, molliefake.WithIncludeEvents())
	l := srv.AddLinked()
	srv.Fail("/v2/payments/"+l.FailedPayment, molliefake.Fault{Status: 404})
	srv.Fail("/v2/payments/"+l.DirectDebit, molliefake.Fault{Status: 403})
	out, errOut, code := runWithKey(t, srv.Key, "--api-url", srv.URL, "--customer", l.Customer, "--expand", "--output", "tsv")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if n := strings.Count(out, "\n"); n != 10 {
		t.Errorf("%d rows, want all 10 printed:\n%s", n, out)
	}
	for _, want := range []string{"/v2/payments/" + l.FailedPayment + ": gone (404)", "lacks payments.read (HTTP 403)", "could not be loaded"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, srv.Key[5:]) {
		t.Errorf("the key is on stderr:\n%s", errOut)
	}
}

func TestExpandDemoOffline(t *testing.T) {
	out, errOut, code := runWithKey(t, "", "--demo", "--expand", "--type", "222", "--output", "tsv")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	failed := 0
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Split(line, "\t")
		switch {
		case len(f) != 6:
			t.Errorf("line %d: %q; want a status column", i, line)
		case f[5] == "failed":
			failed++
		case f[5] != "" || strings.Contains(f[3], "/payments/"):
			t.Errorf("line %d: %q; want a failed payment's status, or none without a payment", i, line)
		}
	}
	if failed < 15 {
		t.Errorf("%d failed payments, want the demo's 20 or so:\n%s", failed, out)
	}
	if _, errOut, code := runWithKey(t, "", "--expand", cliFixture); code != 2 || !strings.Contains(errOut, "set MOLLIE_API_KEY") {
		t.Errorf("--expand without a key: exit %d, stderr %q; want 2 and what to do", code, errOut)
	}
}
