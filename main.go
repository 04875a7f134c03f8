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
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
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
  eventbrowser -q 'type:220..229 !paid source:cst_8w*' events.json
  tail -f events.ndjson | eventbrowser -q type:222 --sort none --output ndjson

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
  --expand           fetch the resource each event links to (a payment, a refund…):
                     json/ndjson embed it, tsv/table add its status, the table a
                     STATUS column; with the key, or --demo (off)

Filters (they also preset the interactive view):
  -q, --query EXPR   events the query selects, see Query below; repeatable, and
                     every one must hold, as must the flags below (all)
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

Query: terms separated by spaces, every one of which must hold; a ! before a
term negates it, and double quotes make one term of text with spaces.
  word, "a phrase"   the message contains it, any case
  /regexp/           the message matches the RE2 expression; (?i) for any case
  type:200,220..229  the type is one of these (ranges inclusive)
  source:cst_8w*     the source is exactly this, or starts with what is before
                     a final *; several separated by commas
  since:T, until:T   as --since and --until
  link:TEXT          the first link's href contains TEXT, any case
  has:link           the event has a link
  is:new             the event came with the last refresh (--watch)
  status:failed      the linked resource's status is one of these; statuses
                     are not fetched yet, so for now it holds for no event
The flags above add their terms: --type 200 --grep x is -q 'type:200 x'.

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
				dashes := "--"
				if len(name) == 1 {
					dashes = "-" // -q
				}
				valueErr = fmt.Errorf("%s%s: %w", dashes, name, err)
				return err
			}
			return nil
		})
	}
	fs.BoolVar(&o.demo, "demo", false, "")
	fs.BoolVar(&o.skipInvalid, "skip-invalid", false, "")
	fs.BoolVar(&o.noMouse, "no-mouse", false, "")
	fs.BoolVar(&o.version, "version", false, "")
	fs.BoolVar(&o.expand, "expand", false, "")
	// The filter flags become terms of one query, in this order: the
	// queries, the types (one term, as --type adds types), the text, the
	// times. Each is checked as it comes, so its error names its flag.
	var queries []string
	var types []int
	var grep, since, until string
	query := func(s string) error {
		if _, err := model.ParseQuery(s, e.now, time.Local); err != nil {
			return err
		}
		queries = append(queries, s)
		return nil
	}
	value("query", query)
	value("q", query)
	value("type", func(s string) error {
		ts, err := model.ParseTypes(s)
		types = append(types, ts...)
		return err
	})
	fs.StringVar(&grep, "grep", "", "")
	instant := func(dst *string) func(string) error {
		return func(s string) error {
			*dst = s
			_, err := model.ParseInstant(s, e.now, time.Local)
			return err
		}
	}
	value("since", instant(&since))
	value("until", instant(&until))
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
	terms := append(queries, model.TypeTerm(types))
	if text, neg := strings.CutPrefix(grep, "!"); text != "" && neg {
		terms = append(terms, "!"+model.QuoteText(text))
	} else if text != "" {
		terms = append(terms, model.QuoteText(text))
	}
	if since != "" {
		terms = append(terms, "since:"+model.QuoteText(since))
	}
	if until != "" {
		terms = append(terms, "until:"+model.QuoteText(until))
	}
	terms = slices.DeleteFunc(terms, func(t string) bool { return t == "" })
	q, err := model.ParseQuery(strings.Join(terms, " "), e.now, time.Local)
	if err != nil {
		return o, usagef("the filters do not make a query: %v", err) // each was checked: a bug
	}
	o.filter = model.Filter{Query: q}
	if !o.expand && q.LimitsStatuses() {
		return o, usagef("status: needs --expand: the statuses are those of the resources events link to")
	}
	fromAPI := len(api.Customers) > 0 || api.AllCustomers
	if e.getenv != nil {
		api.Key = e.getenv(source.KeyEnv)
	}
	keyErr := source.CheckKey(api.Key)
	switch {
	case fromAPI && keyErr != nil:
		return o, usagef("%v", keyErr)
	case fromAPI:
		o.api = &api
	case len(apiFlags) > 0 && (keyErr != nil || !o.demo && len(o.paths) == 0 && !hasInput(e.stdin)):
		// With a key and events from elsewhere, they apply to what the
		// events link to.
		return o, usagef("the API flags need --customer ID or --all-customers")
	}
	// What events link to comes from the API whenever there is a key, and
	// from the sample itself with --demo.
	o.resourcesAPI, o.concurrency = api.BaseURL, api.Concurrency
	switch {
	case o.demo:
		o.resources, o.resourcesAPI = demo.Resources(), source.DefaultAPIURL
	case keyErr == nil:
		o.resources = &source.Mollie{BaseURL: api.BaseURL, Key: api.Key, Concurrency: api.Concurrency,
			Testmode: api.Testmode, Timeout: api.Timeout, UserAgent: api.UserAgent}
	case o.expand:
		return o, usagef("--expand fetches what events link to from the API: set %s (or try it with --demo)", source.KeyEnv)
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
	case o.watch > 0 && o.expand:
		fmt.Fprintf(e.stderr, "eventbrowser: --expand and --watch do not go together when printing: drop one\nRun 'eventbrowser --help' for usage.\n")
		return 2
	case o.watch > 0:
		return watchEvents(src, o, e, format)
	case o.sort == model.Sort{Key: model.SortNone} && format != model.FormatTable && !o.expand:
		// --expand waits for every event: the resources are fetched once.
		return streamEvents(src, o, e, format)
	}
	// status: terms wait for the statuses, which --expand fetches once the
	// events are in.
	loading := o.filter
	loading.Query = loading.Query.Without(model.FieldStatus)
	list := model.NewList()
	list.SetFilter(loading)
	list.SetSort(o.sort)
	var events []model.Event
	var chunks []*model.Chunk
	sources := map[string]bool{}
	filtered := !loading.IsZero()
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
				c = c.Select(loading)
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
	if o.expand {
		var lost int
		opts.Resource, lost = expand(list, o, e)
		failed += lost
		list.SetStatus(func(id int) string {
			_, status := opts.Resource(list.Event(id))
			return status
		})
		list.SetFilter(o.filter)
	}
	if err := model.Print(e.stdout, format, list.All(), opts); err != nil {
		fmt.Fprintf(e.stderr, "eventbrowser: writing the output: %v\n", err)
		return 1
	}
	if failed > 0 {
		fmt.Fprintf(e.stderr, "eventbrowser: %d customer(s) or linked resource(s) could not be loaded; the output holds the rest\n", failed)
		return 1
	}
	return 0
}

// expand fetches the resource each listed event links to (its first link
// that is a Mollie API resource), each once, --concurrency at a time, and
// returns what Print embeds for an event, and how many could not be
// fetched, each said on stderr.
func expand(list *model.List, o options, e env) (func(*model.Event) ([]byte, string), int) {
	var urls []string
	for ev := range list.All() {
		if u := source.FirstResourceURL(ev, o.resourcesAPI); u != "" {
			urls = append(urls, u)
		}
	}
	bodies, errs := source.FetchAll(context.Background(), o.resources, urls, o.concurrency)
	for _, u := range slices.Sorted(maps.Keys(errs)) {
		fmt.Fprintf(e.stderr, "eventbrowser: %s: %v\n", model.SanitizeLine(u), errs[u])
	}
	status := map[string]string{}
	for u, body := range bodies {
		if r, err := model.ParseResource(body, time.UTC); err == nil {
			status[u] = r.Status
		}
	}
	return func(ev *model.Event) ([]byte, string) {
		u := source.FirstResourceURL(ev, o.resourcesAPI)
		return bodies[u], status[u]
	}, len(errs)
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
		fmt.Fprintf(e.stderr, "eventbrowser: %v\n", sig)
		return 128 + int(sig)
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
