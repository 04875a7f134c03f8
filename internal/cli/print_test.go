package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/timefmt"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/source"
)

// lineWriter hands each line written to it to a channel.
type lineWriter struct {
	mu    sync.Mutex
	part  string
	lines chan string
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.part += string(p)
	for {
		i := strings.IndexByte(w.part, '\n')
		if i < 0 {
			return len(p), nil
		}
		w.lines <- w.part[:i]
		w.part = w.part[i+1:]
	}
}

// With --sort none, print mode writes each burst of a pipe before the next
// is sent: a live filter.
func TestPrintStreamsWithSortNone(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out := &lineWriter{lines: make(chan string, 100)}
	var stderr strings.Builder
	code := make(chan int, 1)
	go func() {
		code <- Run([]string{"--sort", "none", "--output", "tsv", "--type", "2"}, Env{stdin: r, stdout: out, stderr: &stderr, now: cliNow, build: testBuild})
	}()
	for burst := 1; burst <= 3; burst++ {
		for i := range burst {
			// Type 1 is filtered out; type 2 is printed.
			fmt.Fprintf(w, `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"hidden"}`+"\n")
			fmt.Fprintf(w, `{"type":2,"createdAt":"2024-03-20T09:13:37Z","message":"burst %d, %d"}`+"\n", burst, i)
		}
		for i := range burst {
			select {
			case line := <-out.lines:
				if want := fmt.Sprintf("2024-03-20T09:13:37Z\t2\tburst %d, %d\t\tstdin", burst, i); line != want {
					t.Fatalf("got %q, want %q", line, want)
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("burst %d not printed in 30 s while the pipe is open", burst)
			}
		}
	}
	w.Close()
	if c := <-code; c != 0 {
		t.Fatalf("exit status %d: %s", c, stderr.String())
	}
	select {
	case line := <-out.lines:
		t.Fatalf("more output: %q", line)
	default:
	}
}

// --sort none prints in input order, streamed, in every format but
// table: the same as a sorted print would hold.
func TestPrintSortNoneFormats(t *testing.T) {
	in := `{"type":300,"createdAt":"2024-03-21T09:13:37Z","message":"=Payment paid"}
{"type":200,"createdAt":"2024-03-20T09:13:37Z","message":"Customer created"}
`
	want := map[string]string{
		"tsv":    "2024-03-21T09:13:37Z\t300\t=Payment paid\t\tstdin\n2024-03-20T09:13:37Z\t200\tCustomer created\t\tstdin\n",
		"csv":    "created,type,message,link,source\n2024-03-21T09:13:37Z,300,'=Payment paid,,stdin\n2024-03-20T09:13:37Z,200,Customer created,,stdin\n",
		"ndjson": `{"resource":"event","type":300,"createdAt":"2024-03-21T09:13:37Z","message":"=Payment paid"}` + "\n" + `{"resource":"event","type":200,"createdAt":"2024-03-20T09:13:37Z","message":"Customer created"}` + "\n",
		"json":   "[\n" + `{"resource":"event","type":300,"createdAt":"2024-03-21T09:13:37Z","message":"=Payment paid"}` + ",\n" + `{"resource":"event","type":200,"createdAt":"2024-03-20T09:13:37Z","message":"Customer created"}` + "\n]\n",
	}
	for format, want := range want {
		out, stderr, code := cliRun(t, cliStdin(t, in), "--sort", "none", "--output", format)
		if code != 0 || out != want {
			t.Errorf("--output %s: status %d, stderr %q, output\n%q\nwant\n%q", format, code, stderr, out, want)
		}
	}
}

// --watch refuses standard input from a pipe, which cannot be read again.
func TestWatchRefusesAPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w.WriteString("[]")
	w.Close()
	_, stderr, code := cliRun(t, r, "--watch", "5s", "--output", "tsv")
	if code != 2 || !strings.Contains(stderr, "--watch reads the input again, but stdin is a pipe") {
		t.Fatalf("status %d, stderr %q", code, stderr)
	}
}

var _ io.Writer = (*lineWriter)(nil)

// growingSource returns one more event at each load, and cancels the
// watch at its fourth. event makes the i-th event (nil: "event i").
type growingSource struct {
	loads  int
	cancel func()
	event  func(i int) model.Event
}

