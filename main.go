// Command eventbrowser browses Mollie customer events in the terminal, or
// prints them for scripts when its output is not a terminal.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/term"

	"github.com/eventbrowser/eventbrowser/demo"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
	"github.com/eventbrowser/eventbrowser/ui"
)

const usage = `eventbrowser browses Mollie customer events in the terminal, and prints them
for scripts when its output is not a terminal.

Usage:
  eventbrowser [flags] [FILE...]       FILE may be - for standard input
  cat events.json | eventbrowser
  eventbrowser --type 200 --grep mandate events.json | cut -f3
  tail -f events.ndjson | eventbrowser --type 222 --sort none --output ndjson

A FILE holds a JSON array of events, a customer with "events" (the response of
GET /v2/customers/{id}?include=events), a list response with "_embedded", or
NDJSON, one event a line; gzip is detected. In the table, ? shows every key.

Sources (files and the API can be combined):
  --demo             browse an embedded sample of customer events (off)
  --skip-invalid     skip a FILE's invalid events, saying how many and why,
                     instead of failing at the first (off)
  --max-event-size SIZE
                     the largest single event (JSON value) read, in KB, MB
                     or GB; a larger one is an invalid event (64MB)

Mollie API (the key comes from MOLLIE_API_KEY: live_…, test_… or access_…):
  --customer ID      fetch this customer's events; repeatable, comma-separated
  --all-customers    fetch the events of every customer of the account (off)
  --concurrency N    customer fetches in flight at once, 1-32 (4)
  --testmode         add testmode=true, for access_ tokens (off)
  --api-url URL      the API's base URL; http only for loopback (https://api.mollie.com)
  --timeout D        time allowed for each request (30s)
  --watch D          re-fetch every D, at least 5s, while browsing; when
                     printing, print what each refresh finds new (off)

Filters (they also preset the interactive view):
  --type LIST        only these event types, comma-separated, repeatable (all)
  --grep TEXT        messages containing TEXT, any case; !TEXT hides them (none)
  --since T          events at or after T: RFC 3339, a date (local midnight),
                     or a duration back from now like 36h or 7d (none)
  --until T          events before T, same forms as --since (none)
  --sort KEY         created, type, message or none (input order: printing
                     then writes each event as it is read); -KEY for
                     descending (-created)

Output:
  --output FORMAT    print instead of browsing: tsv, json, ndjson or table
                     (tsv when the output is not a terminal)
  --no-mouse         leave the mouse to the terminal, so plain drag selects text (off)
  --help             show this help
  --version          print the version, commit and build date, and exit

Exit status: 0 on success (also when nothing matches), 1 when loading fails,
2 for a mistake on the command line.
`

func main() {
	os.Exit(run(os.Args[1:], env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		now: time.Now(), stdoutIsTerminal: term.IsTerminal(os.Stdout.Fd()),
		stderrIsTerminal: term.IsTerminal(os.Stderr.Fd()),
		getenv:           os.Getenv,
	}))
}

// env is the world run works in, so tests can supply their own.
type env struct {
	stdin            *os.File
	stdout, stderr   io.Writer
	now              time.Time
	stdoutIsTerminal bool
	stderrIsTerminal bool // progress of long loads is shown there only then
	getenv           func(string) string
}

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// options is what the command line asked for.
type options struct {
	demo   bool
	paths  []string
	filter model.Filter
	sort   model.Sort
	output string // "" means browse when stdout is a terminal, tsv otherwise
	api    *source.Mollie
	watch  time.Duration

	skipInvalid  bool  // files: skip invalid events instead of failing
	maxEventSize int64 // files: the largest single JSON value read; 0 means the default
	noMouse      bool  // browsing: leave the mouse to the terminal
	version      bool  // print the version and exit
}

