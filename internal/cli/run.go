package cli

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/demo"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
	"github.com/eventbrowser/eventbrowser/ui"
)

// run loads and browses or prints what o asks for.
func (o *options) run(e Env) error {
	if o.version {
		fmt.Fprintln(e.stdout, e.build)
		return nil
	}

	var src source.Multi
	table := o.output == "" && e.stdoutIsTerminal
	switch {
	case o.demo:
		src = append(src, source.File{Paths: []string{"demo.json"}, Open: func(string) (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(demo.JSON)), nil
		}})
		if o.mollie.History == source.HistoryResources {
			src = append(src, demo.History()) // the sample's histories rebuilt from resources, offline
		}
	case len(o.paths) > 0:
		// A missing file is worth saying before anything else happens.
		for _, p := range o.paths {
			if _, err := os.Stat(p); p != "-" && err != nil {
				return fmt.Errorf("cannot open %s: %w", p, errors.Unwrap(err))
			}
		}
		// The entities webhook events carry are held, so the detail view
		// and --expand show them without a request (or a key); printing
		// without --expand or a resource's column, nothing shows them.
		// A json or ndjson print, and the table's Y and e, write webhook
		// events as they are in the files, read from there again (a print
		// keeps copies of those a pipe brought).
		var held *source.Held
		switch {
		case table || o.needsResources():
			held = o.newHeld(o.resources)
			o.resources = held
		case o.printsAsRead():
			held = o.newHeld(nil)
			o.placed = held
		}
		src = append(src, source.File{Paths: o.paths, Stdin: e.stdin, SkipInvalid: o.skipInvalid, MaxEventSize: o.maxEventSize,
			Explain: explainSkipped, Held: held, APIURL: cmp.Or(o.resourcesAPI, source.DefaultAPIURL),
			PlaceEvents: table || o.placed != nil, CopyEvents: o.placed != nil})
	}
	if o.api != nil {
		src = append(src, o.api)
	}
	if len(o.events) > 0 {
		placed, _ := o.resources.(*source.Held) // the table's: Y and e ask it
		if !table {
			if o.placed == nil && o.printsAsRead() {
				o.placed = o.newHeld(nil)
			}
			placed = o.placed
		}
		src = append(src, source.WebhookEvents{M: &o.mollie, IDs: o.events, Placed: placed})
	}

	if why := source.NotRereadable(src); o.watch > 0 && why != "" {
		return &usageError{msg: "--watch reads the input again, but " + why + "; give files or --customer", bare: true}
	}
	if o.output != "" || !e.stdoutIsTerminal {
		ctx, stop := signalContext()
		err := printEvents(ctx, src, o, e)
		if sig := stop(); sig != 0 {
			return signalError{sig}
		}
		return err
	}
	return browse(ui.Config{Source: src, Title: o.title(), Command: o.sourceArgs(), Query: o.filter, Sort: o.sort, Watch: o.watch,
		NoMouse: o.noMouse, Getenv: e.getenv, TypeNames: o.typeNames(),
		Resources: o.resources, APIURL: o.resourcesAPI, Concurrency: o.concurrency, Expand: o.expand, MaxHeld: o.maxHeld,
		Explain: o.explain, Profile: o.profileLabel(), Columns: o.columns, Views: o.savedViews(), SaveView: o.saveView}, e)
}

// typeNames names the numeric types the screen can name: 200, and the
// demo's own.
func (o *options) typeNames() map[int]string {
	if !o.demo {
		return model.KnownTypeNames
	}
	names := maps.Clone(model.KnownTypeNames)
	maps.Copy(names, demo.TypeNames)
	return names
}

// browse runs the interactive view of cfg. A panic in it ends it cleanly,
// with the terminal restored, and is reported here with the version.
func browse(cfg ui.Config, e Env) error {
	collectOften(e)
	app := ui.New(cfg)
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
		return signalError{sig}
	case errors.As(app.Err(), &crash):
		fmt.Fprint(e.stderr, crash.Report(e.build.Version))
		return errReported
	case errors.Is(err, tea.ErrProgramPanic):
		// A panic the UI did not catch: Bubble Tea has restored the
		// terminal and printed it.
		warnf(e.stderr, "eventbrowser %s crashed; please report it with the steps that led here\n", e.build.Version)
		return errReported
	case err != nil:
		return err
	}
	return app.Err()
}

// browseGCPercent is the garbage collector's GOGC while browsing. The list
// keeps its events in large arrays without pointers, which a collection
// does not read, so one costs about a millisecond of CPU however many
// events there are; collecting when the heap has grown 10% rather than
// 100% keeps the peak near what the list holds: 1M events at about 140 MB
// peak RSS instead of 175–200 (issue 25).
const browseGCPercent = 10

// collectOften sets browseGCPercent, unless the user set GOGC.
func collectOften(e Env) {
	if e.getenv("GOGC") == "" {
		debug.SetGCPercent(browseGCPercent)
	}
}

// sourceArgs are the arguments that load the same events again, for the
// command X copies: --demo, the files, the customers and how to reach them.
func (o *options) sourceArgs() []string {
	var args []string
	if o.demo {
		args = append(args, "--demo")
		if o.mollie.History == source.HistoryResources {
			args = append(args, "--history", source.HistoryResources)
		}
	}
	if o.skipInvalid {
		args = append(args, "--skip-invalid")
	}
	if o.maxEventSize > 0 {
		args = append(args, "--max-event-size", strconv.FormatInt(o.maxEventSize, 10))
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
		if a.History != "" && a.History != source.HistoryAuto {
			args = append(args, "--history", a.History)
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
func (o *options) title() string {
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
