package model

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// smallBlocks makes the stream decoders read n bytes at a time and split
// inputs from 2n bytes on, so small inputs cross every block boundary, and
// makes strings of n bytes long ones (longString).
func smallBlocks(n int) (restore func()) {
	oldBlock, oldMin, oldSplit, oldLong := blockSize, parallelMin, splitMin, longString
	blockSize, parallelMin, splitMin, longString = n, int64(2*n), max(n/2, 2), n
	return func() { blockSize, parallelMin, splitMin, longString = oldBlock, oldMin, oldSplit, oldLong }
}

// decodeStreamAll runs DecodeStream over data and returns every event
// emitted.
func decodeStreamAll(data []byte, opts DecodeOptions) ([]Event, []string, error) {
	return decodeReaderAll(bytes.NewReader(data), opts)
}

// decodeTrickleAll is decodeStreamAll with data arriving a few bytes at a
// time, as from a pipe: pieces that continue a buffer, and buffers that
// start with a piece of an event.
func decodeTrickleAll(data []byte, opts DecodeOptions) ([]Event, []string, error) {
	return decodeReaderAll(&trickle{data: data, n: max(blockSize/3, 1)}, opts)
}

type trickle struct {
	data []byte
	n    int
}

func (t *trickle) Read(p []byte) (int, error) {
	if len(t.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), t.n)], t.data)
	t.data = t.data[n:]
	return n, nil
}

func decodeReaderAll(r io.Reader, opts DecodeOptions) ([]Event, []string, error) {
	var events []Event
	notes, err := DecodeStream(context.Background(), "f", r, opts, func(c *Chunk) {
		for i := range c.Len() {
			events = append(events, c.Event(i))
		}
	})
	return events, notes, err
}

// decodeFileAll runs DecodeFile over data and returns every event emitted.
func decodeFileAll(data []byte, opts DecodeOptions) ([]Event, []string, error) {
	var events []Event
	notes, err := DecodeFile("f", bytes.NewReader(data), int64(len(data)), opts, func(c *Chunk) {
		for i := range c.Len() {
			events = append(events, c.Event(i))
		}
	})
	return events, notes, err
}

// streamMatchesReference holds the block decoder, read in blocks of block
// bytes, to DecodeWith on data: the same events, skips and notes when
// DecodeWith reads it, and an error when DecodeWith gives one.
func streamMatchesReference(t *testing.T, data []byte, block int, opts DecodeOptions) {
	t.Helper()
	defer smallBlocks(block)()
	ref, refErr := DecodeWith("f", data, opts)
	for _, decode := range []func([]byte, DecodeOptions) ([]Event, []string, error){decodeFileAll, decodeStreamAll, decodeTrickleAll} {
		got, notes, err := decode(data, opts)
		matchReference(t, data, block, opts, ref, refErr, got, notes, err)
	}
}

func matchReference(t *testing.T, data []byte, block int, opts DecodeOptions, ref Decoded, refErr error, got []Event, notes []string, err error) {
	t.Helper()
	if refErr != nil {
		if err == nil {
			t.Fatalf("blocks of %d, %+v: Decode fails with %v, the block decoder reads %d events, notes %q\nin %q", block, opts, refErr, len(got), notes, data)
		}
		return
	}
	if err != nil {
		t.Fatalf("blocks of %d, %+v: the block decoder fails with %v, Decode reads %d events\nin %q", block, opts, err, len(ref.Events), data)
	}
	if w, g := wires(ref.Events), wires(got); !reflect.DeepEqual(w, g) {
		t.Fatalf("blocks of %d, %+v:\n got %+v\nwant %+v\nin %q", block, opts, g, w, data)
	}
	for _, e := range got {
		if want := cells.SanitizeLine(e.Message); string(e.Line) != want {
			t.Fatalf("blocks of %d, %+v: message %q shows as %q, want %q\nin %q", block, opts, e.Message, e.Line, want, data)
		}
	}
	want := slices.Clone(ref.Notes)
	if n := ref.SkipNote(); n != "" {
		want = append(want, n)
	}
	if !slices.Equal(notes, want) {
		t.Fatalf("blocks of %d, %+v: notes\n got %q\nwant %q\nin %q", block, opts, notes, want, data)
	}
}

// The block decoder, which resynchronises at the next event after an
// invalid one, is held to the reference decoder with and without
// SkipInvalid, over block boundaries anywhere.
func FuzzDecodeStream(f *testing.F) {
	const ok = `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a"}`
	for _, s := range []string{
		"[" + ok + "," + ok + "]",
		ok + "\n" + ok + "\n",
		"{bad\n" + ok + "\n",
		ok + "\n{\"type\":\"1\"}\n" + ok,
		"[" + ok + ",{\"type\":1},\n" + ok + "]",
		"[" + ok + ",1,\"x\",{\"type\":1," + `"createdAt":"2024-03-20t09:13:37z","message":"m"}]`,
		"[" + ok + ",{\"a\" 1}]",
		`{"resource":"customer","id":"cst_1","events":[` + "\n" + ok + "\n]}",
		"{\n  \"type\": 1,\n  \"createdAt\": \"2024-03-20T09:13:37Z\",\n  \"message\": \"a\"\n}\n" + ok,
		"  [ ]  ",
		"[" + ok + "] x",
		"\xef\xbb\xbf" + ok,
	} {
		f.Add([]byte(s), uint8(3), false)
		f.Add([]byte(s), uint8(17), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, block uint8, skip bool) {
		streamMatchesReference(t, data, int(block%64)+1, DecodeOptions{SkipInvalid: skip})
	})
}

func TestDecodeStreamMatchesDecode(t *testing.T) {
	const ok = `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a"}`
	long := `{"type":2,"createdAt":"2024-03-20T09:13:37Z","message":"` + strings.Repeat("x", 5000) + `"}`
	for _, in := range []string{
		strings.Repeat(ok+"\n", 50) + "{\"type\":1}\n" + strings.Repeat(ok+"\n", 50),
		"[" + strings.Repeat(ok+",\n", 50) + "{\"type\":1,\"createdAt\":\"x\",\"message\":\"m\"},\n" + ok + "]",
		"{bad\n" + strings.Repeat(ok+"\n", 20),
		"[" + long + "," + ok + "," + long + "]",
		long + "\n" + ok + "\n" + long,
		"[" + strings.Repeat(ok+",", 30) + "{\"type\":1,\"x\":[1,2,}" + "]",
	} {
		for _, block := range []int{1, 7, 64, 1000, 1 << 20} {
			for _, skip := range []bool{false, true} {
				streamMatchesReference(t, []byte(in), block, DecodeOptions{SkipInvalid: skip})
			}
		}
	}
}

// Every input of FuzzDecode's seed corpus, which holds every shape and
// every class of error, reads the same through the block decoder.
func TestDecodeStreamOnDecodeCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/fuzz/FuzzDecode/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		quoted, ok := strings.CutPrefix(lines[len(lines)-1], "[]byte(")
		if !ok {
			continue
		}
		data, err := strconv.Unquote(strings.TrimSuffix(quoted, ")"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, block := range []int{3, 64, 1 << 20} {
			for _, skip := range []bool{false, true} {
				streamMatchesReference(t, []byte(data), block, DecodeOptions{SkipInvalid: skip})
			}
		}
	}
}
