package cli

// usage is the --help text. The flags' lines here, the man page's
// (flagDocs) and the flags themselves are held together by tests.
const usage = `eventbrowser browses Mollie customer events in the terminal, and prints them
for scripts when its output is not a terminal.

Usage:
  eventbrowser [flags] [FILE...]       FILE may be - for standard input
  cat events.json | eventbrowser
  eventbrowser --type 200 --grep mandate events.json | cut -f3
  eventbrowser -q 'type:220..229 !paid source:cst_8w*' events.json
  tail -f events.ndjson | eventbrowser -q type:222 --sort none --output ndjson
  eventbrowser listen                  receive Mollie's webhook deliveries (listen --help)
  eventbrowser replay FILE... --forward-to URL
                                       send stored deliveries to your handler again

A FILE holds a JSON array of events, a customer with "events" (the response of
GET /v2/customers/{id}?include=events), a list response with "_embedded", or
NDJSON, one event a line; gzip is detected. Mollie's webhook events (as it POSTs
them, with "entityId" and "_embedded.entity") are read in any of these, or
alone, their message written from the type and entity. In the table, ? shows
every key.

Sources (files and the API can be combined):
  --demo             browse an embedded sample of customer events; eventbrowser
                     listen --demo: webhook deliveries arriving (off)
  --skip-invalid     skip a FILE's invalid events, saying how many and why,
                     instead of failing at the first (off)
  --max-event-size SIZE
                     the largest single event (JSON value) read, in KB, MB
                     or GB; a larger one is an invalid event (64MB)

Mollie API (the key comes from MOLLIE_API_KEY: live_…, test_… or access_…,
or from a profile of the config file, see Config below):
  --customer ID      fetch this customer's events; repeatable, comma-separated
  --all-customers    fetch the events of every customer of the account (off)
  --event ID         fetch this webhook event (event_…, GET /v2/events/{id});
                     repeatable, comma-separated; needs an access_ token
                     with events.read
  --history FROM     where a customer's history comes from: events (its own,
                     include=events, which Mollie has withdrawn), resources
                     (rebuilt from its payments, refunds, chargebacks,
                     captures, mandates and subscriptions), or auto: its own
                     events where the API gives them, else rebuilt (auto).
                     With --all-customers a rebuilt history reads the
                     account-wide lists. With --since T the payments (and
                     the account's lists) are read back to T less 31 days
                     (late transitions of older objects; a chargeback of a
                     payment older than that is missed for --customer), and
                     under --all-customers mandates only of the customers
                     whose payments in that time name one: a mandate no
                     payment has used yet is missed. --demo --history resources adds sample
                     histories rebuilt offline, without a key
  --concurrency N    customer and --expand fetches in flight at once, 1-32 (4)
  --testmode         add testmode=true, for access_ tokens (off)
  --api-url URL      the API's base URL; http only for loopback (https://api.mollie.com)
  --timeout D        time allowed for each request (30s)
  --watch D          re-fetch every D, at least 5s, while browsing; when
                     printing, print what each refresh finds new (off)
  --expand           fetch the resource each event links to (a payment, a refund…):
                     json/ndjson embed it, tsv/csv/table add its status, the table a
                     STATUS column; with the key, or --demo (off)
  --max-held SIZE    what the resources kept in memory for the detail view
                     and --expand (and the webhook events from a pipe that
                     json/ndjson print as read) may take together, in KB, MB
                     or GB; past it, and for a body over 1 MB, they are
                     fetched again when shown (256MB)

Filters (they also preset the interactive view):
  -q, --query EXPR   events the query selects, see Query below; repeatable, and
                     every one must hold, as must the flags below (all)
  --type LIST        only these event types, as type: takes them (222,
                     220..229, payment.failed, payment.*), repeatable (all)
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
                     table (tsv when the output is not a terminal); table
                     fits the terminal, or $COLUMNS, or 80 columns
  --columns LIST     print and show these columns, in this order: created,
                     type, message, source, link, id, status, amount, method,
                     failure, description, customer, dashboard; json and
                     ndjson write them as objects; a resource's column
                     fetches what events link to, as --expand does (the
                     format's own; the table's C picks them interactively)
  --no-mouse         leave the mouse to the terminal, so plain drag selects text (off)
  --help             show this help
  --version          print the version, commit and build date, and exit

Config: config.toml in the config directory (eventbrowser config path says where):
  --config FILE      this config file instead
  --profile NAME     use this profile: its key (key_env, key_command or the OS
                     keyring), api_url, profile_id and testmode; MOLLIE_API_KEY,
                     when set, still wins (default_profile)
  --view NAME        open this saved view: its query (and the filters'), sort,
                     columns and history; v lists views, V saves one (none)
  eventbrowser auth login --profile NAME    read a key without echo into the keyring
  eventbrowser auth logout --profile NAME   remove it
  eventbrowser auth status [--profile NAME] the profile, mode, key prefix and source

Query: terms separated by spaces, every one of which must hold; a ! before a
term negates it, and double quotes make one term of text with spaces.
  word, "a phrase"   the message contains it, any case
  /regexp/           the message matches the RE2 expression; (?i) for any case
  type:200,220..229  the type is one of these (ranges inclusive); a named
                     type: type:payment.failed, or type:payment.* for the
                     names that start with what is before a final *
  source:cst_8w*     the source is exactly this, or starts with what is before
                     a final *; several separated by commas
  since:T, until:T   as --since and --until
  link:TEXT          the first link's href contains TEXT, any case
  has:link           the event has a link
  is:new             the event came with the last refresh (--watch)
  is:marked          the event is marked (m, in the table); none when printing
  status:failed      with --expand: the linked resource's status is one of
                     these, several separated by commas
  entity:tr_x        the story of one object: its events and those of the
                     objects that belong to it (a payment's refunds,
                     chargebacks, captures; everything of a cst_ customer)
The flags above add their terms: --type 200 --grep x is -q 'type:200 x'.

Exit status: 0 on success (also when nothing matches), 1 when loading fails,
2 for a mistake on the command line.
`

