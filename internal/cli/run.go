// Package cli is the eventbrowser command: its flags, the interactive
// view or print mode they choose, the man page and completions. Run is
// the whole program, over the world Env gives it; main only calls it.
package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"github.com/eventbrowser/eventbrowser/demo"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
	"github.com/eventbrowser/eventbrowser/ui"
)

// System is the world of the running program: its standard streams,
// the clock, the environment, and b, the build's version filled in from
// what Go recorded in the binary.
func System(b Build) Env {
	return Env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		now: time.Now(), stdoutIsTerminal: term.IsTerminal(os.Stdout.Fd()),
		stderrIsTerminal: term.IsTerminal(os.Stderr.Fd()),
		getenv:           os.Getenv,
		build:            b.resolve(),
	}
}

// Env is the world Run works in, so tests can supply their own.
type Env struct {
	stdin            *os.File
	stdout, stderr   io.Writer
	now              time.Time
	stdoutIsTerminal bool
	stderrIsTerminal bool // progress of long loads is shown there only then
	getenv           func(string) string
	build            Build // what --version says
}

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// options is what the command line asked for.
type options struct {
	demo   bool
	paths  []string
	filter model.Filter // its Query holds every filter flag's terms
	sort   model.Sort
	output string // "" means browse when stdout is a terminal, tsv otherwise
	api    *source.Mollie
	watch  time.Duration
	expand bool // fetch what events link to: in print mode embedded, in the table a STATUS column

	// resources fetches what events link to: the API with the key, or the
	// demo's own; nil without a key. resourcesAPI is the API's base URL.
	resources    source.Fetcher
	resourcesAPI string
	concurrency  int

	skipInvalid  bool  // files: skip invalid events instead of failing
	maxEventSize int64 // files: the largest single JSON value read; 0 means the default
	noMouse      bool  // browsing: leave the mouse to the terminal
	version      bool  // print the version and exit
}

// hasInput reports whether stdin is a pipe or a file rather than a terminal
// or /dev/null.
func hasInput(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice == 0
}

// Run runs the command with args and returns the exit status: 2 for a
// mistake on the command line, with a one-line reason.
func Run(args []string, e Env) int {
	cmd, code := newCommand(e, args, func(o options) int { return execute(o, e) })
	cmd.SetIn(e.stdin)
	cmd.SetOut(e.stdout)
	cmd.SetErr(e.stderr)
	if err := cmd.Execute(); err != nil {
		warnf(e.stderr, "eventbrowser: %v\nRun 'eventbrowser --help' for usage.\n", err)
		return 2
	}
	return *code
}

// execute loads and browses or prints what o asks for.
func execute(o options, e Env) int {
	if o.version {
		fmt.Fprintln(e.stdout, e.build)
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
				warnf(e.stderr, "eventbrowser: cannot open %s: %v\n", p, errors.Unwrap(err))
				return 1
			}
		}
		src = append(src, source.File{Paths: o.paths, Stdin: e.stdin, SkipInvalid: o.skipInvalid, MaxEventSize: o.maxEventSize})
	}
	if o.api != nil {
		src = append(src, o.api)
	}

	if why := source.Reread(src); o.watch > 0 && why != "" {
		warnf(e.stderr, "eventbrowser: --watch reads the input again, but %s; give files or --customer\n", why)
		return 2
	}
	if o.output != "" || !e.stdoutIsTerminal {
		ctx, stop := signalContext()
		code := printEvents(ctx, src, o, e)
		if sig := stop(); sig != 0 {
			warnf(e.stderr, "eventbrowser: %v", sig)
			return 128 + int(sig)
		}
		return code
	}
	return browse(src, o, e)
}

// browse runs the interactive view. A panic in it ends it cleanly, with
// the terminal restored, and is reported here with the version.
func browse(src source.Source, o options, e Env) int {
	app := ui.New(ui.Config{Source: src, Title: o.title(), Command: o.sourceArgs(), Filter: o.filter, Sort: o.sort, Watch: o.watch,
		NoMouse: o.noMouse, Getenv: e.getenv,
		Resources: o.resources, APIURL: o.resourcesAPI, Concurrency: o.concurrency, Expand: o.expand})
	// Bubble Tea reads keys from the terminal itself when events come on
	// stdin; the alternate screen, the mouse and the window title are the
	// model's View.
	p := tea.NewProgram(app, tea.WithoutSignalHandler())
	stop := killOnSignal(p)
	_, err := p.Run()
	sig := stop()
	app.Close() // a signal ends the program without q: end the loads too
	var crash *ui.PanicError
	switch {
	case sig != 0:
		// The terminal is restored; the exit status says the signal, as a
		// shell's would.
		warnf(e.stderr, "eventbrowser: %v\n", sig)
		return 128 + int(sig)
	case errors.As(app.Err(), &crash):
		fmt.Fprint(e.stderr, crash.Report(e.build.Version))
		return 1
	case errors.Is(err, tea.ErrProgramPanic):
		// A panic the UI did not catch: Bubble Tea has restored the
		// terminal and printed it.
		warnf(e.stderr, "eventbrowser %s crashed; please report it with the steps that led here\n", e.build.Version)
		return 1
	case err != nil:
		warnf(e.stderr, "eventbrowser: %v\n", err)
		return 1
	case app.Err() != nil:
		warnf(e.stderr, "eventbrowser: %v\n", app.Err())
		return 1
	}
	return 0
}

// sourceArgs are the arguments that load the same events again, for the
// command X copies: --demo, the files, the customers and how to reach them.
func (o options) sourceArgs() []string {
	var args []string
	if o.demo {
		args = append(args, "--demo")
	}
	if o.skipInvalid {
		args = append(args, "--skip-invalid")
	}
	if o.expand {
		args = append(args, "--expand")
	}
	if a := o.api; a != nil {
		if a.BaseURL != source.DefaultAPIURL {
			args = append(args, "--api-url", a.BaseURL)
		}
		if a.Testmode {
			args = append(args, "--testmode")
		}
		if a.AllCustomers {
			args = append(args, "--all-customers")
		}
		if len(a.Customers) > 0 {
			args = append(args, "--customer", strings.Join(a.Customers, ","))
		}
	} else if o.expand && o.resourcesAPI != source.DefaultAPIURL && !o.demo {
		args = append(args, "--api-url", o.resourcesAPI)
	}
	if len(o.paths) > 0 {
		args = append(args, "--")
		args = append(args, o.paths...)
	}
	return args
}

// title names what is browsed, for the window title: the demo, the files,
// the customers.
func (o options) title() string {
	var parts []string
	switch {
	case o.demo:
		parts = append(parts, "demo")
	case len(o.paths) > 0:
		names := slices.Clone(o.paths)
		for i, p := range names {
			if p == "-" {
				names[i] = "stdin"
			}
		}
		parts = append(parts, strings.Join(names, ", "))
	}
	switch {
	case o.api == nil:
	case o.api.AllCustomers:
		parts = append(parts, "all customers")
	case len(o.api.Customers) == 1:
		parts = append(parts, "customer "+o.api.Customers[0])
	default:
		parts = append(parts, fmt.Sprintf("%d customers", len(o.api.Customers)))
	}
	return strings.Join(parts, " + ")
}
