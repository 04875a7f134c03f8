package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// slowRegexpFile writes issue 24's case, 10 events of 5 MB of words, and
// 300 of 64 KiB so that the worst regexp takes seconds, and returns its
// path and how many events it holds.
func slowRegexpFile(t *testing.T) (string, int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "huge.ndjson")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	n := 0
	for _, size := range []struct{ count, bytes int }{{10, 5 << 20}, {300, 64 << 10}} {
		words := strings.Repeat("word ", size.bytes/5)
		for range size.count {
			fmt.Fprintf(w, `{"type":300,"createdAt":"2024-06-20T09:00:00Z","message":"m%d %s"}`+"\n", n, words)
			n++
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, n
}

// TestEndToEndKeysDuringASlowFilter: while the worst regexp of issue 24 is
// worked out, the screen says "filtering…" and esc and q are handled at
// once.
func TestEndToEndKeysDuringASlowFilter(t *testing.T) {
	bin := buildBinary(t)
	file, n := slowRegexpFile(t)
	term := startTerminal(t, fmt.Sprintf("env TZ=UTC %q %q", bin, file))
	count := fmt.Sprintf("%d events · sort", n)
	term.waitFor(count)

	term.keys("/")
	term.text(`/(\w+\s?){19}x/`)
	term.waitFor("filtering…")
	term.keys("Escape")
	term.waitUntil(func(screen []string) string {
		if last := lastLine(screen); strings.Contains(strings.Join(screen, "\n"), "filtering…") ||
			!strings.Contains(strings.Join(screen, "\n"), count) {
			return "esc did not undo the query being worked out (" + last + ")"
		}
		return ""
	})

	term.keys("/")
	term.text(`/(\w+\s?){19}x/`)
	term.waitFor("filtering…")
	term.keys("Enter", "q")
	if status := term.waitForExit(); status != "0" {
		t.Errorf("q during the filter: exit status %s, want 0", status)
	}
}

// TestEndToEndSignalDuringASlowFilter: SIGTERM while the worst regexp is
// worked out ends the program at once, with status 143.
func TestEndToEndSignalDuringASlowFilter(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc for the program's PID")
	}
	bin := buildBinary(t)
	file, n := slowRegexpFile(t)
	term := startTerminal(t, fmt.Sprintf("env TZ=UTC %q %q; echo EXIT:$?; exec sleep 600", bin, file))
	term.waitFor(fmt.Sprintf("%d events · sort", n))
	term.keys("/")
	term.text(`/(\w+\s?){19}x/`)
	term.waitFor("filtering…")
	if err := syscall.Kill(term.childPID(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	term.waitFor("EXIT:143")
}
