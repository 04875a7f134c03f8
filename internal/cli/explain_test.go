package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// decodeError is the error, and the notes, of reading in as the file
// name the way source.File does: streamed, with --max-event-size 1KB.
func decodeError(t *testing.T, name, in string, skip bool) ([]string, error) {
	t.Helper()
	opts := model.DecodeOptions{MaxEventSize: 1 << 10, SkipInvalid: skip, Explain: explainSkipped}
	notes, err := model.DecodeStream(context.Background(), name, strings.NewReader(in), opts, func(*model.Chunk) {})
	return notes, err
}

// TestExplain: what the layers below say of the input and the API, the
// command says naming the flag that changes it, in the words the README
// and the help have always used.
func TestExplain(t *testing.T) {
	ok := `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"ok"}` + "\n"
	big := `{"type":2,"createdAt":"2024-03-20T09:13:37Z","message":"` + strings.Repeat("x", 2<<10) + `"}` + "\n"
	endless := `[{"type":1,"message":"` + strings.Repeat("a", 9<<20) // past a block of the decoder
	_, tooBig := decodeError(t, "big.ndjson", ok+big+ok, false)
	_, never := decodeError(t, "endless.json", endless, true)
	_, cut := decodeError(t, "cut.json", "[\n"+ok+",\n", true)
	bigSize := model.FormatSize(int64(len(big) - 1))
	rateLimited := &source.APIError{Status: 429, What: "customer cst_1", Host: "api.test", KeyPrefix: "test_…",
		Title: "Too Many Requests", Detail: "You have exceeded the rate limit. Please slow down your requests."}
	tests := []struct {
		name        string
		err         error
		skipInvalid bool
		want        string
	}{
		{"a value over the limit", tooBig, false,
			"big.ndjson:2: a JSON value of " + bigSize + ", over the --max-event-size limit of 1 KB; raise it to read this input"},
		{"a value that never ends", never, true,
			"endless.json:1: a JSON value of more than 1 KB, over the --max-event-size limit; raise it to read this input"},
		{"broken JSON, skipping", cut, true,
			"cut.json:4: unexpected end of input: the JSON is cut off" + skipHint},
		{"broken JSON, not skipping", cut, false,
			"cut.json:4: unexpected end of input: the JSON is cut off"},
		{"a request not answered in time", fmt.Errorf("loading: %w", &source.TimeoutError{What: "customer cst_1", Host: "api.test", After: 100 * time.Millisecond}), false,
			"loading: customer cst_1: api.test did not answer within 100ms (--timeout)"},
		{"rate-limited, after retries", fmt.Errorf("%w (gave up after 5 tries)", rateLimited), false,
			"customer cst_1: HTTP 429 Too Many Requests: You have exceeded the rate limit. Please slow down your requests.; try a lower --concurrency (gave up after 5 tries)"},
		{"a key without permission", &source.APIError{Status: 403, What: "customer cst_1", Host: "api.test", KeyPrefix: "test_…", Title: "Forbidden", Detail: "Access denied"}, false,
			"customer cst_1: the API key (test_…) lacks permission (HTTP 403 Forbidden: Access denied); check MOLLIE_API_KEY, or use --testmode with an access token"},
		{"status: where resources are not fetched", source.ErrNoStatuses, false,
			"status: needs --expand: the statuses are those of the resources events link to"},
		{"anything else, as it is", fmt.Errorf("cannot open x.json: %w", os.ErrNotExist), true,
			"cannot open x.json: file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("no error to explain")
			}
			o := &options{skipInvalid: tt.skipInvalid}
			if got := o.explain(tt.err); got != tt.want {
				t.Errorf("explain\n got %s\nwant %s", got, tt.want)
			}
		})
	}
	// A value skipped is said in the note without the advice.
	notes, _ := decodeError(t, "big.ndjson", ok+big+ok, true)
	if want := "big.ndjson: skipped 1 invalid event: big.ndjson:2: a JSON value of " + bigSize + ", over the --max-event-size limit of 1 KB"; len(notes) != 1 || notes[0] != want {
		t.Errorf("notes %q, want %q", notes, want)
	}
}

// TestRunOverSize reads a file with a value over --max-event-size, as the
// README's Limits section shows it, and skips it with --skip-invalid.
func TestRunOverSize(t *testing.T) {
	line := func(typ int, msg string) string {
		return fmt.Sprintf(`{"type":%d,"createdAt":"2024-03-20T09:13:3%dZ","message":"%s"}`, typ, typ, msg) + "\n"
	}
	big := filepath.Join(t.TempDir(), "big.ndjson")
	value := line(2, strings.Repeat("x", 3<<10))
	size := model.FormatSize(int64(len(value) - 1))
	if err := os.WriteFile(big, []byte(line(1, "ok")+value+line(3, "ok")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := cliRun(t, cliStdin(t, ""), "--max-event-size", "2KB", big)
	if want := "eventbrowser: " + big + ":2: a JSON value of " + size + ", over the --max-event-size limit of 2 KB; raise it to read this input\n"; code != 1 || out != "" || errOut != want {
		t.Errorf("exit %d, stdout %q, stderr\n%q\nwant 1 and\n%q", code, out, errOut, want)
	}
	out, errOut, code = cliRun(t, cliStdin(t, ""), "--max-event-size", "2KB", "--skip-invalid", big)
	if want := "eventbrowser: " + big + ": skipped 1 invalid event: " + big + ":2: a JSON value of " + size + ", over the --max-event-size limit of 2 KB\n"; code != 0 || strings.Count(out, "\n") != 2 || errOut != want {
		t.Errorf("exit %d, stdout %q, stderr\n%q\nwant 0, two events and\n%q", code, out, errOut, want)
	}
}

// TestRunAPIErrorsNameFlags: a key without permission and a customer that
// does not answer in time, from the fake API, name --testmode and
// --timeout on stderr.
func TestRunAPIErrorsNameFlags(t *testing.T) {
	srv := molliefake.New(t, molliefake.WithIncludeEvents())
	l := srv.AddLinked()
	srv.Fail(l.Customer, molliefake.Fault{Status: 403})
	_, errOut, code := runWithKey(t, srv.Key, "--api-url", srv.URL, "--customer", l.Customer, "--output", "tsv")
	if code != 1 || !strings.Contains(errOut, "lacks permission") || !strings.HasSuffix(errOut, "; check MOLLIE_API_KEY, or use --testmode with an access token\n") {
		t.Errorf("403: exit %d, stderr %q", code, errOut)
	}
	srv.Fail(l.Customer, molliefake.Fault{Latency: time.Minute})
	var out, stderr bytes.Buffer
	getenv := func(string) string { return srv.Key }
	code = Run([]string{"--api-url", srv.URL, "--customer", l.Customer, "--timeout", "50ms", "--output", "tsv"},
		Env{stdin: cliStdin(t, ""), stdout: &out, stderr: &stderr, now: cliNow, getenv: getenv, build: testBuild})
	if want := " did not answer within 50ms (--timeout)\n"; code != 1 || !strings.Contains(stderr.String(), want) {
		t.Errorf("timeout: exit %d, stderr %q; want it to say %q", code, stderr.String(), want)
	}
}
