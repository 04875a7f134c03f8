package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// TestPrintSortedKeepsWhatLoadedWhenTheAPIGoesAway: the fake API closes
// while the ninth of twenty customers is being fetched, one at a time.
// Sorted print mode prints the eight customers' events that loaded, says
// that the API stopped answering and how many customers did not load, and
// exits 1, in every format; --sort none did so already.
func TestPrintSortedKeepsWhatLoadedWhenTheAPIGoesAway(t *testing.T) {
	for _, format := range []string{"tsv", "json", "ndjson", "csv", "table"} {
		t.Run(format, func(t *testing.T) {
			srv := molliefake.New(t, molliefake.WithIncludeEvents())
			var ids []string
			for i := range 20 {
				ids = append(ids, addCustomerEvents(srv, fmt.Sprintf("cst_Gone%06d", i), 2))
			}
			// The ninth answers late enough for the server to close first.
			srv.Fail(ids[8], molliefake.Fault{Latency: time.Minute})
			go func() {
				for srv.RequestsFor(ids[8]) == 0 {
					time.Sleep(time.Millisecond) // a wait-for: the request is on its way
				}
				srv.Close()
			}()
			out, errOut, code := runWithKey(t, srv.Key, "--api-url", srv.URL, "--customer", strings.Join(ids, ","),
				"--concurrency", "1", "--sort", "created", "--output", format)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if !strings.Contains(errOut, "the API stopped answering") || !strings.Contains(errOut, "12 customer(s) were not loaded") {
				t.Errorf("stderr does not say what did not load:\n%s", errOut)
			}
			for i, id := range ids {
				if got, want := strings.Count(out, "event of "+id), map[bool]int{true: 2}[i < 8]; got != want {
					t.Errorf("%d events of %s printed, want %d:\n%s", got, id, want, out)
				}
			}
		})
	}
}

// addCustomerEvents adds a customer with n events whose messages name it.
func addCustomerEvents(srv *molliefake.Server, id string, n int) string {
	c := molliefake.Customer{ID: id}
	for i := range n {
		c.Events = append(c.Events, molliefake.NewEvent(200+i, fmt.Sprintf("2024-03-%02dT09:13:37Z", 1+i), "event of "+id, ""))
	}
	return srv.AddCustomer(c)
}

// TestPrintSortNoneWritesEventsBeforeADecodeError: with --sort none, the
// events read before an invalid one in the same block are written, in
// every streamed format, from a file and from standard input, then the
// error is said and the exit status is 1.
func TestPrintSortNoneWritesEventsBeforeADecodeError(t *testing.T) {
	const bad = "[\n{\"type\":200,\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"ok\"},\n{\"type\":\"200\",\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"m\"}\n]\n"
	path := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	const event = `{"resource":"event","type":200,"createdAt":"2024-03-20T09:13:37Z","message":"ok"}`
	for _, tt := range []struct{ format, fromFile, fromStdin string }{
		{"json", "[\n" + event + "\n]\n", "[\n" + event + "\n]\n"},
		{"ndjson", event + "\n", event + "\n"},
		{"csv", "created,type,message,link,source\n2024-03-20T09:13:37Z,200,ok,,FILE\n", "created,type,message,link,source\n2024-03-20T09:13:37Z,200,ok,,stdin\n"},
		{"tsv", "2024-03-20T09:13:37Z\t200\tok\t\tFILE\n", "2024-03-20T09:13:37Z\t200\tok\t\tstdin\n"},
	} {
		for _, fromFile := range []bool{true, false} {
			args, stdin, want, name := []string{"--sort", "none", "--output", tt.format, path}, "", strings.ReplaceAll(tt.fromFile, "FILE", path), path
			if !fromFile {
				args, stdin, want, name = args[:4], bad, tt.fromStdin, "stdin"
			}
			out, errOut, code := cliRun(t, cliStdin(t, stdin), args...)
			wantErr := "eventbrowser: " + name + `:3: field "type": want an integer or a name like payment.failed, got the string "200"` + "\n"
			if out != want || errOut != wantErr || code != 1 {
				t.Errorf("%s from %s: exit %d, stdout %q, stderr %q; want exit 1, stdout %q, stderr %q", tt.format, name, code, out, errOut, want, wantErr)
			}
		}
	}
}
