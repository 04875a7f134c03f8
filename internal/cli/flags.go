package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/eventbrowser/eventbrowser/internal/config"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
)

// options is what the command line asks for: the flags' values, each
// checked as it is parsed, then what validate makes of them together.
type options struct {
	// Sources.
	demo         bool
	skipInvalid  bool     // files: skip invalid events instead of failing
	maxEventSize int64    // files: the largest single JSON value read; 0 means the default
	paths        []string // the files; "-" is stdin

	// The Mollie API: its flags' values, and whether one was given, which
	// needs a key, and events from the API or from elsewhere.
	mollie   source.Mollie
	apiFlags bool
	watch    time.Duration
	expand   bool  // fetch what events link to: in print mode embedded, in the table a STATUS column
	maxHeld  int64 // what resources kept for the detail view and --expand may take; 0 means the default

	// Filters, each parsed once as its flag is; validate joins them into
	// filter. grep, since and until are nil when not given.
	queries            []query.Query
	types              *query.Term // every --type's types in one type: term
	grep, since, until *query.Term
	sort               model.Sort

	// The config file: its flags, what it says, and what validate makes
	// of it: the profile chosen, where the key came from, the view's
	// columns. changed tells whether a flag was given.
	config      configFlags
	cfg         *config.Config
	profileName string
	keySource   string
	columns     []string
	changed     func(name string) bool

	// Output.
	output  string // "" means browse when stdout is a terminal, tsv otherwise
	noMouse bool   // browsing: leave the mouse to the terminal
	version bool   // print the version and exit

	// What validate makes of the flags.
	filter query.Query    // every filter flag's terms
	api    *source.Mollie // events from the API; nil without --customer or --all-customers
	events []string       // --event: webhook events to fetch by ID
	// resources fetches what events link to: the API with the key, or the
	// demo's own; nil without a key. resourcesAPI is the API's base URL.
	resources    source.Fetcher
	resourcesAPI string
	concurrency  int
	// placed holds where the webhook events of the files read are in
	// them, when the print writes them as they were read (json, ndjson);
	// notPlaced counts those written as their fields instead.
	placed    *source.Held
	notPlaced int
}

// newOptions is the options of a command line without flags.
func newOptions(e Env) *options {
	return &options{
		sort: model.DefaultSort, cfg: &config.Config{}, changed: func(string) bool { return false },
		mollie: source.Mollie{BaseURL: source.DefaultAPIURL, Concurrency: 4, Timeout: 30 * time.Second,
			UserAgent: "eventbrowser/" + e.build.Version},
	}
}

// flagBinder defines flags on fs whose values are checked as they are
// parsed. A bad value's error names the flag as the user typed it
// ("-q: …", "--since: …"); pflag stops at the first, which err keeps.
type flagBinder struct {
	fs   *pflag.FlagSet
	args []string  // the command line, to tell -q from --query
	now  time.Time // what times back from now are read against
	err  error
}

// bindFlags defines every flag of the command on fs, bound to o. args is
// the command line, for the names of bad values.
func bindFlags(fs *pflag.FlagSet, args []string, now time.Time, o *options) *flagBinder {
	b := &flagBinder{fs: fs, args: args, now: now}
	o.bindSources(b)
	o.bindAPI(b)
	o.bindFilters(b)
	o.bindOutput(b)
	o.bindConfig(b)
	return b
}

// value defines the flag name (and -short, if not "") whose values set
// checks and keeps.
func (b *flagBinder) value(name, short string, set func(string) error) {
	typed := "--" + name
	if short != "" && !slices.ContainsFunc(b.args, func(a string) bool { return strings.HasPrefix(a, typed) }) {
		typed = "-" + short // as the user wrote it: -q
	}
	b.fs.FuncP(name, short, "", func(s string) error {
		if err := set(s); err != nil {
			b.err = fmt.Errorf("%s: %w", typed, err)
			return err
		}
		return nil
	})
}

// usageError is what a parse error of the flags means to the user.
func (b *flagBinder) usageError(err error) error {
	if b.err != nil {
		return usagef("%v", b.err)
	}
	return usagef("%s", pflagMessage(err.Error()))
}

func (o *options) bindSources(b *flagBinder) {
	b.fs.BoolVar(&o.demo, "demo", false, "")
	b.fs.BoolVar(&o.skipInvalid, "skip-invalid", false, "")
	b.value("max-event-size", "", func(s string) (err error) {
		o.maxEventSize, err = model.ParseSize(s)
		return err
	})
}

