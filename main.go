// Command eventbrowser browses Mollie customer events in the terminal.
package main

import (
	"bytes"
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

Files hold a JSON array of events, a customer with "events", a list response
with "_embedded", or NDJSON; gzip is detected.

Flags:
`

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	fs := flag.NewFlagSet("eventbrowser", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	demoFlag := fs.Bool("demo", false, "browse an embedded sample of customer events")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fs.SetOutput(os.Stdout)
			fmt.Print(usage)
			fs.PrintDefaults()
			return 0
		}
		fmt.Fprintf(os.Stderr, "eventbrowser: %v\nRun 'eventbrowser --help' for usage.\n", err)
		return 2
	}

	var src source.Source
	paths := fs.Args()
	stdinIsTTY := isatty.IsTerminal(os.Stdin.Fd()) || isatty.IsCygwinTerminal(os.Stdin.Fd())
	switch {
	case *demoFlag:
		src = source.File{Paths: []string{"demo.json"}, Open: func(string) (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(demo.JSON)), nil
		}}
	case len(paths) > 0:
		src = source.File{Paths: paths}
	case !stdinIsTTY:
		src = source.File{Paths: []string{"-"}}
	default:
		fmt.Fprint(os.Stderr, "eventbrowser: no events to show: give a FILE, pipe events in, or try --demo\nRun 'eventbrowser --help' for usage.\n")
		return 2
	}

	app := ui.New(ui.Config{Source: src, Sort: model.DefaultSort})
	opts := []tea.ProgramOption{tea.WithAltScreen()}
	if !stdinIsTTY {
		opts = append(opts, tea.WithInputTTY()) // events on stdin, keys from the terminal
	}
	if _, err := tea.NewProgram(app, opts...).Run(); err != nil {
		fmt.Fprintf(os.Stderr, "eventbrowser: %v\n", err)
		return 1
	}
	if err := app.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "eventbrowser: %v\n", err)
		return 1
	}
	return 0
}
