package webhook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func event(id string) []byte {
	return []byte(fmt.Sprintf(`{"resource":"event","id":%q,"type":"payment.paid","createdAt":"2024-12-16T15:57:04+00:00","message":"Payment paid"}`, id))
}

func openStore(t *testing.T, path string) (*Store, []string) {
	t.Helper()
	s, warnings, err := OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, warnings
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		t.Errorf("%s does not end with a line end", path)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func TestStoreDeduplicatesAcrossRestarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "webhooks.ndjson")
	s, _ := openStore(t, path)
	for _, id := range []string{"event_a", "event_b", "event_a"} {
		if _, err := s.Append(context.Background(), event(id)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s2, warnings := openStore(t, path)
	if len(warnings) > 0 {
		t.Errorf("warnings on a clean file: %q", warnings)
	}
	stored, err := s2.Append(context.Background(), event("event_b"))
	if stored || err != nil {
		t.Errorf("Append(event_b) after a restart = %v, %v; want not stored, no error", stored, err)
	}
	if stored, _ := s2.Append(context.Background(), event("event_c")); !stored {
		t.Errorf("Append(event_c) was not stored")
	}
	s2.Close()
	want := []string{string(event("event_a")), string(event("event_b")), string(event("event_c"))}
	if got := readLines(t, path); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("file holds\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", info.Mode().Perm())
	}
}

func TestStoreConcurrentAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.ndjson")
	s, _ := openStore(t, path)
	var wg sync.WaitGroup
	var mu sync.Mutex
	storedN := 0
	for i := range 400 {
		wg.Go(func() {
			stored, err := s.Append(context.Background(), event(fmt.Sprintf("event_%d", i%200))) // every event twice
			if err != nil {
				t.Error(err)
			}
			if stored {
				mu.Lock()
				storedN++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	s.Close()
	if storedN != 200 {
		t.Errorf("%d appends said stored, want 200", storedN)
	}
	seen := map[string]int{}
	for _, l := range readLines(t, path) {
		seen[Key([]byte(l))]++
	}
	for i := range 200 {
		if n := seen[fmt.Sprintf("event_%d", i)]; n != 1 {
			t.Errorf("event_%d is in the file %d times", i, n)
		}
	}
	if len(seen) != 200 {
		t.Errorf("file holds %d distinct events, want 200", len(seen))
	}
}

func TestStoreTornLastLine(t *testing.T) {
	tests := []struct {
		name, tail  string
		wantWarning string
		wantLines   int // after one more append
		wantTorn    string
	}{
		{"cut inside an event", `{"resource":"event","id":"event_cut","ty`, "the last line was cut off", 3, `{"resource":"event","id":"event_cut","ty` + "\n"},
		{"whole event without a line end", string(event("event_whole")), "the last line had no line end; one was added", 4, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "w.ndjson")
			content := string(event("event_a")) + "\n" + string(event("event_b")) + "\n" + tt.tail
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			s, warnings := openStore(t, path)
			if len(warnings) != 1 || !strings.Contains(warnings[0], "w.ndjson:3: "+tt.wantWarning) {
				t.Errorf("warnings %q, want one with w.ndjson:3: %s", warnings, tt.wantWarning)
			}
			if stored, err := s.Append(context.Background(), event("event_c")); !stored || err != nil {
				t.Fatalf("Append = %v, %v", stored, err)
			}
			if stored, _ := s.Append(context.Background(), event("event_a")); stored {
				t.Errorf("event_a stored twice")
			}
			s.Close()
			lines := readLines(t, path)
			if len(lines) != tt.wantLines || lines[len(lines)-1] != string(event("event_c")) {
				t.Errorf("file holds %q, want %d lines ending with event_c", lines, tt.wantLines)
			}
			torn, _ := os.ReadFile(path + ".torn")
			if string(torn) != tt.wantTorn {
				t.Errorf("%s.torn holds %q, want %q", path, torn, tt.wantTorn)
			}
			_, warnings = openStore(t, path)
			if len(warnings) != 0 {
				t.Errorf("warnings after the repair: %q", warnings)
			}
		})
	}
}

func TestStoreNotJSONLineSkipped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.ndjson")
	os.WriteFile(path, []byte("garbage\n"+string(event("event_a"))+"\n"), 0o600)
	s, warnings := openStore(t, path)
	if len(warnings) != 1 || !strings.Contains(warnings[0], "w.ndjson:1: not JSON") {
		t.Errorf("warnings %q", warnings)
	}
	if stored, _ := s.Append(context.Background(), event("event_a")); stored {
		t.Errorf("event_a stored twice")
	}
}

// failingFile fails every write after its first n bytes, as a full disk does.
type failingFile struct {
	file
	room int
}

