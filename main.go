// Command eventbrowser browses Mollie customer events in the terminal.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/mattn/go-isatty"

	"github.com/eventbrowser/eventbrowser/demo"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
	"github.com/eventbrowser/eventbrowser/ui"
)

const usage = `eventbrowser browses Mollie customer events in the terminal.

Usage:
  eventbrowser [flags] [FILE...]     FILE may be - for standard input
  cat events.json | eventbrowser
  eventbrowser --demo

A FILE holds a JSON array of events, a customer with "events" (the response of
GET /v2/customers/{id}?include=events), a list response with "_embedded", or
NDJSON, one event a line; gzip is detected. In the table, ? shows every key.

Flags:
`

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stderr)) }

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// options is what the command line asked for.
type options struct {
	demo  bool
	paths []string
}

func parseArgs(args []string, stdin *os.File) (options, error) {
	var o options
	fs := flag.NewFlagSet("eventbrowser", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.demo, "demo", false, "browse an embedded sample of customer events")
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(os.Stdout)
			fmt.Print(usage)
			fs.PrintDefaults()
			return o, err
		}
		return o, usagef("%v", err)
	}
	o.paths = fs.Args()
	switch {
	case o.demo && len(o.paths) > 0:
		return o, usagef("--demo takes no files")
	case !o.demo && len(o.paths) == 0:
		if !hasInput(stdin) {
			return o, usagef("no events to show: give a FILE, pipe events in, or try --demo")
		}
		o.paths = []string{"-"}
	}
	return o, nil
}

// hasInput reports whether stdin is a pipe or a file rather than a terminal
// or /dev/null.
func hasInput(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice == 0
}

func run(args []string, stdin *os.File, stderr io.Writer) int {
	o, err := parseArgs(args, stdin)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		fmt.Fprintf(stderr, "eventbrowser: %v\nRun 'eventbrowser --help' for usage.\n", err)
		return 2
	}

	src := source.File{Paths: o.paths}
	if o.demo {
		src = source.File{Paths: []string{"demo.json"}, Open: func(string) (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(demo.JSON)), nil
		}}
	}
	// A missing file is worth saying before the screen changes.
	for _, p := range o.paths {
		if _, err := os.Stat(p); p != "-" && err != nil {
			fmt.Fprintf(stderr, "eventbrowser: cannot open %s: %v\n", p, errors.Unwrap(err))
			return 1
		}
	}

	app := ui.New(ui.Config{Source: src, Sort: model.DefaultSort})
	opts := []tea.ProgramOption{tea.WithAltScreen()}
	if !isatty.IsTerminal(stdin.Fd()) {
		opts = append(opts, tea.WithInputTTY()) // events on stdin, keys from the terminal
	}
	if _, err := tea.NewProgram(app, opts...).Run(); err != nil {
		fmt.Fprintf(stderr, "eventbrowser: %v\n", err)
		return 1
	}
	if err := app.Err(); err != nil {
		fmt.Fprintf(stderr, "eventbrowser: %v\n", err)
		return 1
	}
	return 0
}
