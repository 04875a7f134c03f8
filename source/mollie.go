package source

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// DefaultAPIURL is Mollie's API.
const DefaultAPIURL = "https://api.mollie.com"

// KeyEnv is the environment variable the API key is read from. There is no
// flag for the key: it would land in the shell's history.
const KeyEnv = "MOLLIE_API_KEY"

// Mollie loads customer events from the Mollie API: the events of the listed
// customers, or of every customer of the account.
type Mollie struct {
	BaseURL      string   // e.g. DefaultAPIURL; see CheckBaseURL
	Key          string   // live_…, test_… or access_…
	Customers    []string // customer IDs, fetched in this order
	AllCustomers bool     // page through GET /v2/customers and fetch each
	Concurrency  int      // customer fetches in flight at once; 0 means 4
	Testmode     bool     // add testmode=true (organization and OAuth tokens)
	ProfileID    string   // add profileId=ProfileID with access_ tokens (organization tokens)
	Timeout      time.Duration
	UserAgent    string // "eventbrowser/<version>"

	// Client sends the requests; nil means a client of its own. TLS
	// verification is never turned off.
	Client *http.Client
	// Retry is the retry policy; the zero value means DefaultRetry.
	Retry Retry
	// Quotes counts what errors quote of the server's texts; every Mollie
	// of a run should share one. nil means a count of this Mollie's own.
	Quotes *Quotes

	History string    // HistoryEvents, HistoryResources or HistoryAuto ("" is auto)
	Since   time.Time // rebuilt histories: the lists are read back to Since less LookBack
	// Held, when not nil, is filled with the resources a rebuilt history
	// reads, so that what events link to is shown without a request.
	Held *Held
	// Watch says Load is called again and again (--watch): a rebuilt
	// history then remembers what it read, and a refresh reads the lists
	// only as far as they hold something new (see changes).
	Watch bool

	noEvents    sync.Map  // customer IDs said to have come without "events", each once per program
	rebuiltOnce sync.Once // the note that histories are rebuilt, once per program
	relabel     onceNote  // the warning about a response for another customer
	lim         atomic.Pointer[limiter]

	secretOnce sync.Once
	secret     *pieceSet // the key's pieces, which no output may show

	quotesOnce sync.Once
	quoteCount *Quotes // Quotes, or one of its own

	changesOnce sync.Once
	seen        *changes // what rebuilt histories read, under Watch
}

// changes is what rebuilt histories read, under Watch; nil otherwise.
func (m *Mollie) changes() *changes {
	m.changesOnce.Do(func() {
		if m.Watch {
			m.seen = newChanges()
		}
	})
	return m.seen
}

// Retry says how 429 and 5xx answers are retried: Tries attempts in all,
// waiting First, then twice as long each time up to Max, unless the server
// says how long in Retry-After (seconds or an HTTP date).
type Retry struct {
	Tries      int
	First, Max time.Duration
	Jitter     float64 // the share of each wait taken off at random, 0 to 1
	// Sleep waits d or until ctx ends; nil means a timer. Tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultRetry is close to Mollie's SDKs: 0.5 s doubling, at most 5 s
// between tries, at most 5 tries; each wait is up to half shorter, at
// random.
var DefaultRetry = Retry{Tries: 5, First: 500 * time.Millisecond, Max: 5 * time.Second, Jitter: 0.5}

// MaxBodySize is the most read of one response: a customer's events, or a
// page of customers, are far less, and anything more is not held in memory.
const MaxBodySize = 64 << 20

// maxRetryAfter caps what a Retry-After header can make us wait.
const maxRetryAfter = time.Minute

var customerID = regexp.MustCompile(`^cst_[A-Za-z0-9]+$`)

// CheckCustomerID tells whether id looks like a Mollie customer ID, so a typo
// is caught before any request.
func CheckCustomerID(id string) error {
	if !customerID.MatchString(id) {
		return fmt.Errorf("%q is not a customer ID: Mollie customer IDs look like cst_8wmqcHMN4U", id)
	}
	return nil
}

// tokenParams adds testmode=true and profileId to q where m asks for
// them; profileId goes with access_ tokens only. It reports whether it
// added any.
func (m *Mollie) tokenParams(q url.Values) bool {
	if m.Testmode {
		q.Set("testmode", "true")
	}
	if m.ProfileID != "" && strings.HasPrefix(m.Key, "access_") {
		q.Set("profileId", m.ProfileID)
	}
	return m.Testmode || m.ProfileID != "" && strings.HasPrefix(m.Key, "access_")
}

// CheckKey tells whether key has the shape of a Mollie key or token, without
// ever repeating it. from names where it came from: KeyEnv, a profile's
// key_command.
func CheckKey(key, from string) error {
	switch {
	case key == "":
		return fmt.Errorf("set %s to a Mollie API key (live_… or test_…) or an access token (access_…), or use a profile (--profile)", from)
	case !strings.HasPrefix(key, "live_") && !strings.HasPrefix(key, "test_") && !strings.HasPrefix(key, "access_"):
		return fmt.Errorf("%s does not look like a Mollie key: it should start with live_, test_ or access_", from)
	case strings.ContainsAny(key, " \t\r\n"):
		return fmt.Errorf("%s holds white space; set it to the key alone", from)
	}
	// A key that is little more than its prefix cannot be told from its
	// pieces, which outputs hide: it is a mistake, such as a cut paste.
	if _, secret, _ := strings.Cut(key, "_"); len(secret) < 2*pieceLen || strings.IndexFunc(secret, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_')
	}) >= 0 {
		return fmt.Errorf("%s is malformed: after its prefix a Mollie key has letters and digits only, at least %d of them (is it cut short?)", from, 2*pieceLen)
	}
	return nil
}