func parseArgs(args []string, e env) (options, error) {
	o := options{sort: model.DefaultSort}
	fs := flag.NewFlagSet("eventbrowser", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	// A bad value's error names the flag as users type it: "--since: …".
	var valueErr error
	value := func(name string, set func(string) error) {
		fs.Func(name, "", func(s string) error {
			if err := set(s); err != nil {
				valueErr = fmt.Errorf("--%s: %w", name, err)
				return err
			}
			return nil
		})
	}
	fs.BoolVar(&o.demo, "demo", false, "")
	fs.BoolVar(&o.skipInvalid, "skip-invalid", false, "")
	fs.BoolVar(&o.noMouse, "no-mouse", false, "")
	fs.BoolVar(&o.version, "version", false, "")
	value("type", func(s string) error {
		types, err := model.ParseTypes(s)
		if err != nil {
			return err
		}
		if o.filter.Types == nil {
			o.filter.Types = map[int]bool{}
		}
		for _, t := range types {
			o.filter.Types[t] = true
		}
		return nil
	})
	fs.StringVar(&o.filter.Text, "grep", "", "")
	instant := func(dst *time.Time) func(string) error {
		return func(s string) (err error) {
			*dst, err = model.ParseInstant(s, e.now, time.Local)
			return err
		}
	}
	value("since", instant(&o.filter.Since))
	value("until", instant(&o.filter.Until))
	value("max-event-size", func(s string) (err error) {
		o.maxEventSize, err = model.ParseSize(s)
		return err
	})
	value("sort", func(s string) (err error) {
		o.sort, err = model.ParseSort(s)
		return err
	})
	value("output", func(s string) error {
		_, err := model.ParseFormat(s)
		o.output = s
		return err
	})
	api := source.Mollie{BaseURL: source.DefaultAPIURL, Concurrency: 4, Timeout: 30 * time.Second, UserAgent: "eventbrowser/" + versionInfo().Version}
	apiFlags := map[string]bool{}
	apiValue := func(name string, set func(string) error) {
		value(name, func(s string) error { apiFlags[name] = true; return set(s) })
	}
	apiValue("customer", func(s string) error {
		for _, id := range strings.Split(s, ",") {
			if id = strings.TrimSpace(id); id == "" {
				continue
			}
			if err := source.CheckCustomerID(id); err != nil {
				return err
			}
			api.Customers = append(api.Customers, id)
		}
		return nil
	})
	fs.BoolFunc("all-customers", "", func(s string) error {
		apiFlags["all-customers"] = true
		api.AllCustomers = s == "true"
		return nil
	})
	apiValue("concurrency", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 32 {
			return fmt.Errorf("%q: want a number from 1 to 32", s)
		}
		api.Concurrency = n
		return nil
	})
	fs.BoolFunc("testmode", "", func(s string) error {
		apiFlags["testmode"] = true
		api.Testmode = s == "true"
		return nil
	})
	apiValue("api-url", func(s string) error {
		api.BaseURL = s
		return source.CheckBaseURL(s)
	})
	apiValue("timeout", func(s string) (err error) {
		api.Timeout, err = time.ParseDuration(s)
		if err == nil && api.Timeout <= 0 {
			err = fmt.Errorf("%q: want a positive duration like 30s", s)
		}
		return err
	})
	value("watch", func(s string) (err error) {
		o.watch, err = time.ParseDuration(s)
		if err == nil && o.watch < 5*time.Second {
			err = fmt.Errorf("%q: want at least 5s, so the API is not hammered", s)
		}
		return err
	})
	if err := parseInterspersed(fs, args, &o.paths); err != nil {
		switch {
		case errors.Is(err, flag.ErrHelp):
			return o, err
		case valueErr != nil:
			return o, usagef("%v", valueErr)
		}
		msg := err.Error()
		if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
			msg = "unknown flag --" + name
		} else if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
			msg = "--" + name + " needs a value"
		} else {
			msg = strings.Replace(msg, " for -", " for --", 1) // invalid boolean value "x" for -demo
		}
		return o, usagef("%s", msg)
	}
	if o.version {
		return o, nil // needs no events, so nothing else is checked
	}
	fromAPI := len(api.Customers) > 0 || api.AllCustomers
	if len(apiFlags) > 0 {
		if !fromAPI {
			return o, usagef("the API flags need --customer ID or --all-customers")
		}
		api.Key = e.getenv(source.KeyEnv)
		if err := source.CheckKey(api.Key); err != nil {
			return o, usagef("%v", err)
		}
		o.api = &api
	}
	switch {
	case o.demo && len(o.paths) > 0:
		return o, usagef("--demo takes no files")
	case !o.demo && len(o.paths) == 0 && !fromAPI:
		if !hasInput(e.stdin) {
			return o, usagef("no events to show: give a FILE, pipe events in, use --customer, or try --demo")
		}
		o.paths = []string{"-"}
	}
	return o, nil
}

