//go:build unix

package source

import (
	"path/filepath"
	"syscall"
	"testing"
)

// TestFIFOIsNotReadAgain: a FIFO among the files cannot be read again, so
// r says so, --watch refuses it, and a refresh does not take its events
// for the whole of it.
func TestFIFOIsNotReadAgain(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "events.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, src := range []Source{File{Paths: []string{fifo}}, File{Paths: []string{"a.json", fifo}}, Multi{File{Paths: []string{fifo}}}} {
		if why := NotRereadable(src); why != fifo+" is a pipe, read to its end: it cannot be read again" {
			t.Errorf("%v: NotRereadable = %q", src, why)
		}
		if LoadsWhole(src) {
			t.Errorf("%v: LoadsWhole = true", src)
		}
	}
}