// CheckBaseURL accepts https URLs, and plain http only for a loopback host
// (127.0.0.0/8, ::1, localhost), so the key never crosses a network in clear
// text.
func CheckBaseURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "":
		return fmt.Errorf("%q is not a URL like https://api.mollie.com", raw)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#"):
		return fmt.Errorf("%q: the API's base URL takes no ?query or #fragment; paths are added to it", cells.SanitizeLine(raw))
	case u.User != nil:
		return fmt.Errorf("%q: the API's base URL takes no user@ before its host; the key goes in %s", cells.SanitizeLine(raw), KeyEnv)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("refusing http://%s: the API key would cross the network in clear text; use https (plain http is allowed only for 127.0.0.1, ::1 and localhost)", u.Host)
	}
	return fmt.Errorf("%q: want an https:// URL", raw)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (m *Mollie) timeout() time.Duration {
	if m.Timeout <= 0 {
		return 30 * time.Second
	}
	return m.Timeout
}

func (m *Mollie) concurrency() int {
	if m.Concurrency <= 0 {
		return 4
	}
	return m.Concurrency
}

// loadCustomers fetches the customers' histories, Concurrency at a time, sending each
// customer's events as they arrive. A customer that fails is reported in a
// Batch's Failures and the others go on; a rejected key (401, 403), a
// failure to list customers, or an API that stops answering (unreachable
// several times in a row) stops the load with an error. A customer named
// twice, or named and listed, is fetched once.
func (m *Mollie) loadCustomers(ctx context.Context, send func(Batch)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	l := &customerLoad{m: m, ids: make(chan string), results: make(chan customerResult)}
	// lim bounds the requests in flight as --concurrency promises (fewer on 429s).
	workers := max(1, min(m.concurrency(), 32))
	l.lim = newLimiter(workers)
	m.lim.Store(l.lim)
	listErr := make(chan error, 1)
	go func() { listErr <- l.produce(ctx) }()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { l.work(ctx) })
	}
	go func() { wg.Wait(); close(l.results) }()
	err := l.collect(ctx, cancel, send)
	// The producer has returned: the workers, which it feeds, have.
	if lerr := <-listErr; err == nil && lerr != nil && ctx.Err() == nil {
		err = lerr
		if !isKeyProblem(lerr) {
			err = &StoppedError{lerr}
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// customerLoad is one Load: a producer hands customer IDs to workers, which
// fetch them; Load's own goroutine collects their results and sends them.
type customerLoad struct {
	m       *Mollie
	lim     *limiter
	ids     chan string
	results chan customerResult
	known   atomic.Int64 // customers named or on a page read so far
	listed  atomic.Bool  // the customer list has been read to its end
}

func (l *customerLoad) acquire(ctx context.Context) bool { return l.lim.acquire(ctx) }

func (l *customerLoad) release() { l.lim.release() }

// produce hands out the named customers, then every listed one, each once,
// and returns the listing's error. Each page read is told to collect, so
// the count shows while the list is paged. A list entry without a valid
// customer ID is a failure of its own, naming the page.
func (l *customerLoad) produce(ctx context.Context) error {
	defer close(l.ids)
	defer l.listed.Store(true) // also when the list stops early
	seen := map[string]bool{}
	// A customer is known once it is named or on a page read, so that a
	// load that stops can say how many it did not load.
	for _, id := range l.m.Customers {
		if !seen[id] {
			seen[id] = true
			l.known.Add(1)
		}
	}
	handed := map[string]bool{}
	hand := func(id string) error {
		if handed[id] {
			return nil
		}
		handed[id] = true
		select {
		case l.ids <- id:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for _, id := range l.m.Customers {
		if err := hand(id); err != nil {
			return err
		}
	}
	if !l.m.AllCustomers {
		return nil
	}
	return l.m.listCustomers(ctx, func() bool { return l.acquire(ctx) }, l.release, func(page int, ids []string, last bool) error {
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				l.known.Add(1)
			}
		}
		// A list of exactly one page is whole now, not when the last of
		// its customers has been handed out.
		l.listed.Store(last)
		select {
		case l.results <- customerResult{listed: true}:
		case <-ctx.Done():
			return ctx.Err()
		}
		for _, id := range ids {
			if err := CheckCustomerID(id); err != nil {
				select {
				case l.results <- customerResult{id: fmt.Sprintf("the customer list (page %d)", page),
					err: fmt.Errorf("the customer list (page %d) has an entry that is not a customer ID, skipped: %v", page, err)}:
					continue
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			if err := hand(id); err != nil {
				return err
			}
		}
		return nil
	})
}

// work fetches the customers handed out, one at a time, each request
// in a slot of the load's. A panic fetching one fails that customer with
// a report, and the others go on.
func (l *customerLoad) work(ctx context.Context) {
	for id := range l.ids {
		if ctx.Err() != nil {
			continue // cancelled: the producer stops too
		}
		r := l.fetch(ctx, id)
		select {
		case l.results <- r:
		case <-ctx.Done():
		}
	}
}

func (l *customerLoad) fetch(ctx context.Context, id string) (r customerResult) {
	defer func() {
		if p := recover(); p != nil {
			r = customerResult{id: id, err: fmt.Errorf("eventbrowser crashed loading customer %s, please report it with this: panic: %s\n%s",
				id, cells.ClipWidth(cells.SanitizeLine(fmt.Sprint(p)), 300), debug.Stack())}
		}
	}()
	return l.m.fetchCustomer(ctx, l.gate(ctx), id)
}