// parseInterspersed parses flags wherever they stand, before or after the
// files (eventbrowser events.json --output json), as gh and most tools do;
// everything after "--" is a file.
func parseInterspersed(fs *flag.FlagSet, args []string, paths *[]string) error {
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			*paths = append(*paths, rest...)
			return nil
		}
		*paths = append(*paths, rest[0])
		args = rest[1:]
	}
}

// hasInput reports whether stdin is a pipe or a file rather than a terminal
// or /dev/null.
func hasInput(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice == 0
}

func run(args []string, e env) int {
	o, err := parseArgs(args, e)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(e.stdout, usage)
		return 0
	case err != nil:
		fmt.Fprintf(e.stderr, "eventbrowser: %v\nRun 'eventbrowser --help' for usage.\n", err)
		return 2
	}
	if o.version {
		fmt.Fprintln(e.stdout, versionInfo())
		return 0
	}

	var src source.Multi
	switch {
	case o.demo:
		src = append(src, source.File{Paths: []string{"demo.json"}, Open: func(string) (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(demo.JSON)), nil
		}})
	case len(o.paths) > 0:
		// A missing file is worth saying before anything else happens.
		for _, p := range o.paths {
			if _, err := os.Stat(p); p != "-" && err != nil {
				fmt.Fprintf(e.stderr, "eventbrowser: cannot open %s: %v\n", p, errors.Unwrap(err))
				return 1
			}
		}
		src = append(src, source.File{Paths: o.paths, Stdin: e.stdin, SkipInvalid: o.skipInvalid, MaxEventSize: o.maxEventSize})
	}
	if o.api != nil {
		src = append(src, o.api)
	}

	if o.output != "" || !e.stdoutIsTerminal {
		return printEvents(src, o, e)
	}
	return browse(src, o, e)
}

