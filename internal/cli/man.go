package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// manCommand prints the man page, as roff; hidden from the help, it is
// what packages install as eventbrowser(1).
func manCommand(version string) *cobra.Command {
	return &cobra.Command{
		Use:    "man",
		Short:  "Print the man page (roff)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			writeMan(c.OutOrStdout(), c.Root().Flags(), version)
			return nil
		},
	}
}

// flagDocs says what each flag is, for the man page; every flag has one
// (a test holds them to the command's flags).
var flagDocs = map[string]string{
	"demo":           "Browse an embedded sample of customer events. With listen: receive an embedded sample of webhook events, arriving over some seconds, signed and verified in process (no secret, no network, a temporary file).",
	"skip-invalid":   "Skip a file's invalid events, saying how many and why, instead of failing at the first.",
	"max-event-size": "The largest single JSON value read, in KB, MB or GB (64MB).",
	"customer":       "Fetch this customer's events from the Mollie API; repeatable, comma-separated.",
	"event":          "Fetch this webhook event (event_…) with GET /v2/events/{id}; repeatable, comma-separated. Needs an organization access token (access_…) with events.read: Mollie refuses live_ and test_ keys there.",
	"all-customers":  "Fetch the events of every customer of the account.",
	"concurrency":    "Requests in flight at once, 1 to 32 (4).",
	"history":        "Where a customer's history comes from: events (its own events, include=events), resources (rebuilt from its payments, refunds, chargebacks, captures, mandates and subscriptions) or auto, its own events where the API gives them, else rebuilt (auto). With --all-customers a rebuilt history reads the account-wide lists; with --since T, back to T less 31 days, and the mandates only of customers whose payments in that time name one (a mandate no payment has used yet is missed). --demo --history resources adds sample histories rebuilt offline.",
	"testmode":       "Add testmode=true, for access_ tokens.",
	"api-url":        "The API's base URL; http only for loopback (https://api.mollie.com).",
	"timeout":        "Time allowed for each request (30s).",
	"watch":          "Re-fetch every D, at least 5s; when printing, print what each refresh finds new.",
	"max-held":       "What the resources kept in memory for the detail view and --expand may take together, in KB, MB or GB (256MB); past it, and for a body over 1 MB, a resource is fetched again when shown. The temporary file a rebuilt history writes its resources to takes at most 16 times as much.",
	"expand":         "Fetch the resource each event links to: json and ndjson embed it, tsv, csv and table add its status, the table a STATUS column.",
	"query":          "Only the events the query selects; repeatable, every one must hold. See QUERIES.",
	"type":           "Only these event types, as type: takes them (222, 220..229, payment.failed, payment.*), comma-separated, repeatable.",
	"grep":           "Messages containing TEXT, any case; !TEXT hides them.",
	"since":          "Events at or after T: RFC 3339, a date (local midnight) or a duration back from now like 36h or 7d.",
	"until":          "Events before T, in the forms --since takes.",
	"sort":           "created, type, message or none (input order); a leading - for descending (-created).",
	"output":         "Print instead of browsing: tsv, csv, json, ndjson or table (tsv when the output is not a terminal).",
	"columns":        "The columns to print and show, comma-separated, in order: created, type, message, source, link, id (of the object the event is about), status, amount, method, failure (the failure or bank reason), description, customer, dashboard (the object's dashboard page). json and ndjson then write an object of them per event. The columns from status on come from the resource the event links to: held by a rebuilt history or a webhook event, else fetched as --expand does; without a key they stay empty and a note says so. In the table, C picks them.",
	"no-mouse":       "Leave the mouse to the terminal, so a plain drag selects text.",
	"version":        "Print the version, commit and build date, and exit.",
	"config":         "The config file instead of the default one (eventbrowser config path prints it).",
	"profile":        "The profile of the config file to use: its key, API URL, profile ID and test mode (default_profile).",
	"view":           "Open the saved view of the config file: its query (with the filter flags'), sort, columns and history.",
	"help":           "Show the help.",
}

// flagArg is the argument a flag takes, for its synopsis.
var flagArg = map[string]string{
	"max-event-size": "SIZE", "max-held": "SIZE", "customer": "ID", "event": "ID", "history": "FROM", "concurrency": "N", "api-url": "URL", "timeout": "D", "watch": "D",
	"config": "FILE", "profile": "NAME", "view": "NAME",
	"query": "EXPR", "type": "LIST", "grep": "TEXT", "since": "T", "until": "T", "sort": "KEY", "output": "FORMAT", "columns": "LIST",
}

