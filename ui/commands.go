package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/output"
)

// Everything here that touches the world runs inside a tea.Cmd, never in
// Update, and reports back with a typed message.

// linkOpenedMsg reports how opening a link went.
type linkOpenedMsg struct {
	url string
	err error
}

// openLinkCmd opens url, which the caller has checked with cells.CheckURL.
func openLinkCmd(open func(string) error, url string) tea.Cmd {
	return func() tea.Msg { return linkOpenedMsg{url: url, err: open(url)} }
}

// exportedMsg reports how writing the view to a file went.
type exportedMsg struct {
	path  string
	count int
	err   error
}

// exportCmd writes events to a new file in dir named after the time, in the
// json shape of --output json, so it loads back into eventbrowser. It never
// overwrites a file, and removes what it wrote if writing fails.
func exportCmd(dir string, now time.Time, events []*model.Event, o output.Options) tea.Cmd {
	return func() tea.Msg {
		base := "events-" + now.Format("20060102-150405")
		var f *os.File
		var err error
		for i := 0; i < 100; i++ {
			name := base + ".json"
			if i > 0 {
				name = fmt.Sprintf("%s-%d.json", base, i)
			}
			f, err = os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if !errors.Is(err, fs.ErrExist) {
				break
			}
		}
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = fmt.Errorf("cannot create a file in %s: %w", dir, pe.Err)
			}
			return exportedMsg{err: err}
		}
		path := displayPath(f.Name())
		err = output.Print(f, output.FormatJSON, slices.Values(events), o)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(f.Name())
			return exportedMsg{path: path, err: err}
		}
		return exportedMsg{path: path, count: len(events)}
	}
}

// displayPath is path relative to the working directory when it is inside
// it ("events-….json"), else absolute.
func displayPath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return abs
}