// bindAPI binds the flags of the Mollie API, --watch and --expand.
func (o *options) bindAPI(b *flagBinder) {
	m := &o.mollie
	api := func(name string, set func(string) error) {
		b.value(name, "", func(s string) error { o.apiFlags = true; return set(s) })
	}
	apiBool := func(name string, dst *bool) {
		b.fs.BoolFunc(name, "", func(s string) error { o.apiFlags, *dst = true, s == "true"; return nil })
	}
	api("customer", func(s string) error {
		for _, id := range strings.Split(s, ",") {
			if id = strings.TrimSpace(id); id == "" {
				continue
			}
			if err := source.CheckCustomerID(id); err != nil {
				return err
			}
			m.Customers = append(m.Customers, id)
		}
		return nil
	})
	apiBool("all-customers", &m.AllCustomers)
	b.value("event", "", func(s string) error {
		for _, id := range strings.Split(s, ",") {
			if id = strings.TrimSpace(id); id == "" {
				continue
			}
			if err := source.CheckEventID(id); err != nil {
				return err
			}
			o.events = append(o.events, id)
		}
		return nil
	})
	// Not an API flag alone: --demo takes it too, without a key.
	b.value("history", "", func(s string) error {
		switch s {
		case source.HistoryEvents, source.HistoryResources, source.HistoryAuto:
			m.History = s
			return nil
		}
		return fmt.Errorf("%q: want events, resources or auto", s)
	})
	api("concurrency", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 32 {
			return fmt.Errorf("%q: want a number from 1 to 32", s)
		}
		m.Concurrency = n
		return nil
	})
	apiBool("testmode", &m.Testmode)
	api("api-url", func(s string) error {
		m.BaseURL = s
		return source.CheckBaseURL(s)
	})
	api("timeout", func(s string) (err error) {
		m.Timeout, err = time.ParseDuration(s)
		if err == nil && m.Timeout <= 0 {
			err = fmt.Errorf("%q: want a positive duration like 30s", s)
		}
		return err
	})
	b.value("watch", "", func(s string) (err error) {
		o.watch, err = time.ParseDuration(s)
		if err == nil && o.watch < 5*time.Second {
			err = fmt.Errorf("%q: want at least 5s, so the API is not hammered", s)
		}
		return err
	})
	b.fs.BoolVar(&o.expand, "expand", false, "")
	b.value("max-held", "", func(s string) (err error) {
		o.maxHeld, err = model.ParseSize(s)
		return err
	})
}

// newHeld is a Held that asks next for what it does not hold, under
// --max-held.
func (o *options) newHeld(next source.Fetcher) *source.Held {
	h := source.NewHeld(next)
	h.MaxTotal = o.maxHeld
	return h
}

// bindFilters binds the flags that select and sort events. The filters
// become terms of one query (validate): the queries, the types (one term,
// as --type adds types), the text, the times.
func (o *options) bindFilters(b *flagBinder) {
	b.value("query", "q", func(s string) error {
		q, err := query.Parse(s, b.now, time.Local)
		o.queries = append(o.queries, q)
		return err
	})
	b.value("type", "", func(s string) error {
		t, err := query.ParseTypes(s)
		if err != nil {
			return err
		}
		if o.types != nil {
			t = query.JoinTypes(*o.types, t)
		} else {
			t = query.JoinTypes(t)
		}
		o.types = &t
		return nil
	})
	b.value("grep", "", func(s string) error {
		o.grep = nil
		if text, neg := strings.CutPrefix(s, "!"); text != "" {
			t := query.NewTextTerm(text, neg)
			o.grep = &t
		}
		return nil
	})
	instant := func(f query.Field, dst **query.Term) func(string) error {
		return func(s string) error {
			at, err := query.ParseInstant(s, b.now, time.Local)
			t := query.NewTimeTerm(f, s, at)
			*dst = &t
			return err
		}
	}
	b.value("since", "", instant(query.FieldSince, &o.since))
	b.value("until", "", instant(query.FieldUntil, &o.until))
	b.value("sort", "", func(s string) (err error) {
		o.sort, err = model.ParseSort(s)
		return err
	})
}

func (o *options) bindOutput(b *flagBinder) {
	b.value("output", "o", func(s string) error {
		_, err := output.ParseFormat(s)
		o.output = s
		return err
	})
	o.bindColumns(b)
	b.fs.BoolVar(&o.noMouse, "no-mouse", false, "")
	b.fs.BoolVar(&o.version, "version", false, "")
}