// manKeys are the keys of the interactive view, for KEYS.
var manKeys = [][2]string{
	{"↑ ↓ k j", "Move one row; in the detail view, scroll."},
	{"pgup pgdn ctrl+u ctrl+d", "Move one page."},
	{"g G home end", "First or last row."},
	{"/", "Edit the query, applied as you type; tab completes a field, type or source; enter keeps it, esc goes back."},
	{"t c", "Type panel and source panel: tick types or sources, enter writes them into the query; / narrows the rows to what you type."},
	{"s S", "Next sort column; reverse the sort."},
	{"T", "Created column in local time, UTC or relative."},
	{"p", "Show or hide the selected event in full beside the table, following the cursor (by itself from 160 columns)."},
	{"enter", "Detail view: every field, the message, the links and the resources they point to; n and p step to the next or previous event."},
	{"J", "Raw JSON of the event and its resources (detail view)."},
	{"o 1-9", "Open the first link, or link N, in the browser (only http and https)."},
	{"y Y X", "Copy the first link, the event as JSON, or a command that prints the view (OSC 52)."},
	{"i z Z [ ]", "Timeline: show or hide, zoom in or out, previous or next busy bucket."},
	{"@", "Go to the event nearest a time."},
	{"C", "Column panel: tick the table's columns and order them; saved views keep them."},
	{"v V", "List the saved views, enter opening one; save the current query, sort and columns as a view."},
	{"m n N M", "Mark an event, go to the next or previous mark, show only marked events."},
	{"r E e", "Re-fetch; list what failed to load; export the view as JSON."},
	{"esc ? q ctrl+c ctrl+z", "Back or clear the query; help; quit; suspend."},
}

// roffEscape writes s as roff text.
func roffEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	// roff is ASCII: other characters by their code point, \[u2191].
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, `\[u%04X]`, r)
		}
	}
	return b.String()
}

// writeMan writes the man page for the flags of fs, of this version.
func writeMan(w io.Writer, fs *pflag.FlagSet, version string) {
	esc := roffEscape
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p(`.TH EVENTBROWSER 1 "" "eventbrowser %s" "User Commands"`, esc(version))
	p(".SH NAME")
	p(`eventbrowser \- browse Mollie customer events in the terminal, or print them for scripts`)
	p(".SH SYNOPSIS")
	p(`.B eventbrowser`)
	p(`[\fIflags\fR] [\fIFILE\fR...]`)
	p(".br")
	p(`.B eventbrowser completion bash\fR|\fPzsh\fR|\fPfish\fR|\fPpowershell`)
	p(".br")
	p(`.B eventbrowser listen\fR [\fB\-\-addr\fR \fIHOST:PORT\fR] [\fB\-\-path\fR \fIPATH\fR] [\fB\-\-out\fR \fIFILE\fR] [\fB\-\-no\-verify\fR] [\fB\-\-forward\-to\fR \fIURL\fR] [\fB\-q\fR \fIEXPR\fR] [\fB\-o\fR \fIFORMAT\fR] [\fB\-\-profile\fR \fINAME\fR]`)
	p(".br")
	p(`.B eventbrowser listen \-\-demo\fR [\fB\-q\fR \fIEXPR\fR] [\fB\-o\fR \fIFORMAT\fR]`)
	p(".br")
	p(`.B eventbrowser replay\fR \fIFILE\fR... \fB\-\-forward\-to\fR \fIURL\fR [\fB\-q\fR \fIEXPR\fR] [\fB\-\-since\fR \fIT\fR] [\fB\-\-profile\fR \fINAME\fR]`)
	p(".SH DESCRIPTION")
	p("eventbrowser loads events from files, standard input (\\fB\\-\\fR) or the Mollie API into a")
	p("table you can move through, query, inspect one by one and open in the browser. When its")
	p("output is not a terminal, or with \\fB\\-\\-output\\fR, it prints the events instead.")
	p("A FILE holds a JSON array of events, a customer with \"events\", a list response, or NDJSON;")
	p("gzip is detected. Mollie's webhook events (\\(lqpayment.paid\\(rq, with \"entityId\" and")
	p("\"_embedded.entity\", as Mollie POSTs them) are read in any of these, or alone; their message")
	p("is written from the type and the entity: \\(lqPayment paid \\(bu ideal \\(bu \\(Eu10.00 \\(bu Order #123\\(rq.")
	p(".SH OPTIONS")
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name := `\fB\-\-` + esc(f.Name) + `\fR`
		if f.Shorthand != "" {
			name = `\fB\-` + f.Shorthand + `\fR, ` + name
		}
		if arg := flagArg[f.Name]; arg != "" {
			name += ` \fI` + arg + `\fR`
		}
		p(".TP")
		p("%s", name)
		p("%s", esc(flagDocs[f.Name]))
	})
	p(".SH RECEIVING WEBHOOKS")
	p("\\fBeventbrowser listen\\fR receives Mollie's webhook deliveries on \\fB\\-\\-addr\\fR (127.0.0.1:8787) and \\fB\\-\\-path\\fR (/).")
	p("A delivery whose X\\-Mollie\\-Signature is the HMAC\\-SHA256 of its body under a secret of")
	p("MOLLIE_WEBHOOK_SECRET is appended to \\fB\\-\\-out\\fR \\fIFILE\\fR as one NDJSON line, synced to disk, then")
	p("answered 200, each event once; a bad signature is answered 401 and kept nowhere. Without a secret")
	p("it refuses to start unless \\fB\\-\\-no\\-verify\\fR, which every screen then warns of. A classic webhook")
	p("(id=tr_...) is answered 200, and with a key (MOLLIE_API_KEY or the profile's) its object fetched and kept")
	p("as its state's event. \\fB\\-\\-profile\\fR \\fINAME\\fR (else default_profile) gives the key, and the secrets in the")
	p("variable its webhook_secret_env names; MOLLIE_API_KEY and MOLLIE_WEBHOOK_SECRET, when set, win.")
	p("\\fB\\-\\-forward\\-to\\fR \\fIURL\\fR re\\-POSTs each accepted delivery to your handler; \\fBr\\fR re\\-sends a row.")
	p("When the output is not a terminal, each stored event is printed in \\fB\\-\\-output\\fR's format.")
	p("Live\\-mode webhooks need an https URL: expose the address with a tunnel of your choice.")
	p("\\fBeventbrowser replay\\fR sends stored events to \\fB\\-\\-forward\\-to\\fR again in createdAt order,")
	p("filtered by \\fB\\-q\\fR and \\fB\\-\\-since\\fR, signed with the first secret, and counts the answers.")
	p(".SH QUERIES")
	p("A query is terms separated by spaces; an event is shown when every term holds, and")
	p("\\fB!\\fR before a term negates it. Terms: a word or \"a phrase\" in the message, any case;")
	p("\\fB/regexp/\\fR; \\fBtype:\\fR222, 200,300, 220..229, payment.failed or payment.*;")
	p("\\fBsource:\\fRcst_8w or cst_8w*;")
	p("\\fBsince:\\fRT and \\fBuntil:\\fRT; \\fBlink:\\fRtext; \\fBhas:link\\fR; \\fBis:new\\fR;")
	p("\\fBis:marked\\fR; \\fBstatus:\\fRfailed (with \\fB\\-\\-expand\\fR);")
	p("\\fBentity:\\fRtr_7UhSN1zuXS, the events of that object and of the objects that belong to it.")
	p(".SH KEYS")
	for _, k := range manKeys {
		p(".TP")
		p(`\fB%s\fR`, esc(k[0]))
		p("%s", esc(k[1]))
	}
	writeManTail(p)
}

