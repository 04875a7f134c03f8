package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
)

func eventLine(typ int, msg string) string {
	return fmt.Sprintf(`{"type":%d,"createdAt":"2024-03-20T09:13:37Z","message":%q}`+"\n", typ, msg)
}

// next waits for the next batch; a generous limit only keeps a broken
// build from hanging.
func next(t *testing.T, batches <-chan Batch) Batch {
	t.Helper()
	select {
	case b := <-batches:
		return b
	case <-time.After(30 * time.Second):
		t.Fatal("no batch in 30 s")
	}
	return Batch{}
}

// Events written to a pipe in bursts reach the list after each burst,
// while the pipe is still open.
func TestFileStreamsAPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	batches := make(chan Batch)
	done := make(chan error, 1)
	var returned atomic.Bool // Load has returned: nothing may be sent any more
	go func() {
		err := File{Paths: []string{"-"}, Stdin: r}.Load(context.Background(), func(b Batch) {
			if returned.Load() {
				t.Errorf("a batch after Load returned: %d events, Open %q", b.Len(), b.Open)
				return
			}
			batches <- b
		})
		returned.Store(true)
		done <- err
	}()
	list := model.NewList()
	if b := next(t, batches); b.Open != "stdin" || b.Len() != 0 {
		t.Fatalf("first batch: Open %q with %d events, want an announcement that stdin is open", b.Open, b.Len())
	}
	for burst := 1; burst <= 3; burst++ {
		var in strings.Builder
		for i := range burst {
			in.WriteString(eventLine(burst, fmt.Sprintf("burst %d event %d", burst, i)))
		}
		if _, err := io.WriteString(w, in.String()); err != nil {
			t.Fatal(err)
		}
		want := list.Total() + burst
		for list.Total() < want {
			b := next(t, batches)
			if b.Open != "stdin" {
				t.Fatalf("burst %d: a batch with Open %q while stdin is open", burst, b.Open)
			}
			list.AppendChunks(b.Chunks...)
		}
		if list.Total() != want {
			t.Fatalf("after burst %d: %d events, want %d", burst, list.Total(), want)
		}
	}
	w.Close()
	if b := next(t, batches); b.Open != "" || b.Len() != 0 {
		t.Fatalf("after the pipe closed: a batch with Open %q and %d events, want one saying it is closed", b.Open, b.Len())
	}
	// The closing batch is the last: Load returns without another.
	select {
	case b := <-batches:
		t.Fatalf("a batch after the closing one: %d events, Open %q", b.Len(), b.Open)
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Load has not returned 30 s after stdin closed")
	}
	if list.Total() != 6 {
		t.Errorf("%d events in all, want 6", list.Total())
	}
}

// A load blocked on a pipe that never closes ends when its context does.
func TestFileStreamCancelled(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	io.WriteString(w, eventLine(1, "one"))
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan int, 10)
	done := make(chan error, 1)
	go func() {
		done <- File{Paths: []string{"-"}, Stdin: r}.Load(ctx, func(b Batch) { got <- b.Len() })
	}()
	for n := 0; n == 0; n = <-got {
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Load still blocked 10 s after its context was cancelled")
	}
}

// gzipped returns data compressed, writing it from a reader so a big
// input is never whole in memory.
func gzipped(t *testing.T, r io.Reader) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	if _, err := io.Copy(zw, r); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return b.Bytes()
}

type repeatByte struct {
	c byte
	n int64
}

func (r *repeatByte) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	for i := range p {
		p[i] = r.c
	}
	r.n -= int64(len(p))
	return len(p), nil
}

