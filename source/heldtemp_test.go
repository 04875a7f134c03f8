package source

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The resources a rebuilt history read are written to a temporary file,
// deleted at once, and come back from it byte for byte by the API URLs
// that end in their IDs, a later state in place of an earlier; those
// whose URL does not end in their ID, or whose body is more than one
// object, are held in memory as they are; a body over MaxBody is not held.
func TestHeldTempRoundTrip(t *testing.T) {
	const base = "https://api.mollie.com"
	payments := base + "/v2/payments/"
	tests := []struct {
		name    string
		held    []heldResource
		ask     string
		want    string // "" for not held: fetched from Next
		inFile  bool
		fetched int
	}{
		{"a payment", []heldResource{{payments + "tr_a", "tr_a", []byte(`{"resource":"payment","id":"tr_a"}`)}},
			payments + "tr_a", `{"resource":"payment","id":"tr_a"}`, true, 0},
		{"white space, escapes and UTF-8 inside kept as they are",
			[]heldResource{{payments + "tr_b", "tr_b", []byte("{ \"id\" : \"tr_b\",\n  \"d\": \"é\\u00e9\\n\\\"}\", \"n\": [1.50, {\"x\": null}] }")}},
			payments + "tr_b", "{ \"id\" : \"tr_b\",\n  \"d\": \"é\\u00e9\\n\\\"}\", \"n\": [1.50, {\"x\": null}] }", true, 0},
		{"a later state replaces the earlier", []heldResource{
			{payments + "tr_c", "tr_c", []byte(`{"id":"tr_c","status":"open"}`)},
			{payments + "tr_d", "tr_d", []byte(`{"id":"tr_d","status":"open"}`)},
			{payments + "tr_c", "tr_c", []byte(`{"id":"tr_c","status":"paid"}`)},
		}, payments + "tr_c", `{"id":"tr_c","status":"paid"}`, true, 0},
		{"a refund, by another URL ending in its ID",
			[]heldResource{{payments + "tr_e/refunds/re_1", "re_1", []byte(`{"resource":"refund","id":"re_1"}`)}},
			base + "/v2/refunds/re_1", `{"resource":"refund","id":"re_1"}`, true, 0},
		{"a body with a line end after it: in memory", []heldResource{{payments + "tr_f", "tr_f", []byte("{\"id\":\"tr_f\"}\n")}},
			payments + "tr_f", "{\"id\":\"tr_f\"}\n", false, 0},
		{"a URL not ending in the ID: in memory", []heldResource{{base + "/v2/customers/cst_1", "cst_2", []byte(`{"id":"cst_2"}`)}},
			base + "/v2/customers/cst_1", `{"id":"cst_2"}`, false, 0},
		{"no ID known: in memory", []heldResource{{payments + "tr_g", "", []byte(`{"id":"tr_g"}`)}},
			payments + "tr_g", `{"id":"tr_g"}`, false, 0},
		{"over MaxBody: not held", []heldResource{{payments + "tr_h", "tr_h", []byte(`{"id":"tr_h","pad":"` + strings.Repeat("x", 100) + `"}`)}},
			payments + "tr_h", "", false, 1},
		{"another state of a resource held in memory: the file's", []heldResource{
			{payments + "tr_i", "tr_i", []byte("{\"id\":\"tr_i\",\"status\":\"open\"}\n")},
			{payments + "tr_i", "tr_i", []byte(`{"id":"tr_i","status":"paid"}`)},
		}, payments + "tr_i", `{"id":"tr_i","status":"paid"}`, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			api := &countingFetcher{}
			h := &Held{Next: api, MaxBody: 100}
			h.temp.dir = dir
			for _, r := range tt.held {
				h.holdRead([]heldResource{r}, base) // one at a time: later runs, merged
			}
			body, err := h.Fetch(context.Background(), tt.ask)
			switch {
			case err != nil:
				t.Fatalf("%s: %v", tt.ask, err)
			case tt.want != "" && string(body) != tt.want:
				t.Errorf("%s: %q, want %q", tt.ask, body, tt.want)
			case api.n != tt.fetched:
				t.Errorf("%s: fetched %d times from Next, want %d", tt.ask, api.n, tt.fetched)
			}
			h.mu.Lock()
			h.store.index(nil)
			inMemory := len(h.store.at)
			h.mu.Unlock()
			if got := inMemory == 0 && h.temp.file != nil; got != tt.inFile {
				t.Errorf("held in the file: %v (%d in memory), want %v", got, inMemory, tt.inFile)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("%d files left in the temporary directory, want none: deleted once made", len(left))
			}
		})
	}
}

// Where no temporary file can be made, the resources are held in memory.
func TestHeldTempCannotBeMade(t *testing.T) {
	h := NewHeld(nil)
	h.temp.dir = filepath.Join(t.TempDir(), "missing")
	u := DefaultAPIURL + "/v2/payments/tr_a"
	h.holdRead([]heldResource{{u, "tr_a", []byte(`{"id":"tr_a"}`)}}, DefaultAPIURL)
	if body, err := h.Fetch(context.Background(), u); err != nil || string(body) != `{"id":"tr_a"}` {
		t.Errorf("%s: %q, %v; want it held in memory", u, body, err)
	}
	if h.temp.file != nil || len(h.files.runs) != 0 {
		t.Errorf("a file is held (%v, %d runs), though it could not be made", h.temp.file, len(h.files.runs))
	}
}

