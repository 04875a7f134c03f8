package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/model"
)

const twoEvents = `[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"},
{"type":300,"createdAt":"2024-03-21T09:13:37Z","message":"Payment paid"}]`

// ndjsonOneBad is two events and, between them, one without a createdAt.
const ndjsonOneBad = `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}
{"type":250,"message":"no time"}
{"type":300,"createdAt":"2024-03-21T09:13:37Z","message":"Payment paid"}
`

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

// load runs src and collects what it sends.
func load(t *testing.T, src Source) ([]Batch, error) {
	t.Helper()
	var got []Batch
	err := src.Load(context.Background(), func(b Batch) { got = append(got, b) })
	return got, err
}

func TestFileLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain := write("events.json", []byte(twoEvents))
	// The name says nothing: shapes and compression come from the content.
	zipped := write("events.txt", gz(t, twoEvents))
	customer := write("cst.json", []byte(`{"resource":"customer","id":"cst_8wmqcHMN4U","events":[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}]}`))
	noEvents := write("noevents.json", []byte(`{"resource":"customer","id":"cst_8wmqcHMN4U"}`))
	empty := write("empty.json", nil)
	bad := write("bad.json", []byte("[\n{\"type\":200,\"createdAt\":\"x\",\"message\":\"m\"}\n]"))
	corrupt := write("corrupt.gz", gz(t, twoEvents)[:20])

	tests := []struct {
		name    string
		src     File
		sources []string // the Source of each event, in order
		notes   int
		err     string
	}{
		{"plain", File{Paths: []string{plain}}, []string{plain, plain}, 0, ""},
		{"gzip detected from content", File{Paths: []string{zipped}}, []string{zipped, zipped}, 0, ""},
		{"customer ID is the source", File{Paths: []string{customer}}, []string{"cst_8wmqcHMN4U"}, 0, ""},
		{"several files, one batch each", File{Paths: []string{plain, customer}}, []string{plain, plain, "cst_8wmqcHMN4U"}, 0, ""},
		{"customer without events is a note", File{Paths: []string{noEvents}}, nil, 1, ""},
		{"empty file is a note", File{Paths: []string{empty}}, nil, 1, ""},
		{"stdin", File{Paths: []string{"-"}, Stdin: strings.NewReader(twoEvents)}, []string{"stdin", "stdin"}, 0, ""},
		{"gzip on stdin", File{Paths: []string{"-"}, Stdin: bytes.NewReader(gz(t, twoEvents))}, []string{"stdin", "stdin"}, 0, ""},
		{"missing file", File{Paths: []string{filepath.Join(dir, "nope.json")}}, nil, 0, "cannot open " + filepath.Join(dir, "nope.json") + ": no such file or directory"},
		{"decode error names file and line", File{Paths: []string{bad}}, nil, 0, bad + `:2: field "createdAt": cannot parse "x" as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z)`},
		{"truncated gzip", File{Paths: []string{corrupt}}, nil, 0, "cannot read " + corrupt + ": gzip: unexpected EOF"},
		{"stops at the first failing file", File{Paths: []string{plain, bad, customer}}, []string{plain, plain}, 0, bad + ":2:"},
		{"skip-invalid: the bad event is skipped with a note", File{Paths: []string{plain, bad, customer}, SkipInvalid: true}, []string{plain, plain, "cst_8wmqcHMN4U"}, 1, ""},
		{"skip-invalid on stdin", File{Paths: []string{"-"}, SkipInvalid: true, Stdin: strings.NewReader(ndjsonOneBad)}, []string{"stdin", "stdin"}, 1, ""},
		{"skip-invalid cannot get past broken JSON", File{Paths: []string{corrupt}, SkipInvalid: true}, nil, 0, "cannot read " + corrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			batches, err := load(t, tt.src)
			if tt.err == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.err)) {
				t.Fatalf("error = %v, want it to start with %q", err, tt.err)
			}
			var sources []string
			notes := 0
			for _, b := range batches {
				for _, e := range eventsOf(b) {
					sources = append(sources, string(e.Source))
				}
				notes += len(b.Notes)
			}
			if strings.Join(sources, ",") != strings.Join(tt.sources, ",") {
				t.Errorf("sources = %q, want %q", sources, tt.sources)
			}
			if notes != tt.notes {
				t.Errorf("%d notes, want %d", notes, tt.notes)
			}
		})
	}
}

func TestFileLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := File{Paths: []string{"-"}, Stdin: strings.NewReader(twoEvents)}
	err := src.Load(ctx, func(Batch) { t.Error("a cancelled load sent a batch") })
	if err != context.Canceled {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestFileLoadKeepsEvents(t *testing.T) {
	batches, err := load(t, File{Paths: []string{"-"}, Stdin: strings.NewReader(twoEvents)})
	if err != nil {
		t.Fatal(err)
	}
	want := []model.Event{{Type: 200, Message: "Customer created"}, {Type: 300, Message: "Payment paid"}}
	var got []model.Event
	for _, b := range batches {
		got = append(got, eventsOf(b)...)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Type != want[i].Type || got[i].Message != want[i].Message {
			t.Errorf("event %d = %d %q, want %d %q", i, got[i].Type, got[i].Message, want[i].Type, want[i].Message)
		}
	}
}

// TestFileLoadStdinFromFile reads standard input redirected from a file as
// that file, from where its offset stands (as after `(read first; cmd) <
// f`), gzip or not: the same events, and none of the batches says the
// input is still open, as only a stream's do. A refresh reads the same
// events again.
func TestFileLoadStdinFromFile(t *testing.T) {
	lines := `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"read by the shell"}
{"type":200,"createdAt":"2024-03-20T09:13:37Z","message":"Customer created"}
{"type":300,"createdAt":"2024-03-21T09:13:37Z","message":"Payment paid"}
`
	tests := []struct {
		name  string
		data  []byte
		skip  int64
		open  bool
		types []int
	}{
		{"from the start", []byte(lines), 0, false, []int{1, 200, 300}},
		{"from the offset", []byte(lines), int64(strings.Index(lines, "\n") + 1), false, []int{200, 300}},
		{"gzip, as a stream", gz(t, lines), 0, true, []int{1, 200, 300}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "events")
			if err := os.WriteFile(p, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.Seek(tt.skip, io.SeekStart); err != nil {
				t.Fatal(err)
			}
			src := File{Paths: []string{"-"}, Stdin: f}
			for _, pass := range []string{"first", "refresh"} {
				batches, err := load(t, src)
				if err != nil {
					t.Fatal(err)
				}
				var types []int
				open := false
				for _, b := range batches {
					open = open || b.Open != ""
					for _, e := range eventsOf(b) {
						types = append(types, e.Type)
					}
				}
				if !slices.Equal(types, tt.types) || open != tt.open {
					t.Errorf("%s load: types %v, open %v; want %v, %v", pass, types, open, tt.types, tt.open)
				}
			}
			if why := src.NotRereadable(); why != "" {
				t.Errorf("NotRereadable() = %q; a file can be read again", why)
			}
		})
	}
}

// TestFileNotRereadable says a source cannot be read again only when all
// it reads is standard input from a pipe.
func TestFileNotRereadable(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	file, err := os.CreateTemp(t.TempDir(), "events")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for _, tt := range []struct {
		name string
		src  Source
		once bool
	}{
		{"a pipe", File{Paths: []string{"-"}, Stdin: r}, true},
		{"a pipe named twice", File{Paths: []string{"-", "-"}, Stdin: r}, true},
		{"a reader", File{Paths: []string{"-"}, Stdin: strings.NewReader(twoEvents)}, true},
		{"stdin from a file", File{Paths: []string{"-"}, Stdin: file}, false},
		{"a path", File{Paths: []string{"events.json"}}, false},
		{"a pipe and a path", File{Paths: []string{"-", "events.json"}, Stdin: r}, false},
		{"the demo", File{Paths: []string{"demo.json"}, Open: func(string) (io.ReadCloser, error) { return nil, nil }}, false},
		{"a pipe and the API", Multi{File{Paths: []string{"-"}, Stdin: r}, &Mollie{}}, false},
		{"a pipe in a Multi", Multi{File{Paths: []string{"-"}, Stdin: r}}, true},
		{"the API", &Mollie{}, false},
	} {
		if why := NotRereadable(tt.src); (why != "") != tt.once {
			t.Errorf("%s: NotRereadable() = %q, want once %v", tt.name, why, tt.once)
		}
	}
}

// TestFileLoadsWhole: a refresh may drop what a file no longer holds, but
// not what a pipe on standard input sent once.
func TestFileLoadsWhole(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	reg, err := os.Open(writeTemp(t, "[]"))
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	tests := []struct {
		name string
		src  Source
		want bool
	}{
		{"a file", File{Paths: []string{"a.json"}}, true},
		{"stdin from a file", File{Paths: []string{"-"}, Stdin: reg}, true},
		{"stdin from a pipe", File{Paths: []string{"a.json", "-"}, Stdin: r}, false},
		{"files together", Multi{File{Paths: []string{"a.json"}}, File{Paths: []string{"b.json"}}}, true},
		{"a file and a pipe", Multi{File{Paths: []string{"a.json"}}, File{Paths: []string{"-"}, Stdin: r}}, false},
	}
	for _, tt := range tests {
		if got := LoadsWhole(tt.src); got != tt.want {
			t.Errorf("%s: LoadsWhole = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// writeTemp writes content to a file of its own and returns its path.
func writeTemp(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.json")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
