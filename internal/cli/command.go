package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/eventbrowser/eventbrowser/demo"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
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
                     json/ndjson embed it, tsv/csv/table add its status, the table a
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
  -o, --output FORMAT
                     print instead of browsing: tsv, csv, json, ndjson or
                     table (tsv when the output is not a terminal)
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

// errHelp says --help was asked for: the help is printed, nothing else.
var errHelp = errors.New("help requested")

// newCommand is the eventbrowser command (cobra, with pflag's flags): the
// flags of defineFlags, completion of flags, of their fixed values and of
// file names, a hidden man page, and the help text above. execute runs
// with the options parsed; the int is its exit status.
func newCommand(e Env, args []string, execute func(options) int) (*cobra.Command, *int) {
	code := new(int)
	cmd := &cobra.Command{
		Use:           "eventbrowser [flags] [FILE...]",
		Short:         "Browse Mollie customer events in the terminal, or print them for scripts",
		Args:          cobra.ArbitraryArgs, // files, and ./name for a file named like a command
		SilenceErrors: true,
		SilenceUsage:  true,
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveDefault // file names
		},
	}
	finish, flagError := defineFlags(cmd.Flags(), e, args)
	cmd.SetArgs(args)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return flagError(err) })
	cmd.RunE = func(_ *cobra.Command, args []string) error {
		o, err := finish(args)
		if err != nil {
			return err
		}
		*code = execute(o)
		return nil
	}
	fixed := func(values ...string) cobra.CompletionFunc {
		return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
	}
	cmd.RegisterFlagCompletionFunc("output", fixed(model.FormatNames()...))
	cmd.RegisterFlagCompletionFunc("sort", fixed("-created", "created", "type", "-type", "message", "-message", "none", "-none"))
	for _, name := range []string{"type", "grep", "since", "until", "query", "customer", "concurrency", "api-url", "timeout", "watch", "max-event-size"} {
		cmd.RegisterFlagCompletionFunc(name, cobra.NoFileCompletions)
	}
	defaultHelp := cmd.HelpFunc()
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c.HasParent() {
			defaultHelp(c, args)
			return
		}
		fmt.Fprint(c.OutOrStdout(), usage)
	})
	cmd.AddCommand(manCommand(e.build.Version))
	return cmd, code
}

// pflagMessage says a flag parse error in the words of the rest of the
// program: "unknown flag --bogus", "--since needs a value".
func pflagMessage(msg string) string {
	switch {
	case strings.HasPrefix(msg, "unknown flag: "):
		return "unknown flag " + strings.TrimPrefix(msg, "unknown flag: ")
	case strings.HasPrefix(msg, "unknown shorthand flag: "):
		if _, flag, ok := strings.Cut(msg, " in "); ok {
			return "unknown flag " + flag
		}
	case strings.HasPrefix(msg, "flag needs an argument: "):
		name := strings.TrimPrefix(msg, "flag needs an argument: ")
		if short, _, ok := strings.Cut(name, " in "); ok {
			name = "-" + strings.Trim(short, "'")
		}
		return name + " needs a value"
	case strings.HasPrefix(msg, "invalid argument "):
		// invalid argument "maybe" for "--demo" flag: strconv.ParseBool: …
		if arg, rest, ok := strings.Cut(strings.TrimPrefix(msg, "invalid argument "), " for "); ok {
			flag, _, _ := strings.Cut(strings.Trim(rest, `"`), `" flag`)
			if f := strings.Fields(flag); len(f) > 0 {
				flag = f[len(f)-1]
			}
			return flag + ": " + arg + " is not true or false"
		}
	}
	return msg
}

// parseArgs parses args as the command would, without running anything:
// the options, a usage error, or errHelp.
func parseArgs(args []string, e Env) (options, error) {
	var got options
	cmd, _ := newCommand(e, args, func(o options) int { got = o; return 0 })
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	err := cmd.Execute()
	if help, _ := cmd.Flags().GetBool("help"); help && err == nil {
		return got, errHelp
	}
	return got, err
}

// defineFlags defines every flag of the command on fs. Each value is
// checked as it is parsed; finish checks them together once the files are
// known, and flagError says what a parse error was, as a usage error.
func defineFlags(fs *pflag.FlagSet, e Env, args []string) (finish func(paths []string) (options, error), flagError func(error) error) {
	o := options{sort: model.DefaultSort}
	// A bad value's error names the flag as users type it: "--since: …".
	var valueErr error
	valueP := func(name, short string, set func(string) error) {
		typed := "--" + name
		if short != "" && !slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, typed) }) {
			typed = "-" + short // as the user wrote it: -q
		}
		fs.FuncP(name, short, "", func(s string) error {
			if err := set(s); err != nil {
				valueErr = fmt.Errorf("%s: %w", typed, err)
				return err
			}
			return nil
		})
	}
	value := func(name string, set func(string) error) { valueP(name, "", set) }
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
	valueP("query", "q", query)
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
	valueP("output", "o", func(s string) error {
		_, err := model.ParseFormat(s)
		o.output = s
		return err
	})
	api := source.Mollie{BaseURL: source.DefaultAPIURL, Concurrency: 4, Timeout: 30 * time.Second, UserAgent: "eventbrowser/" + e.build.Version}
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
	flagError = func(err error) error {
		if valueErr != nil {
			return usagef("%v", valueErr)
		}
		return usagef("%s", pflagMessage(err.Error()))
	}
	finish = func(paths []string) (options, error) {
		o.paths = slices.Clone(paths)
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
	return finish, flagError
}
