package ui

import (
	"context"
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

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/pkg/browser"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// Everything here that touches the world runs inside a tea.Cmd, never in
// Update, and reports back with a typed message.

// Every load has a generation number: 0 for the first, one more for each
// refresh. Its messages carry it, so a message of a load that has been
// replaced is dropped.

// loadStartedMsg hands the app the stream a loader writes to.
type loadStartedMsg struct {
	gen    int
	stream <-chan tea.Msg
}

// batchMsg carries events that have arrived.
type batchMsg struct {
	gen   int
	batch source.Batch
}

// loadDoneMsg says the source has finished, with the error that stopped it.
type loadDoneMsg struct {
	gen int
	err error
}

// startLoadCmd runs src in a goroutine that ends with ctx. Its batches come
// back through waitLoadCmd; whatever arrived while the UI was busy comes as
// one batch, so a source sending thousands of small batches (one per
// customer) costs the UI one merge per frame, not one per customer. A panic
// in the source ends the load with a *PanicError, which ends the program
// cleanly instead of killing it with the terminal in raw mode.
func startLoadCmd(ctx context.Context, src source.Source, gen int) tea.Cmd {
	return func() tea.Msg {
		stream := make(chan tea.Msg)
		q := newBatchQueue()
		go func() {
			defer func() {
				if r := recover(); r != nil {
					q.finish(caught(r))
				}
			}()
			q.finish(src.Load(ctx, q.put))
		}()
		go func() {
			defer close(stream)
			send := func(m tea.Msg) bool {
				select {
				case stream <- m:
					return true
				case <-ctx.Done():
					return false
				}
			}
			defer func() {
				if r := recover(); r != nil {
					send(loadDoneMsg{gen, caught(r)})
				}
			}()
			// The pump ends with ctx even if the source does not notice
			// it, blocked on a read.
			defer context.AfterFunc(ctx, q.cancel)()
			for {
				b, err, done := q.take()
				if done {
					send(loadDoneMsg{gen, err})
					return
				}
				if !send(batchMsg{gen, b}) {
					return
				}
			}
		}()
		return loadStartedMsg{gen, stream}
	}
}

// batchQueue gathers a loader's batches until the UI takes them. put never
// blocks, so a slow screen never slows a load.
type batchQueue struct {
	mu        sync.Mutex
	ready     *sync.Cond
	pending   *source.Batch
	done      bool
	err       error
	cancelled bool
}

func newBatchQueue() *batchQueue {
	q := &batchQueue{}
	q.ready = sync.NewCond(&q.mu)
	return q
}

// put adds b to what is waiting.
func (q *batchQueue) put(b source.Batch) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.pending == nil {
		q.pending = &b
	} else {
		p := q.pending
		p.Events = slices.Concat(p.Events, b.Events)
		p.Chunks = slices.Concat(p.Chunks, b.Chunks)
		p.Notes = slices.Concat(p.Notes, b.Notes)
		p.Failures = slices.Concat(p.Failures, b.Failures)
		if b.Progress != nil {
			p.Progress = b.Progress
		}
	}
	q.ready.Signal()
}

// finish records the loader's end.
func (q *batchQueue) finish(err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.done, q.err = true, err
	q.ready.Signal()
}

// cancel makes take return at once, done, whatever the loader does.
func (q *batchQueue) cancel() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.cancelled = true
	q.ready.Signal()
}

// take waits for batches and returns all of them as one; once none are left
// and the loader has finished, it returns the loader's error and done. Once
// cancelled, it returns done and context.Canceled.
func (q *batchQueue) take() (b source.Batch, err error, done bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.pending == nil && !q.done && !q.cancelled {
		q.ready.Wait()
	}
	switch {
	case q.cancelled:
		return source.Batch{}, context.Canceled, true
	case q.pending != nil:
		b, q.pending = *q.pending, nil
		return b, nil, false
	}
	return source.Batch{}, q.err, true
}

// waitLoadCmd waits for the loader's next message.
func waitLoadCmd(stream <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		if m, ok := <-stream; ok {
			return m
		}
		return nil
	}
}

// watchMsg says it is time to load again. It carries the generation of the
// load whose end scheduled it: if another load has started since, that
// load's end schedules the next one instead.
type watchMsg struct{ gen int }

// watchCmd asks for a refresh after d, unless ctx ends first: the wait
// must not outlive the program.
func watchCmd(ctx context.Context, d time.Duration, gen int) tea.Cmd {
	return func() tea.Msg {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return watchMsg{gen}
		case <-ctx.Done():
			return nil
		}
	}
}

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

// copiedMsg reports a copy to the clipboard. why is set when the copy
// stands in for opening a link in a browser, and says why it does.
type copiedMsg struct {
	text string
	err  error
	why  string
}

// copyCmd puts text on the clipboard with OSC 52, which works over SSH and
// in most terminals, by writing the sequence to the terminal.
func copyCmd(w io.Writer, text, why string) tea.Cmd {
	return func() tea.Msg {
		_, err := io.WriteString(w, osc52.New(text).String())
		return copiedMsg{text: text, err: err, why: why}
	}
}
