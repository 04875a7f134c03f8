package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/source"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// TestColumnsCSVFromTheAPI: --columns id,amount,method,failure -o csv
// reads back through encoding/csv under the chosen header, the failed
// payments' rows holding what their payments say: asking for a resource's
// column fetches the resources, without --expand.
func TestColumnsCSVFromTheAPI(t *testing.T) {
	srv := molliefake.New(t, molliefake.WithIncludeEvents())
	l := srv.AddLinked()
	out, errOut, code := runWithKey(t, srv.Key, "--api-url", srv.URL, "--customer", l.Customer,
		"--columns", "id,amount,method,failure", "--type", "222", "--sort", "created", "-o", "csv")
	if code != 0 || errOut != ownEventsNote {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, out)
	}
	want := [][]string{
		{"id", "amount", "method", "failure"},
		{l.FailedPayment, "EUR 49.95", "creditcard", "authentication_failed"},
		{l.DirectDebit, "EUR 9.95", "directdebit", "Account closed"},
	}
	if !reflect.DeepEqual(records, want) {
		t.Errorf("records:\n got %q\nwant %q", records, want)
	}
	// The same columns in the table, under their names.
	out, _, _ = runWithKey(t, srv.Key, "--api-url", srv.URL, "--customer", l.Customer,
		"--columns", "id,amount,method,failure", "--type", "222", "--sort", "created", "-o", "table")
	lines := strings.Split(out, "\n")
	if f := strings.Fields(lines[0]); !reflect.DeepEqual(f, []string{"ID", "AMOUNT", "METHOD", "FAILURE"}) ||
		!reflect.DeepEqual(strings.Fields(lines[1]), []string{l.FailedPayment, "EUR", "49.95", "creditcard", "authentication_failed"}) {
		t.Errorf("table:\n%s", out)
	}
}

// TestColumnsWithoutKey: customer events from a file, without a key,
// print what the events tell (id, customer) and leave the resources'
// columns empty, with one note saying why and what to do; the exit
// status stays 0, as the output holds all that could be known.
func TestColumnsWithoutKey(t *testing.T) {
	out, errOut, code := runWithKey(t, "", "--columns", "id,customer,amount", "--type", "210", "-o", "tsv", cliFixture)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if want := "mdt_h3gAaD5zP\tcst_8wmqcHMN4U\t\n"; !strings.HasPrefix(out, want) {
		t.Errorf("stdout %q, want it to start %q", out, want)
	}
	if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "amount: ") || !strings.Contains(errOut, "set MOLLIE_API_KEY to fetch them") {
		t.Errorf("stderr %q: want one note naming the column and the key", errOut)
	}
	// Columns of the event alone need nothing: no note.
	if _, errOut, code := runWithKey(t, "", "--columns", "id,type", "-o", "csv", cliFixture); code != 0 || errOut != "" {
		t.Errorf("event columns: exit %d, stderr %q", code, errOut)
	}
}

// TestColumnsUsage: an unknown or repeated name is a usage error that
// lists the names.
func TestColumnsUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--columns", "id,amont"}, `--columns: no column "amont": the columns are created, type, message, source, link, id, status, amount, method, failure, description, customer, dashboard`},
		{[]string{"--columns", "id,id"}, `--columns: column "id" is named twice`},
	} {
		_, errOut, code := runWithKey(t, "", append(tt.args, "-o", "csv", cliFixture)...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

// TestColumnsComplete: --columns completes the names not given yet, after
// those given, without a space, so that another can follow.
func TestColumnsComplete(t *testing.T) {
	for _, tt := range []struct {
		arg        string
		want, lack []string
	}{
		{"", []string{"created", "dashboard", "failure"}, nil},
		{"id,am", []string{"id,amount"}, []string{"id,id", "id,method"}},
		{"id,amount,", []string{"id,amount,method", "id,amount,created"}, []string{"id,amount,id"}},
	} {
		out, _, code := cliRun(t, cliStdin(t, ""), "__complete", "--columns", tt.arg)
		if code != 0 || !strings.Contains(out, ":6\n") {
			t.Errorf("%q: exit %d, want directive 6 (no space, no files):\n%s", tt.arg, code, out)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w+"\n") {
				t.Errorf("%q completes\n%s\nwithout %q", tt.arg, out, w)
			}
		}
		for _, w := range tt.lack {
			if strings.Contains(out, w+"\n") {
				t.Errorf("%q completes %q", tt.arg, w)
			}
		}
	}
}

// TestColumnsStatusQuery: a status column fetches the statuses, so
// status: terms hold without --expand, as in the table.
func TestColumnsStatusQuery(t *testing.T) {
	out, errOut, code := runWithKey(t, "", "--demo", "--columns", "id,status", "-q", "status:failed", "-o", "tsv")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, l := range lines {
		if !strings.HasSuffix(l, "\tfailed") {
			t.Errorf("line %q: not a failed one", l)
		}
	}
	if len(lines) < 15 {
		t.Errorf("%d failed, want the demo's 20 or so", len(lines))
	}
	if _, errOut, code := runWithKey(t, "", "--demo", "--columns", "id", "-q", "status:failed", "-o", "tsv"); code != 2 || !strings.Contains(errOut, "--expand") {
		t.Errorf("status: without a status to fetch: exit %d, stderr %q", code, errOut)
	}
}

// failedPayment is the i-th event of a failed payment, linking to it.
func failedPayment(i int) model.Event {
	return model.Event{Type: 222, Message: "Payment failed", CreatedRaw: fmt.Sprintf("2024-03-20T09:13:3%dZ", i), Source: "cst_1",
		Links: []model.Link{{Name: "url", Href: fmt.Sprintf("%s/v2/payments/tr_%d", source.DefaultAPIURL, i)}}}
}

// payments answers every payment with an amount, counting the fetches.
type payments struct {
	mu      sync.Mutex
	fetches map[string]int
}

func (p *payments) Fetch(_ context.Context, url string) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fetches[url]++
	id := url[strings.LastIndexByte(url, '/')+1:]
	return []byte(`{"resource":"payment","id":"` + id + `","amount":{"currency":"EUR","value":"1.00"}}`), nil
}

// TestColumnsWatch: --watch prints a resource's columns for what each
// refresh finds new, fetching only the new events' resources.
func TestColumnsWatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, stderr strings.Builder
	f := &payments{fetches: map[string]int{}}
	o := &options{watch: time.Millisecond, sort: model.DefaultSort, columns: []string{"id", "amount"},
		resources: f, resourcesAPI: source.DefaultAPIURL, concurrency: 2}
	if err := watchLoop(ctx, &growingSource{cancel: cancel, event: failedPayment}, o, Env{stdout: &out, stderr: &stderr}, output.FormatTSV); err != nil {
		t.Fatal(err)
	}
	if want := "tr_0\tEUR 1.00\ntr_1\tEUR 1.00\n"; out.String() != want || stderr.String() != "" {
		t.Errorf("output %q, stderr %q; want %q", out.String(), stderr.String(), want)
	}
	for url, n := range f.fetches {
		if n != 1 {
			t.Errorf("%s fetched %d times", url, n)
		}
	}
}