func (g *growingSource) Load(ctx context.Context, send func(source.Batch)) error {
	g.loads++
	if g.loads == 4 {
		g.cancel()
		return ctx.Err()
	}
	c := &model.Chunk{}
	for i := range min(g.loads, 2) { // the third load finds nothing new
		ev := model.Event{Type: 1, Message: fmt.Sprintf("event %d", i), CreatedRaw: "2024-03-20T09:13:3" + strconv.Itoa(i) + "Z", Source: "cst_1"}
		if g.event != nil {
			ev = g.event(i)
		}
		ev.Created, _ = timefmt.Parse(ev.CreatedRaw)
		c.Add(&ev)
	}
	send(source.Batch{Chunks: []*model.Chunk{c}})
	return nil
}

// --watch in print mode prints what each refresh finds new.
func TestPrintWatchPrintsNewEvents(t *testing.T) {
	for _, tt := range []struct {
		format output.Format
		want   string
	}{
		{output.FormatTSV, "2024-03-20T09:13:30Z\t1\tevent 0\t\tcst_1\n" + "2024-03-20T09:13:31Z\t1\tevent 1\t\tcst_1\n"},
		// One header, over the rows of every refresh.
		{output.FormatCSV, "created,type,message,link,source\n2024-03-20T09:13:30Z,1,event 0,,cst_1\n" + "2024-03-20T09:13:31Z,1,event 1,,cst_1\n"},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		var out, stderr strings.Builder
		src := &growingSource{cancel: cancel}
		o := &options{watch: time.Millisecond, sort: model.DefaultSort}
		err := watchLoop(ctx, src, o, Env{stdout: &out, stderr: &stderr}, tt.format)
		cancel()
		if err != nil || out.String() != tt.want || src.loads != 4 {
			t.Errorf("%v: %v after %d loads, output\n%s\nwant\n%s\nstderr %s", tt.format, err, src.loads, out.String(), tt.want, stderr.String())
		}
	}
}

// A file holding several customers (a list response, the demo) writes each
// event's source when streamed, as when sorted: saved and loaded again,
// the events keep their customers.
func TestPrintSortNoneKeepsSources(t *testing.T) {
	list := `{"count":2,"_embedded":{"customers":[` +
		`{"resource":"customer","id":"cst_a","events":[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a"}]},` +
		`{"resource":"customer","id":"cst_b","events":[{"type":2,"createdAt":"2024-03-21T09:13:37Z","message":"b"}]}]}}`
	for _, args := range [][]string{{"--demo"}, {"-"}} {
		for _, sort := range []string{"none", "created"} {
			out, stderr, code := cliRun(t, cliStdin(t, list), append(args, "--sort", sort, "--output", "ndjson")...)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if code != 0 || len(lines) < 2 {
				t.Fatalf("%v --sort %s: status %d, stderr %q, output %q", args, sort, code, stderr, out)
			}
			for _, l := range lines {
				if !strings.Contains(l, `"source":"cst_`) {
					t.Errorf("%v --sort %s: %s has no customer source", args, sort, l)
					break
				}
			}
		}
	}
}

// fileLikeSource loads whole, as a file does: its loads send events 0 and
// 1, then 0 alone (1 left the file), then both again; it cancels the
// watch at its fourth.
type fileLikeSource struct{ growingSource }

func (f *fileLikeSource) LoadsWhole() bool { return true }

func (f *fileLikeSource) Load(ctx context.Context, send func(source.Batch)) error {
	f.loads++
	if f.loads == 4 {
		f.cancel()
		return ctx.Err()
	}
	c := &model.Chunk{}
	for i := range []int{2, 1, 2}[f.loads-1] {
		ev := model.Event{Type: 1, Message: fmt.Sprintf("event %d", i), CreatedRaw: "2024-03-20T09:13:3" + strconv.Itoa(i) + "Z", Source: "f.json"}
		ev.Created, _ = timefmt.Parse(ev.CreatedRaw)
		c.Add(&ev)
	}
	send(source.Batch{Chunks: []*model.Chunk{c}})
	return nil
}