// listenUsage is the --help text of eventbrowser listen.
const listenUsage = `eventbrowser listen receives Mollie's webhook deliveries, keeps every accepted
event in a file, and shows them in the table as they arrive; when its output is
not a terminal it prints each event as it is stored.

Usage:
  MOLLIE_WEBHOOK_SECRET=… eventbrowser listen
  eventbrowser listen --out events.ndjson -o ndjson | jq .type
  eventbrowser listen --demo

A signed delivery (X-Mollie-Signature: HMAC-SHA256 of the body, with or
without sha256=) is answered 200 once its event is synced to the file, each
event once; a bad signature gets 401 and is kept nowhere. A classic webhook
(id=tr_…) is answered 200 and, with a key (MOLLIE_API_KEY or the profile's),
its payment fetched and kept as the event of its current state. Expose the address with a tunnel of
your choice; live-mode webhooks need an https URL.

Flags:
  --addr HOST:PORT   where to listen (127.0.0.1:8787)
  --path PATH        the URL path deliveries come to (/)
  --out FILE         the NDJSON file events are appended to
                     ($XDG_STATE_HOME or ~/.local/state, then
                     eventbrowser/webhooks-YYYY-MM-DD.ndjson)
  --no-verify        accept deliveries without checking signatures; said on
                     every screen (off)
  --forward-to URL   re-POST each accepted delivery, body and headers as
                     received, to your own handler (none)
  --demo             receive an embedded sample of webhook events over some
                     seconds, signed and verified in process: no secret, no
                     network, a temporary file; printing, it ends when all
                     are sent (off)
  -q, --query EXPR   only the events the query selects, as eventbrowser -q (all)
  -o, --output FORMAT
                     print each event as it is stored: tsv, csv, json, ndjson
                     or table (tsv when the output is not a terminal)
  --no-mouse         leave the mouse to the terminal (off)
  --profile NAME     the config's profile: its key (for classic webhooks),
                     api_url, profile_id, testmode, and the secrets in the
                     variable its webhook_secret_env names (default_profile)
  --config FILE      this config file instead of config.toml
  --help             show this help

Environment:
  MOLLIE_WEBHOOK_SECRET  the webhook's signing secrets, comma-separated
                         while one is rotated; there is no flag for them.
                         When set, it wins over the profile's
  MOLLIE_API_KEY         fetch what classic webhooks name, and what events
                         link to; when set, it wins over the profile's key

ctrl+c stops once the requests in flight are answered.
`

// replayUsage is the --help text of eventbrowser replay.
const replayUsage = `eventbrowser replay sends the events listen stored to your own handler again,
one after the other in createdAt order, each signed with the first secret of
MOLLIE_WEBHOOK_SECRET as Mollie signs deliveries (X-Mollie-Signature), so your
handler verifies them as it does Mollie's: a backfill.

Usage:
  MOLLIE_WEBHOOK_SECRET=… eventbrowser replay webhooks-*.ndjson --forward-to http://localhost:3000/webhooks
  eventbrowser replay FILE --forward-to URL -q 'type:payment.*' --since 2h

Flags:
  --forward-to URL   where to send the events (required)
  -q, --query EXPR   only the events the query selects, as eventbrowser -q (all)
  --since T          only events at or after T, as eventbrowser --since (all)
  --profile NAME     sign with the secrets in the variable this profile's
                     webhook_secret_env names, unless MOLLIE_WEBHOOK_SECRET is
                     set (default_profile)
  --config FILE      this config file instead of config.toml
  --help             show this help

Each event's line says its time, its ID and how it was answered ("200 · 12 ms",
"500", "timeout"); the count of each answer comes at the end. The exit status is
1 when any event was answered other than 2xx.
`