// A resource held in the temporary file that cannot be read back is an
// error naming the object, the file and where in it, not a body and not a
// request to the API.
func TestHeldTempReadBackErrors(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(f *os.File) error
		want  string
	}{
		{"the file cut short", func(f *os.File) error { return f.Truncate(40) }, "unexpected EOF"},
		{"the file cut before it", func(f *os.File) error { return f.Truncate(20) }, ": EOF"},
		{"the file closed", func(f *os.File) error { return f.Close() }, os.ErrClosed.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &countingFetcher{}
			h := NewHeld(api)
			h.temp.dir = t.TempDir()
			u := DefaultAPIURL + "/v2/payments/tr_b"
			h.holdRead([]heldResource{
				{DefaultAPIURL + "/v2/payments/tr_a", "tr_a", []byte(`{"id":"tr_a","status":"paid"}`)},
				{u, "tr_b", []byte(`{"id":"tr_b","status":"paid"}`)},
			}, DefaultAPIURL)
			if err := tt.spoil(h.temp.file.f); err != nil {
				t.Fatal(err)
			}
			body, err := h.Fetch(context.Background(), u)
			want := fmt.Sprintf("tr_b held in %s cannot be read back (at byte 29): ", h.temp.file.name)
			if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), tt.want) {
				t.Errorf("%q, %v; want an error %q…%q", body, err, want, tt.want)
			}
			if errors.Is(err, ErrNoKey) || api.n != 0 {
				t.Errorf("asked the API %d times (%v), want the error said", api.n, err)
			}
		})
	}
}

// A history's hundreds of writes are merged into a few runs to look
// through, each resource's latest state found.
func TestHeldTempRunsMerged(t *testing.T) {
	h := NewHeld(nil)
	h.temp.dir = t.TempDir()
	const n = 1000
	for state := range 2 {
		for i := range n {
			id := fmt.Sprintf("tr_%d", i)
			h.holdRead([]heldResource{{DefaultAPIURL + "/v2/payments/" + id, id, fmt.Appendf(nil, `{"id":%q,"state":%d}`, id, state)}}, DefaultAPIURL)
		}
	}
	if runs := len(h.files.runs); runs > 12 {
		t.Errorf("%d runs for %d writes, want at most 12", runs, 2*n)
	}
	for i := range n {
		id := fmt.Sprintf("tr_%d", i)
		want := fmt.Sprintf(`{"id":%q,"state":1}`, id)
		if body, err := h.Fetch(context.Background(), DefaultAPIURL+"/v2/payments/"+id); err != nil || string(body) != want {
			t.Fatalf("%s: %q, %v; want %s", id, body, err, want)
		}
	}
	// Len tells the resources of the temporary file apart by their IDs'
	// keys: about one time in thirty, two of a thousand share one.
	keys := map[uint32]bool{}
	for i := range n {
		keys[keyOf(fmt.Appendf(nil, "tr_%d", i))] = true
	}
	if got := h.Len(); got != len(keys) || got < n-2 {
		t.Errorf("Len = %d, want %d (%d resources, %d keys)", got, len(keys), n, len(keys))
	}
}

// The temporary file takes at most tempPerHeld times MaxTotal: past it,
// resources are held in memory, up to MaxTotal, and after that fetched
// again when asked for.
func TestHeldTempBounded(t *testing.T) {
	const base = "https://api.mollie.com"
	api := &countingFetcher{}
	h := &Held{Next: api, MaxTotal: 100} // a file of 1,600 bytes at most
	h.temp.dir = t.TempDir()
	var rs []heldResource
	for i := range 40 {
		id := fmt.Sprintf("tr_%03d", i)
		rs = append(rs, heldResource{base + "/v2/payments/" + id, id, []byte(`{"resource":"payment","id":"` + id + `","pad":"` + strings.Repeat("x", 20) + `"}`)})
	}
	h.holdRead(rs, base)
	size := len(rs[0].raw) // 65: those that fit in the file, one more in memory, the rest not held
	inFile := tempPerHeld * 100 / size
	if h.temp.end != int64(inFile*size) {
		t.Errorf("the file holds %d bytes, want %d", h.temp.end, inFile*size)
	}
	for i, want := range map[int]int{0: 0, inFile - 1: 0, inFile: 0, inFile + 1: 1, 39: 1} {
		api.n = 0
		id := fmt.Sprintf("tr_%03d", i)
		body, err := h.Fetch(context.Background(), base+"/v2/payments/"+id)
		if err != nil || api.n != want || want == 0 && !strings.Contains(string(body), `"id":"`+id+`"`) {
			t.Errorf("%s: %.40q, %v, fetched %d times from Next, want %d", id, body, err, api.n, want)
		}
	}
	if h.Dropped() == 0 {
		t.Error("none dropped: the status line would not say --max-held was reached")
	}
}