// writeManTail writes the sections of the man page after KEYS with p.
func writeManTail(p func(format string, args ...any)) {
	p(".SH EXIT STATUS")
	p(".TP")
	p(".B 0")
	p("Success, also when nothing matches.")
	p(".TP")
	p(".B 1")
	p("Loading failed: a file, a customer or a linked resource could not be loaded.")
	p(".TP")
	p(".B 2")
	p("A mistake on the command line.")
	p(".TP")
	p(`.B 128+\fIn\fR`)
	p("Ended by signal \\fIn\\fR (SIGHUP, SIGINT, SIGQUIT, SIGTERM), with the terminal restored.")
	p(".SH ENVIRONMENT")
	p(".TP")
	p(".B MOLLIE_API_KEY")
	p("The Mollie API key (live_, test_) or access token (access_) for \\fB\\-\\-customer\\fR,")
	p("\\fB\\-\\-all\\-customers\\fR and the resources events link to. There is no flag for it;")
	p("when set, it wins over the profile's key.")
	p(".TP")
	p(".B MOLLIE_WEBHOOK_SECRET")
	p("The signing secrets of \\fBlisten\\fR and \\fBreplay\\fR, comma\\-separated while one is rotated. There is no flag for them.")
	p(".TP")
	p(".B BROWSER")
	p("The command that opens links, split like a shell word list; %%s stands for the URL, else")
	p("the URL is the last argument.")
	p(".TP")
	p(".B NO_COLOR")
	p("When set, no colours are used.")
	p(".TP")
	p(".B GOGC")
	p("The garbage collector's target percentage (Go's). Browsing sets 10, which keeps the peak memory")
	p("near what the events take; when set, it is used instead.")
	p(".TP")
	p(".B XDG_CONFIG_HOME")
	p("Where the config file is looked for: \\fI$XDG_CONFIG_HOME/eventbrowser/config.toml\\fR, else")
	p("\\fI~/.config/eventbrowser/config.toml\\fR (macOS: \\fI~/Library/Application Support\\fR).")
	p(".SH FILES")
	p(".TP")
	p(`.I config.toml`)
	p("Profiles ([profiles.NAME]: key_env, key_command or keyring = true, api_url, profile_id, testmode,")
	p("webhook_secret_env),")
	p("default_profile, and saved views ([views.NAME]: query, sort, columns, history). Commands:")
	p("\\fBeventbrowser config path\\fR, \\fBeventbrowser auth login|logout|status \\-\\-profile NAME\\fR.")
	p(".TP")
	p(`.I events\-YYYYMMDD\-HHMMSS.json`)
	p("What \\fBe\\fR exports, in the current directory; it loads back into eventbrowser.")
	p(".TP")
	p(`.I $XDG_STATE_HOME/eventbrowser/webhooks\-YYYY\-MM\-DD.ndjson`)
	p("Where \\fBlisten\\fR keeps what it receives without \\fB\\-\\-out\\fR (~/.local/state without XDG_STATE_HOME).")
	p(".SH SEE ALSO")
	p("The README of the project, https://github.com/eventbrowser/eventbrowser.")
}