var errDiskFull = errors.New("no space left on device")

func (f *failingFile) Write(p []byte) (int, error) {
	if len(p) > f.room {
		n, _ := f.file.Write(p[:f.room])
		f.room = 0
		return n, errDiskFull
	}
	f.room -= len(p)
	return f.file.Write(p)
}

func TestStoreWriteErrorKeepsNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.ndjson")
	s, _ := openStore(t, path)
	s.Append(context.Background(), event("event_a"))
	real := s.f
	s.f = &failingFile{file: real, room: 10}
	stored, err := s.Append(context.Background(), event("event_b"))
	if stored || !errors.Is(err, errDiskFull) || !strings.Contains(err.Error(), "w.ndjson") {
		t.Errorf("Append on a full disk = %v, %v; want not stored, the disk's error naming the file", stored, err)
	}
	s.f = real // room again: the same event is stored on its retry
	if stored, err := s.Append(context.Background(), event("event_b")); !stored || err != nil {
		t.Errorf("retry = %v, %v", stored, err)
	}
	s.Close()
	if got := readLines(t, path); len(got) != 2 || got[1] != string(event("event_b")) {
		t.Errorf("file holds %q, want event_a and event_b, whole", got)
	}
}

func TestStoreClosed(t *testing.T) {
	s, _ := openStore(t, filepath.Join(t.TempDir(), "w.ndjson"))
	s.Close()
	if _, err := s.Append(context.Background(), event("event_a")); !errors.Is(err, ErrClosed) {
		t.Errorf("Append after Close = %v, want ErrClosed", err)
	}
}

func TestKey(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{`{"id":"event_a","type":"payment.paid"}`, "event_a"},
		{`{"type":"payment.paid","nested":{"id":"tr_x"},"id":"event_b"}`, "event_b"},
		{`{"id":42}`, "hash"},
		{`{"id":null}`, "hash"},
		{`{"id":""}`, "hash"},
		{`{"nested":{"id":"tr_x"}}`, "hash"},
		{`["event_a"]`, "hash"},
	}
	for _, tt := range tests {
		got := Key([]byte(tt.line))
		want := tt.want
		if want == "hash" {
			sum := sha256.Sum256([]byte(tt.line))
			want = "sha256:" + hex.EncodeToString(sum[:])
		}
		if got != want {
			t.Errorf("Key(%s) = %q, want %q", tt.line, got, want)
		}
	}
}

func TestDefaultPath(t *testing.T) {
	now := time.Date(2026, 12, 6, 23, 0, 0, 0, time.UTC)
	env := func(v string) func(string) string { return func(string) string { return v } }
	if got, want := DefaultPath(env("/state"), "/home/u", now), "/state/eventbrowser/webhooks-2026-12-06.ndjson"; got != want {
		t.Errorf("DefaultPath = %s, want %s", got, want)
	}
	for _, v := range []string{"", "relative"} {
		if got, want := DefaultPath(env(v), "/home/u", now), "/home/u/.local/state/eventbrowser/webhooks-2026-12-06.ndjson"; got != want {
			t.Errorf("DefaultPath with XDG_STATE_HOME=%q = %s, want %s", v, got, want)
		}
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{`{"id":"event_a", "type":"x"}`, `{"id":"event_a", "type":"x"}`, ""},
		{"{\n  \"id\": \"event_a\",\n  \"m\": \"a\\nb\"\n}\n", `{"id":"event_a","m":"a\nb"}`, ""},
		{`{"id":`, "", "not JSON"},
	}
	for _, tt := range tests {
		got, err := OneLine([]byte(tt.in))
		if string(got) != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("OneLine(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// AppendAt says where each line stored is in the file, whatever batch it
// was written in; a repeat is not stored again and has no place.
func TestStoreAppendAtSaysWhere(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.ndjson")
	s, _ := openStore(t, path)
	offs := make([]int64, 40)
	var wg sync.WaitGroup
	for i := range offs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			off, stored, err := s.AppendAt(context.Background(), event(fmt.Sprint("event_", i)))
			if err != nil || !stored {
				t.Errorf("event %d: %v, stored %v", i, err, stored)
			}
			offs[i] = off
		}()
	}
	wg.Wait()
	if off, stored, err := s.AppendAt(context.Background(), event("event_3")); off != -1 || stored || err != nil {
		t.Errorf("a repeat: %d, %v, %v; want -1, not stored", off, stored, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, off := range offs {
		line := event(fmt.Sprint("event_", i))
		if off < 0 || int(off)+len(line) >= len(data) || string(data[off:int(off)+len(line)+1]) != string(line)+"\n" {
			t.Errorf("event %d said to be at %d, which holds %.80q", i, off, data[max(off, 0):])
		}
	}
}