// printEvents loads everything, then prints the filtered, sorted events.
// In input order (--sort none) it prints each event as it is read instead,
// and with --watch what each refresh finds new.
func printEvents(src source.Source, o options, e env) int {
	format := model.FormatTSV
	if o.output != "" {
		format, _ = model.ParseFormat(o.output)
	}
	switch {
	case o.watch > 0:
		return watchEvents(src, o, e, format)
	case o.sort == model.Sort{Key: model.SortNone} && format != model.FormatTable:
		return streamEvents(src, o, e, format)
	}
	list := model.NewList()
	list.SetFilter(o.filter)
	list.SetSort(o.sort)
	var events []model.Event
	var chunks []*model.Chunk
	sources := map[string]bool{}
	filtered := !reflect.DeepEqual(o.filter, model.Filter{})
	failed := 0
	prog := progressLine{w: e.stderr, on: e.stderrIsTerminal}
	defer prog.clear()
	err := src.Load(context.Background(), func(b source.Batch) {
		prog.add(b)
		// Kept until the end, as sorting and filtering once is cheaper than
		// once per batch; with a filter, only what passes it is kept.
		for _, ev := range b.Events {
			sources[ev.Source] = true
		}
		events = append(events, b.Events...)
		for _, c := range b.Chunks {
			for _, s := range c.Sources() {
				sources[s] = true
			}
			if filtered {
				c = c.Select(o.filter)
			}
			chunks = append(chunks, c)
		}
		for _, n := range b.Notes {
			prog.clear()
			fmt.Fprintf(e.stderr, "eventbrowser: %s\n", n)
		}
		for _, f := range b.Failures {
			failed++
			prog.clear()
			fmt.Fprintf(e.stderr, "eventbrowser: %v\n", f.Err)
		}
	})
	prog.clear()
	if err != nil {
		fmt.Fprintf(e.stderr, "eventbrowser: %v\n", err)
		return 1
	}
	list.Append(events...)
	list.AppendChunks(chunks...)
	width := 0
	if f, ok := e.stdout.(*os.File); ok && e.stdoutIsTerminal {
		width, _, _ = term.GetSize(f.Fd())
	}
	opts := model.PrintOptions{WithSource: len(sources) > 1, Width: width}
	if err := model.Print(e.stdout, format, list.All(), opts); err != nil {
		fmt.Fprintf(e.stderr, "eventbrowser: writing the output: %v\n", err)
		return 1
	}
	if failed > 0 {
		fmt.Fprintf(e.stderr, "eventbrowser: %d customer(s) could not be loaded; the output holds the others\n", failed)
		return 1
	}
	return 0
}

// progressLine shows how a long print-mode load is going on one line of
// stderr, when stderr is a terminal: "loading… 1,234,567 events", or the
// API's "customers 120/450 · events 3,210 · 2 failed". It redraws at most
// ten times a second and is cleared before anything else is written.
type progressLine struct {
	w       io.Writer
	on      bool
	events  int
	last    time.Time
	started time.Time
	shown   bool
}

func (p *progressLine) add(b source.Batch) {
	if !p.on {
		return
	}
	p.events += b.Len()
	now := time.Now()
	if p.started.IsZero() {
		p.started = now
	}
	// Quick loads show nothing; a line appears after half a second.
	if now.Sub(p.started) < 500*time.Millisecond || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	text := "loading… " + model.Thousands(p.events) + " events"
	if b.Progress != nil {
		text = "loading… " + b.Progress.String()
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", text)
	p.shown = true
}

func (p *progressLine) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// browse runs the interactive view. A panic in it ends it cleanly, with
// the terminal restored, and is reported here with the version.
func browse(src source.Source, o options, e env) int {
	app := ui.New(ui.Config{Source: src, Filter: o.filter, Sort: o.sort, Watch: o.watch, Getenv: e.getenv})
	opts := []tea.ProgramOption{tea.WithAltScreen()}
	if !o.noMouse {
		// Wheel and clicks come to the program; shift+drag still selects
		// text in most terminals, and --no-mouse gives plain drag back.
		opts = append(opts, tea.WithMouseCellMotion())
	}
	if !term.IsTerminal(e.stdin.Fd()) {
		opts = append(opts, tea.WithInputTTY()) // events on stdin, keys from the terminal
	}
	_, err := tea.NewProgram(app, opts...).Run()
	app.Close() // a signal ends the program without q: end the loads too
	var crash *ui.PanicError
	switch {
	case errors.As(app.Err(), &crash):
		fmt.Fprint(e.stderr, crash.Report(versionInfo().Version))
		return 1
	case errors.Is(err, tea.ErrProgramPanic):
		// A panic the UI did not catch: Bubble Tea has restored the
		// terminal and printed it.
		fmt.Fprintf(e.stderr, "eventbrowser %s crashed; please report it with the steps that led here\n", versionInfo().Version)
		return 1
	case err != nil:
		fmt.Fprintf(e.stderr, "eventbrowser: %v\n", err)
		return 1
	case app.Err() != nil:
		fmt.Fprintf(e.stderr, "eventbrowser: %v\n", app.Err())
		return 1
	}
	return 0
}