func TestFileLimits(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := eventLine(1, "ok")
	big := `{"type":2,"createdAt":"2024-03-20T09:13:37Z","message":"` + strings.Repeat("x", 3<<20) + `"}` + "\n"
	// 64 MB of spaces in 64 KB of gzip: read as a stream, it costs
	// what its events cost, nothing.
	bomb := write("bomb.json.gz", gzipped(t, io.MultiReader(strings.NewReader(ok), &repeatByte{' ', 64 << 20}, strings.NewReader("\n"+ok))))
	// A string that never ends, 32 MB of it (the limit is 2 MB).
	endless := write("endless.json.gz", gzipped(t, io.MultiReader(strings.NewReader(`[`+strings.TrimSpace(ok)+`,{"type":1,"message":"`), &repeatByte{'a', 32 << 20})))
	for _, tt := range []struct {
		name   string
		path   string
		stdin  string
		skip   bool
		events int
		err    string
		note   string
	}{
		{name: "gzip bomb of spaces", path: bomb, events: 2},
		{name: "a value that never ends", path: endless, err: "endless.json.gz:1: a JSON value of more than 2 MB, over the size limit"},
		{name: "a value that never ends, skipping", path: endless, skip: true, err: "endless.json.gz:1: a JSON value of more than 2 MB, over the size limit"},
		{name: "an NDJSON line over the limit", path: write("big.ndjson", []byte(ok+big+ok)), err: "big.ndjson:2: a JSON value of 3 MB, over the size limit of 2 MB"},
		{name: "an NDJSON line over the limit, skipping", path: write("big2.ndjson", []byte(ok+big+ok)), skip: true, events: 2,
			note: "big2.ndjson: skipped 1 invalid event: big2.ndjson:2: a JSON value of 3 MB, over the size limit of 2 MB"},
		{name: "a first NDJSON line over the limit", path: write("big3.ndjson", []byte(big+ok+ok)), err: "big3.ndjson:1: a JSON value of 3 MB, over the size limit of 2 MB"},
		{name: "a first NDJSON line over the limit, from stdin, skipping", path: "-", stdin: big + ok + ok, skip: true, events: 2,
			note: "stdin: skipped 1 invalid event: stdin:1: a JSON value of 3 MB, over the size limit of 2 MB"},
		{name: "the only NDJSON line, over the limit", path: write("big4.ndjson", []byte(big)), err: "big4.ndjson:1: a JSON value of 3 MB, over the size limit of 2 MB"},
		{name: "a first array element over the limit", path: write("big5.json", []byte("["+strings.TrimSpace(big)+",\n"+strings.TrimSpace(ok)+"]")),
			err: "big5.json:1: a JSON value of 3 MB, over the size limit of 2 MB"},
		{name: "an array element over the limit, from stdin, skipping", path: "-", stdin: "[" + strings.TrimSpace(ok) + ",\n" + strings.TrimSpace(big) + ",\n" + strings.TrimSpace(ok) + "]", skip: true, events: 2,
			note: "stdin: skipped 1 invalid event: stdin:2: a JSON value of 3 MB, over the size limit of 2 MB"},
		{name: "a broken first line", path: write("first.ndjson", []byte("{\"type\":1,\"crea\n"+ok+ok)), err: `first.ndjson:1: unexpected end of input: the JSON is cut off`},
		{name: "a broken first line, skipping", path: write("first2.ndjson", []byte("{\"type\":1,\"crea\n"+ok+ok)), skip: true, events: 2,
			note: `first2.ndjson: skipped 1 invalid event: first2.ndjson:1: unexpected end of input: the JSON is cut off`},
		{name: "a broken first line from stdin, skipping", path: "-", stdin: "{\"type\":1,\"crea\n" + ok + ok, skip: true, events: 2,
			note: `stdin: skipped 1 invalid event: stdin:1: unexpected end of input: the JSON is cut off`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := File{Paths: []string{tt.path}, Stdin: strings.NewReader(tt.stdin), SkipInvalid: tt.skip, MaxEventSize: 2 << 20}
			batches, err := load(t, src)
			if tt.err != "" {
				if err == nil || strings.ReplaceAll(err.Error(), dir+"/", "") != tt.err {
					t.Fatalf("err = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			events := 0
			var notes []string
			for _, b := range batches {
				events += b.Len()
				for _, n := range b.Notes {
					notes = append(notes, strings.ReplaceAll(n, dir+"/", ""))
				}
			}
			if events != tt.events {
				t.Errorf("%d events, want %d", events, tt.events)
			}
			if tt.note != "" && (len(notes) != 1 || notes[0] != tt.note) {
				t.Errorf("notes %q, want %q", notes, tt.note)
			}
		})
	}
}
