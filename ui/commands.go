package ui

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/pkg/browser"

	"github.com/eventbrowser/eventbrowser/model"
)

// Everything here that touches the world runs inside a tea.Cmd, never in
// Update, and reports back with a typed message.

// linkOpenedMsg reports how opening a link went.
type linkOpenedMsg struct {
	url string
	err error
}

// openLinkCmd opens url, which the caller has checked with model.CheckURL.
func openLinkCmd(open func(string) error, url string) tea.Cmd {
	return func() tea.Msg { return linkOpenedMsg{url: url, err: open(url)} }
}

// OpenURL opens url in the user's browser. If $BROWSER is set it is run as
// the command, with the URL as its last argument (as gh does); otherwise
// pkg/browser picks the platform's opener. The URL is always one argument,
// never passed through a shell, and the opener's output is discarded so it
// cannot scribble on the screen.
func OpenURL(url string) error {
	if b := strings.Fields(os.Getenv("BROWSER")); len(b) > 0 {
		cmd := exec.Command(b[0], append(b[1:], url)...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
		if err := cmd.Start(); err != nil {
			return err
		}
		go cmd.Wait() // reap it; a browser may run for long
		return nil
	}
	quietBrowser.Do(func() { browser.Stdout, browser.Stderr = io.Discard, io.Discard })
	return browser.OpenURL(url)
}

var quietBrowser sync.Once

// exportedMsg reports how writing the view to a file went.
type exportedMsg struct {
	path  string
	count int
	err   error
}

// exportCmd writes events to a new file in dir named after the time, in the
// json shape of --output json, so it loads back into eventbrowser. It never
// overwrites a file, and removes what it wrote if writing fails.
func exportCmd(dir string, now time.Time, events []*model.Event, withSource bool) tea.Cmd {
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
		err = model.Print(f, model.FormatJSON, slices.Values(events), model.PrintOptions{WithSource: withSource})
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
