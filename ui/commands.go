package ui

import (
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/pkg/browser"

	"github.com/eventbrowser/eventbrowser/source"
)

// Everything here that touches the world runs inside a tea.Cmd, never in
// Update, and reports back with a typed message.

// loadStartedMsg hands the app the stream a loader writes to.
type loadStartedMsg struct{ stream <-chan tea.Msg }

// batchMsg carries events that have arrived.
type batchMsg struct{ batch source.Batch }

// loadDoneMsg says the source has finished, with the error that stopped it.
type loadDoneMsg struct{ err error }

// startLoadCmd runs src in a goroutine that ends with ctx. Its batches come
// back one by one through waitLoadCmd, so the table fills as they arrive.
func startLoadCmd(ctx context.Context, src source.Source) tea.Cmd {
	return func() tea.Msg {
		stream := make(chan tea.Msg, 4)
		go func() {
			defer close(stream)
			send := func(m tea.Msg) {
				select {
				case stream <- m:
				case <-ctx.Done():
				}
			}
			err := src.Load(ctx, func(b source.Batch) { send(batchMsg{b}) })
			send(loadDoneMsg{err})
		}()
		return loadStartedMsg{stream}
	}
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

// copiedMsg reports a copy to the clipboard.
type copiedMsg struct {
	text string
	err  error
}

// copyCmd puts text on the clipboard with OSC 52, which works over SSH and
// in most terminals, by writing the sequence to the terminal.
func copyCmd(w io.Writer, text string) tea.Cmd {
	return func() tea.Msg {
		_, err := io.WriteString(w, osc52.New(text).String())
		return copiedMsg{text: text, err: err}
	}
}
