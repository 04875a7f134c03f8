package cli

import (
	"os"
	"slices"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/eventbrowser/eventbrowser/demo"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
)

// validate checks the flags together once the files, paths, are known,
// and works out what they ask for: the filter, the API to load from, where
// linked resources come from, and the input. Its errors are usage errors.
func (o *options) validate(e Env, paths []string) error {
	o.paths = slices.Clone(paths)
	if o.version {
		return nil // needs no events, so nothing else is checked
	}
	if e.getenv == nil {
		e.getenv = func(string) string { return "" }
	}
	if err := o.applyConfig(e); err != nil {
		return err
	}
	if err := o.validateFilter(e.now); err != nil {
		return err
	}
	if err := o.validateAPI(e.stdin); err != nil {
		return err
	}
	return o.validateInput(e.stdin)
}

// validateFilter joins the filter flags' terms into one query, which
// source.CheckStatuses holds to the rule for status: terms.
func (o *options) validateFilter(now time.Time) error {
	var terms []query.Term
	if o.types != nil {
		terms = append(terms, *o.types)
	}
	for _, t := range []*query.Term{o.grep, o.since, o.until} {
		if t != nil {
			terms = append(terms, *t)
		}
	}
	q := query.Join(now, time.Local, o.queries, terms...)
	o.filter = q
	if err := source.CheckStatuses(q, o.needsResources()); err != nil {
		return usagef("%s", nameFlags(err, err.Error()))
	}
	return nil
}

// validateAPI decides where events and what they link to come from: the
// API, with --customer or --all-customers and a key; the linked resources
// from the API whenever there is a key, and from the sample itself with
// --demo.
func (o *options) validateAPI(stdin *os.File) error {
	m := &o.mollie
	// One count of quoted server texts for the whole run (see source.Quotes).
	m.Quotes = source.NewQuotes()
	fromAPI := len(m.Customers) > 0 || m.AllCustomers
	keyErr := source.CheckKey(m.Key, source.KeyEnv)
	switch {
	case fromAPI && keyErr != nil:
		return usagef("%v", keyErr)
	case fromAPI:
		o.api = m
		m.Watch = o.watch > 0 // a refresh of a rebuilt history reads only what changed
	case o.apiFlags && len(o.events) == 0 && (keyErr != nil || !o.demo && len(o.paths) == 0 && !hasInput(stdin)):
		// With a key and events from elsewhere, they apply to what the
		// events link to.
		return usagef("the API flags need --customer ID, --all-customers or --event ID")
	}
	o.resourcesAPI, o.concurrency = m.BaseURL, m.Concurrency
	if m.History != "" && !fromAPI && !o.demo {
		return usagef("--history needs --customer ID or --all-customers (or --demo, with resources)")
	}
	switch {
	case o.demo && m.History == source.HistoryResources:
		o.resources, o.resourcesAPI = demo.HistoryResources(), source.DefaultAPIURL
	case o.demo:
		o.resources, o.resourcesAPI = demo.Resources(), source.DefaultAPIURL
	case keyErr == nil:
		o.resources = &source.Mollie{BaseURL: m.BaseURL, Key: m.Key, Concurrency: m.Concurrency,
			Testmode: m.Testmode, ProfileID: m.ProfileID, Timeout: m.Timeout, UserAgent: m.UserAgent, Quotes: m.Quotes}
	case o.expand:
		return usagef("--expand fetches what events link to from the API: set %s (or try it with --demo)", source.KeyEnv)
	}
	if len(o.events) > 0 {
		switch {
		case keyErr != nil:
			return usagef("--event fetches webhook events from the API: %v", keyErr)
		case source.CheckEventsKey(m.Key) != nil:
			return usagef("--event: %v", source.CheckEventsKey(m.Key))
		}
	}
	if len(o.events) > 0 || o.api != nil && m.History != source.HistoryEvents {
		// A rebuilt history holds the resources it read: the detail view
		// and --expand show them without another request.
		m.Held = o.newHeld(o.resources)
		o.resources = m.Held
		if o.since != nil && !o.since.Neg {
			m.Since = o.since.At // the account-wide lists are read back to it, less source.LookBack
		}
	}
	return nil
}

// validateInput checks there are events to show: --demo, files, the API,
// or stdin when it is not a terminal.
func (o *options) validateInput(stdin *os.File) error {
	switch {
	case o.demo && len(o.paths) > 0:
		return usagef("--demo takes no files")
	case slices.Contains(o.paths, "-") && stdin != nil && term.IsTerminal(stdin.Fd()):
		// The keys would be read as events: q and ctrl+c could not quit.
		return usagef("stdin is a terminal: pipe events in, or name a file")
	case !o.demo && len(o.paths) == 0 && o.api == nil && len(o.events) == 0:
		if !hasInput(stdin) {
			return usagef("no events to show: give a FILE, pipe events in, use --customer, or try --demo")
		}
		o.paths = []string{"-"}
	}
	return nil
}

// hasInput reports whether stdin is a pipe or a file rather than a terminal
// or /dev/null.
func hasInput(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice == 0
}