// TestPrintWatchShowsTheFileAsItIsNow: --watch follows a file as it is
// now: an event that left it and came back is printed again.
func TestPrintWatchShowsTheFileAsItIsNow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, stderr strings.Builder
	src := &fileLikeSource{growingSource{cancel: cancel}}
	o := &options{watch: time.Millisecond, sort: model.DefaultSort}
	if err := watchLoop(ctx, src, o, Env{stdout: &out, stderr: &stderr}, output.FormatTSV); err != nil {
		t.Fatal(err)
	}
	want := "2024-03-20T09:13:31Z\t1\tevent 1\t\tf.json\n2024-03-20T09:13:30Z\t1\tevent 0\t\tf.json\n" +
		"2024-03-20T09:13:31Z\t1\tevent 1\t\tf.json\n"
	if out.String() != want {
		t.Errorf("output\n%s\nwant\n%s", out.String(), want)
	}
}

// TestPrintReadsAFileThatSaysItIsEmpty: a file whose size reads 0 but has
// content, as those of /proc do, is read to its end: here its text is not
// JSON, and the error quotes it, rather than "empty, no events".
func TestPrintReadsAFileThatSaysItIsEmpty(t *testing.T) {
	const path = "/proc/self/status"
	if st, err := os.Stat(path); err != nil || st.Size() != 0 {
		t.Skip("needs Linux's /proc, whose files say they are empty")
	}
	_, stderr, code := cliRun(t, nil, "-o", "tsv", path)
	if code != 1 || !strings.Contains(stderr, path+`:1: not JSON events`) || !strings.Contains(stderr, `"Name:`) {
		t.Errorf("status %d, stderr %q; want 1 and an error quoting the file's first line", code, stderr)
	}
}

// TestPrintRefusesDatesOutsideTheHeldYears: a file with an event created
// in 2300 fails with its file and line; with --skip-invalid the rest
// prints.
func TestPrintRefusesDatesOutsideTheHeldYears(t *testing.T) {
	path := t.TempDir() + "/far.ndjson"
	data := `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"ok"}` + "\n" +
		`{"type":1,"createdAt":"2300-01-01T00:00:00Z","message":"far"}` + "\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := cliRun(t, nil, "-o", "tsv", path)
	if code != 1 || !strings.Contains(stderr, path+`:2: field "createdAt": "2300-01-01T00:00:00Z" is outside the years eventbrowser holds, 1900 to 2099 (UTC)`) {
		t.Errorf("status %d, stderr %q", code, stderr)
	}
	out, stderr, code := cliRun(t, nil, "-o", "tsv", "--skip-invalid", path)
	if code != 0 || !strings.HasPrefix(out, "2024-03-20T09:13:37Z\t1\tok\t") || strings.Count(out, "\n") != 1 || !strings.Contains(stderr, "skipped 1 invalid event") {
		t.Errorf("--skip-invalid: status %d, output %q, stderr %q", code, out, stderr)
	}
}

// TestPrintQueryMatchesTheTextAsShown: -q "family 👨👩👧" finds the family
// its message joins with zero-width joiners, and "zahlung" the Zah­lung
// with a soft hyphen, as the screen shows them.
func TestPrintQueryMatchesTheTextAsShown(t *testing.T) {
	events := `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"family 👨\u200d👩\u200d👧"}` + "\n" +
		`{"type":2,"createdAt":"2024-03-20T09:13:38Z","message":"Zah\u00adlung"}` + "\n" +
		`{"type":3,"createdAt":"2024-03-20T09:13:39Z","message":"other"}` + "\n"
	for _, q := range []string{`"family 👨👩👧"`, "zahlung"} {
		out, stderr, code := cliRun(t, cliStdin(t, events), "-q", q, "-o", "tsv", "--sort", "none")
		if code != 0 || strings.Count(out, "\n") != 1 {
			t.Errorf("-q %s: status %d, output %q, stderr %q; want one event", q, code, out, stderr)
		}
	}
}

// -o table into a pipe fits $COLUMNS, or 80 columns without it (issue 23,
// item 15).
func TestTableWidthIntoAPipe(t *testing.T) {
	for _, tt := range []struct {
		columns string
		want    int
	}{{"", 80}, {"100", 100}, {"abc", 80}, {"-5", 80}} {
		e := Env{getenv: func(k string) string {
			if k == "COLUMNS" {
				return tt.columns
			}
			return ""
		}}
		if got := tableWidth(e); got != tt.want {
			t.Errorf("COLUMNS=%q: width %d, want %d", tt.columns, got, tt.want)
		}
	}
}
