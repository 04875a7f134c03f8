package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/source"
)

// cliNow is the fixed "now" of these tests.
var cliNow = time.Date(2024, 6, 3, 12, 0, 0, 0, time.UTC)

// testBuild is the build these tests' commands say they are.
var testBuild = Build{Version: "v0.0.0-test", Commit: "0123456789ab", Date: "2024-06-03T12:00:00Z"}

const cliFixture = "testdata/events.json"

// cliStdin returns a stdin: os.DevNull when in is "" (nothing piped in,
// nothing to read), else a file holding in.
func cliStdin(t *testing.T, in string) *os.File {
	t.Helper()
	if in == "" {
		f, err := os.Open(os.DevNull)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	f, err := os.CreateTemp(t.TempDir(), "stdin")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if _, err := f.WriteString(in); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	return f
}

// cliRun runs the command as a script would, with stdout not a terminal.
func cliRun(t *testing.T, stdin *os.File, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(args, Env{stdin: stdin, stdout: &out, stderr: &errOut, now: cliNow, build: testBuild})
	return out.String(), errOut.String(), code
}

// TestRunPrints checks what the filters and sort do to the printed events.
// testdata/events.json holds, in this order:
//
//	200 2024-03-20T09:13:37.0Z   Customer created
//	210 2024-03-20T09:20:02.283Z Mandate created for SEPA Direct Debit
//	300 2024-03-21T10:00:00Z     Payment tr_WDqYK6vllg paid
//	310 2024-03-22T13:42:04Z     Payment failed: insufficient funds
//	300 2024-05-22T13:11:19Z     Payment tr_7UhSN1zuXS paid
//	400 2024-06-01T08:00:00Z     Subscription created\nfirst charge…
//	500 2024-06-02T08:00:00Z     Refund re_4qqhO89gsT processed
//	210 2024-06-03T11:30:00.5Z   Mandate revoked by customer
func TestRunPrints(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string // "type message" of each printed event, in order
	}{
		{"newest first by default", nil, []string{
			"210 Mandate revoked by customer", "500 Refund re_4qqhO89gsT processed", "400 Subscription created first charge on 2024-07-01",
			"300 Payment tr_7UhSN1zuXS paid", "310 Payment failed: insufficient funds", "300 Payment tr_WDqYK6vllg paid",
			"210 Mandate created for SEPA Direct Debit", "200 Customer created"}},
		{"types repeated and comma-separated", []string{"--type", "200,310", "--type", "500"}, []string{
			"500 Refund re_4qqhO89gsT processed", "310 Payment failed: insufficient funds", "200 Customer created"}},
		{"a type nobody has", []string{"--type", "999"}, nil},
		{"grep any case", []string{"--grep", "MANDATE"}, []string{
			"210 Mandate revoked by customer", "210 Mandate created for SEPA Direct Debit"}},
		{"grep negated", []string{"--grep", "!paid", "--sort", "created"}, []string{
			"200 Customer created", "210 Mandate created for SEPA Direct Debit", "310 Payment failed: insufficient funds",
			"400 Subscription created first charge on 2024-07-01", "500 Refund re_4qqhO89gsT processed", "210 Mandate revoked by customer"}},
		{"sort by type descending, ties in input order", []string{"--sort", "-type"}, []string{
			"500 Refund re_4qqhO89gsT processed", "400 Subscription created first charge on 2024-07-01",
			"310 Payment failed: insufficient funds", "300 Payment tr_WDqYK6vllg paid", "300 Payment tr_7UhSN1zuXS paid",
			"210 Mandate created for SEPA Direct Debit", "210 Mandate revoked by customer", "200 Customer created"}},
		{"sort by message", []string{"--sort", "message", "--type", "300,310"}, []string{
			"310 Payment failed: insufficient funds", "300 Payment tr_7UhSN1zuXS paid", "300 Payment tr_WDqYK6vllg paid"}},
		{"since inclusive, until exclusive", []string{"--since", "2024-03-20T09:20:02.283Z", "--until", "2024-05-22T15:11:19+02:00"}, []string{
			"310 Payment failed: insufficient funds", "300 Payment tr_WDqYK6vllg paid", "210 Mandate created for SEPA Direct Debit"}},
		{"since a duration", []string{"--since", "36h"}, []string{ // cliNow is 2024-06-03T12:00:00Z
			"210 Mandate revoked by customer", "500 Refund re_4qqhO89gsT processed"}},
		{"since 2d", []string{"--since", "2d12h"}, []string{
			"210 Mandate revoked by customer", "500 Refund re_4qqhO89gsT processed", "400 Subscription created first charge on 2024-07-01"}},
		{"everything together", []string{"--type", "300", "--grep", "!WDqY", "--since", "2024-03-01T00:00:00Z", "--until", "1d"}, []string{
			"300 Payment tr_7UhSN1zuXS paid"}},
		{"query", []string{"--query", "type:300..310 !/tr_7/"}, []string{
			"310 Payment failed: insufficient funds", "300 Payment tr_WDqYK6vllg paid"}},
		{"query with links and a phrase", []string{"-q", `has:link !link:/v2/ "created"`}, []string{
			"400 Subscription created first charge on 2024-07-01", "200 Customer created"}},
		{"query by source", []string{"-q", "source:testdata/* payment"}, []string{
			"300 Payment tr_7UhSN1zuXS paid", "310 Payment failed: insufficient funds", "300 Payment tr_WDqYK6vllg paid"}},
		{"query and flags all hold", []string{"-q", "payment", "--type", "300", "--since", "2024-04-01"}, []string{
			"300 Payment tr_7UhSN1zuXS paid"}},
		{"query types and --type", []string{"-q", "type:200..300", "--type", "300,400"}, []string{
			"300 Payment tr_7UhSN1zuXS paid", "300 Payment tr_WDqYK6vllg paid"}},
		{"nothing is new in print mode", []string{"-q", "is:new"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := cliRun(t, cliStdin(t, ""), append(tt.args, cliFixture)...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			var got []string
			for line := range strings.Lines(out) {
				f := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
				if len(f) != 5 {
					t.Fatalf("tsv line with %d fields: %q", len(f), line)
				}
				got = append(got, f[1]+" "+f[2])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("printed\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestRunOutput(t *testing.T) {
	t.Run("tsv when stdout is not a terminal", func(t *testing.T) {
		out, errOut, code := cliRun(t, cliStdin(t, ""), "--type", "310,400", cliFixture)
		want := "2024-06-01T08:00:00Z\t400\tSubscription created first charge on 2024-07-01\thttps://www.mollie.com/dashboard/org_1/subscriptions/sub_rVKGtNd6s3\ttestdata/events.json\n" +
			"2024-03-22T13:42:04Z\t310\tPayment failed: insufficient funds\t\ttestdata/events.json\n"
		if code != 0 || errOut != "" || out != want {
			t.Errorf("exit %d, stderr %q, stdout\n%s\nwant\n%s", code, errOut, out, want)
		}
	})
	t.Run("tsv asked for is the same", func(t *testing.T) {
		a, _, _ := cliRun(t, cliStdin(t, ""), cliFixture)
		b, _, _ := cliRun(t, cliStdin(t, ""), "--output", "tsv", cliFixture)
		if a != b || a == "" {
			t.Errorf("default output\n%s\ndiffers from --output tsv\n%s", a, b)
		}
	})
	t.Run("table fits 120 when not a terminal", func(t *testing.T) {
		out, _, code := cliRun(t, cliStdin(t, ""), "--output", "table", cliFixture)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if code != 0 || len(lines) != 9 || !strings.HasPrefix(lines[0], "CREATED ") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
		if w := len([]rune(lines[0])); w > 120 || !strings.HasSuffix(lines[0], "SOURCE") {
			t.Errorf("header %q (%d wide)", lines[0], w)
		}
	})
	t.Run("json from stdin, without source", func(t *testing.T) {
		data, _ := os.ReadFile(cliFixture)
		out, errOut, code := cliRun(t, cliStdin(t, string(data)), "--output", "json", "--type", "200")
		want := `[
{"resource":"event","type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created","_links":{"url":{"href":"https://www.mollie.com/dashboard/org_1/customers/cst_8wmqcHMN4U","type":"text/html"}}}
]
`
		if code != 0 || errOut != "" || out != want {
			t.Errorf("exit %d, stderr %q, stdout\n%s\nwant\n%s", code, errOut, out, want)
		}
	})
	t.Run("json with source from two files", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "other.ndjson")
		os.WriteFile(other, []byte(`{"type":1,"createdAt":"2024-06-03T11:59:59Z","message":"from the other file"}`+"\n"), 0o644)
		out, _, code := cliRun(t, cliStdin(t, ""), "--output", "ndjson", "--since", "1d", cliFixture, other)
		want := `{"resource":"event","type":1,"createdAt":"2024-06-03T11:59:59Z","message":"from the other file","source":` + strconv.Quote(other) + "}\n" +
			`{"resource":"event","type":210,"createdAt":"2024-06-03T11:30:00.5Z","message":"Mandate revoked by customer","_links":{"url":{"href":"https://api.mollie.com/v2/customers/cst_8wmqcHMN4U/mandates/mdt_h3gAaD5zP","type":"application/hal+json"}},"source":"testdata/events.json"}` + "\n"
		if code != 0 || out != want {
			t.Errorf("exit %d, stdout\n%s\nwant\n%s", code, out, want)
		}
	})
	t.Run("nothing matches", func(t *testing.T) {
		for _, f := range []string{"tsv", "json", "ndjson"} {
			out, errOut, code := cliRun(t, cliStdin(t, ""), "--output", f, "--grep", "no such text", cliFixture)
			if want := map[string]string{"json": "[]\n"}[f]; code != 0 || errOut != "" || out != want {
				t.Errorf("%s: exit %d, stderr %q, stdout %q; want 0 and %q", f, code, errOut, out, want)
			}
		}
	})
	t.Run("stdin through a pipe", func(t *testing.T) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		go func() {
			w.WriteString(`{"type":7,"createdAt":"2024-03-20T09:13:37Z","message":"piped"}` + "\n")
			w.Close()
		}()
		out, errOut, code := cliRun(t, r)
		if want := "2024-03-20T09:13:37Z\t7\tpiped\t\tstdin\n"; code != 0 || errOut != "" || out != want {
			t.Errorf("exit %d, stderr %q, stdout %q; want %q", code, errOut, out, want)
		}
	})
}

func TestRunLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.json", "[\n{\"type\":200,\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"ok\"},\n{\"type\":\"200\",\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"m\"}\n]\n")
	cut := write("cut.json", "[\n{\"type\":200,\n")
	customer := write("customer.json", `{"resource":"customer","id":"cst_8wmqcHMN4U","name":"Jane"}`)
	missing := filepath.Join(dir, "nope.json")
	// File names are the user's, but may come from anywhere (*.json in a
	// download folder): one that sets the window title is shown without.
	hostile := write("x\x1b]0;pwned\x07.json", "[\n{\"type\":\"200\"}\n]\n")
	hostileMissing := filepath.Join(dir, "no\x1b[2Jfile")
	const noEventsNote = ": customer cst_8wmqcHMN4U has no \"events\" field: Mollie returns a customer's events only with ?include=events, and only on accounts where that option is enabled\n"
	tests := []struct {
		name           string
		args           []string
		stdin          string
		code           int
		stdout, stderr string // the whole of each
	}{
		{"missing file", []string{missing}, "", 1, "", "eventbrowser: cannot open " + missing + ": no such file or directory\n"},
		{"missing second file", []string{cliFixture, missing}, "", 1, "", "eventbrowser: cannot open " + missing + ": no such file or directory\n"},
		{"bad file names file and line", []string{bad}, "", 1, "", "eventbrowser: " + bad + `:3: field "type": want an integer or a name like payment.failed, got the string "200"` + "\n"},
		{"a file name with escapes", []string{hostile}, "", 1, "", "eventbrowser: " + dir + `/x.json:2: field "type": want an integer or a name like payment.failed, got the string "200"` + "\n"},
		{"a missing file name with escapes", []string{hostileMissing}, "", 1, "", "eventbrowser: cannot open " + dir + "/nofile: no such file or directory\n"},
		{"cut-off file", []string{cut}, "", 1, "", "eventbrowser: " + cut + ":3: unexpected end of input: the JSON is cut off\n"},
		{"bad stdin", []string{"--output", "json"}, "[\n  nonsense\n]", 1, "", "eventbrowser: stdin:2: invalid JSON: invalid character 'o' in literal null (expecting 'u')\n"},
		{"a bad file after a good one prints nothing", []string{"--output", "json", cliFixture, bad}, "", 1, "", "eventbrowser: " + bad + `:3: field "type": want an integer or a name like payment.failed, got the string "200"` + "\n"},
		{"customer without events", []string{customer}, "", 0, "", "eventbrowser: " + customer + noEventsNote},
		{"customer without events as json", []string{"--output", "json", customer}, "", 0, "[]\n", "eventbrowser: " + customer + noEventsNote},
		{"customer without events besides events", []string{"--type", "200", customer, cliFixture}, "", 0,
			"2024-03-20T09:13:37Z\t200\tCustomer created\thttps://www.mollie.com/dashboard/org_1/customers/cst_8wmqcHMN4U\ttestdata/events.json\n",
			"eventbrowser: " + customer + noEventsNote},
		{"empty stdin", nil, "\n", 0, "", "eventbrowser: stdin: empty, no events\n"},
		{"skip-invalid prints the rest and says what it skipped", []string{"--skip-invalid", bad}, "", 0,
			"2024-03-20T09:13:37Z\t200\tok\t\t" + bad + "\n",
			"eventbrowser: " + bad + ": skipped 1 invalid event: " + bad + `:3: field "type": want an integer or a name like payment.failed, got the string "200"` + "\n"},
		{"skip-invalid on NDJSON from stdin", []string{"--skip-invalid", "--output", "ndjson"},
			"{\"type\":1,\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"a\"}\nnot json\n{\"type\":2}\n{\"type\":3,\"createdAt\":\"2024-03-20T09:13:38Z\",\"message\":\"b\"}\n", 0,
			`{"resource":"event","type":3,"createdAt":"2024-03-20T09:13:38Z","message":"b"}` + "\n" + `{"resource":"event","type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a"}` + "\n",
			"eventbrowser: stdin: skipped 2 invalid events: stdin:2: invalid JSON: invalid character 'o' in literal null (expecting 'u'); stdin:3: missing field \"createdAt\"\n"},
		{"skip-invalid cannot get past a cut-off array", []string{"--skip-invalid", cut}, "", 1, "",
			"eventbrowser: " + cut + ":3: unexpected end of input: the JSON is cut off (--skip-invalid cannot help: past broken JSON there is no telling where the next event starts)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := cliRun(t, cliStdin(t, tt.stdin), tt.args...)
			if code != tt.code || out != tt.stdout || errOut != tt.stderr {
				t.Errorf("exit %d, stdout %q, stderr\n%q\nwant exit %d, stdout %q, stderr\n%q", code, out, errOut, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

func TestRunDemoJSON(t *testing.T) {
	out, errOut, code := cliRun(t, cliStdin(t, ""), "--demo", "--output", "json")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var raw []map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("not a JSON array: %v", err)
	}
	if len(raw) != 360 {
		t.Errorf("%d events, want 360", len(raw))
	}
	d, err := model.Decode("demo.json", []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Events) != 360 {
		t.Fatalf("%d events decode again, want 360", len(d.Events))
	}
	sources := map[string]bool{}
	for _, e := range d.Events {
		sources[string(e.Source)] = true
	}
	if len(sources) != 4 {
		t.Errorf("the demo's 4 customers came back as the sources %v", sources)
	}
	// And printing what was read back gives the same bytes.
	l := model.NewList()
	l.Append(d.Events...)
	var again bytes.Buffer
	if err := output.Print(&again, output.FormatJSON, l.All(), output.Options{WithSource: true}); err != nil {
		t.Fatal(err)
	}
	if again.String() != out {
		t.Error("printing the decoded demo gives other bytes")
	}
}

// Print mode shows progress on stderr only when stderr is a terminal, and
// clears it: the data on stdout and the notes are untouched.
func TestPrintProgress(t *testing.T) {
	var out bytes.Buffer
	p := progressLine{w: &out, on: true}
	p.started = time.Now().Add(-time.Second) // a long load
	many := source.Batch{Chunks: []*model.Chunk{{}}}
	for range 1200 {
		many.Chunks[0].Add(&model.Event{})
	}
	p.add(many)
	p.clear()
	if got, want := out.String(), "\r\x1b[Kloading… 1,200 events\r\x1b[K"; got != want {
		t.Errorf("stderr got %q, want %q", got, want)
	}

	out.Reset()
	p = progressLine{w: &out, on: false} // stderr is not a terminal
	p.started = time.Now().Add(-time.Second)
	p.add(many)
	p.clear()
	if out.Len() != 0 {
		t.Errorf("progress was written to a stderr that is not a terminal: %q", out.String())
	}

	out.Reset()
	p = progressLine{w: &out, on: true}
	p.started = time.Now().Add(-time.Second)
	p.add(source.Batch{Progress: &source.Progress{Done: 3, Total: 10, Events: 40, Failed: 1, Listing: true}})
	if got, want := out.String(), "\r\x1b[Kloading… customers 3/10+ · events 40 · 1 failed"; got != want {
		t.Errorf("stderr got %q, want %q", got, want)
	}
}

// The command the table's X copies carries what changes which events load:
// --skip-invalid and --max-event-size among them (issue 24, item 15).
func TestSourceArgsCarryTheReadingFlags(t *testing.T) {
	o := &options{skipInvalid: true, maxEventSize: 1 << 20, paths: []string{"e.json"}}
	got := strings.Join(o.sourceArgs(), " ")
	if want := "--skip-invalid --max-event-size 1048576 -- e.json"; got != want {
		t.Errorf("sourceArgs = %q, want %q", got, want)
	}
}

// A history with named types prints, filters and sorts by them, and its
// ndjson reads back as the same events.
func TestRunNamedTypes(t *testing.T) {
	const file = "testdata/named_types.ndjson"
	for _, tt := range []struct {
		name string
		args []string
		want []string // "type message" of each printed event, in order
	}{
		{"--type a prefix and a number", []string{"--type", "payment.*,300", "--sort", "created"}, []string{
			"payment.failed Payment failed: insufficient funds · creditcard · €113.87 · Order #6887", "payment.paid Payment paid · ideal · €10.00",
			"300 Payment tr_9fLm2QwZkE paid", "payment.failed Payment failed: card expired"}},
		{"a name in the query", []string{"-q", "type:subscription.canceled,customer.created"}, []string{
			"subscription.canceled Subscription canceled", "customer.created Customer created"}},
		{"sort by type: numbers, then names", []string{"--sort", "type"}, []string{
			"300 Payment tr_9fLm2QwZkE paid", "customer.created Customer created",
			"payment.failed Payment failed: insufficient funds · creditcard · €113.87 · Order #6887",
			"payment.failed Payment failed: card expired", "payment.paid Payment paid · ideal · €10.00",
			"subscription.canceled Subscription canceled"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := cliRun(t, cliStdin(t, ""), append(tt.args, file)...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			var got []string
			for line := range strings.Lines(out) {
				f := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
				got = append(got, f[1]+" "+f[2])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("printed\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	// The ndjson of the history, loaded again and printed as ndjson, is
	// the same bytes: names intact.
	first, errOut, code := cliRun(t, cliStdin(t, ""), "-o", "ndjson", "--sort", "none", file)
	if code != 0 || errOut != "" || !strings.Contains(first, `"type":"payment.failed"`) {
		t.Fatalf("exit %d, stderr %q, output\n%s", code, errOut, first)
	}
	again, errOut, code := cliRun(t, cliStdin(t, first), "-o", "ndjson", "--sort", "none")
	if code != 0 || errOut != "" || again != first {
		t.Errorf("exit %d, stderr %q: read back and printed\n%s\nwant\n%s", code, errOut, again, first)
	}
}
