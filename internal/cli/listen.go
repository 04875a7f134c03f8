package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/eventbrowser/eventbrowser/internal/config"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
	"github.com/eventbrowser/eventbrowser/source/webhook"
	"github.com/eventbrowser/eventbrowser/ui"
)

// listenOptions is what `eventbrowser listen` is asked for.
type listenOptions struct {
	webhookFlags
	addr, path string // where to listen
	out        string // the file; "" means webhook.DefaultPath
	noVerify   bool   // accept deliveries without checking signatures
	output     string // print instead of browsing, in this format
	noMouse    bool
	demo       bool          // receive the embedded sample, in process, instead of the network's
	demoEvery  time.Duration // the demo's pause between deliveries
	changed    func(name string) bool

	// What validate makes of them and of the environment.
	secrets webhook.Secrets
	api     *source.Mollie // with a key: classic webhooks and linked resources
	notes   []string       // said with the first batch: why there is no key
	filter  query.Query
}

// listenCommand is `eventbrowser listen`; run runs it once its flags are
// parsed and valid.
func listenCommand(e Env, args []string, run func(*listenOptions) error) *cobra.Command {
	lo := &listenOptions{}
	cmd := &cobra.Command{
		Use:   "listen",
		Short: "Receive Mollie's webhook deliveries, keep every one, and browse them as they arrive",
		Args:  cobra.NoArgs,
	}
	b := &flagBinder{fs: cmd.Flags(), args: args, now: e.now}
	lo.bind(b, cmd, e.getenv)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return b.usageError(err) })
	cmd.RunE = func(c *cobra.Command, _ []string) error {
		lo.changed = c.Flags().Changed
		if err := lo.validate(e); err != nil {
			return err
		}
		return run(lo)
	}
	cmd.SetHelpFunc(func(c *cobra.Command, _ []string) { fmt.Fprint(c.OutOrStdout(), listenUsage) })
	return cmd
}

func (lo *listenOptions) bind(b *flagBinder, cmd *cobra.Command, getenv func(string) string) {
	fs := b.fs
	fs.StringVar(&lo.addr, "addr", "127.0.0.1:8787", "")
	fs.StringVar(&lo.path, "path", "/", "")
	fs.StringVar(&lo.out, "out", "", "")
	fs.BoolVar(&lo.noVerify, "no-verify", false, "")
	fs.BoolVar(&lo.demo, "demo", false, "")
	lo.webhookFlags.bind(b, cmd, getenv)
	bindOutputFormat(b, &lo.output)
	fs.BoolVar(&lo.noMouse, "no-mouse", false, "")
}

// bindOutputFormat binds -o as the main command has it.
func bindOutputFormat(b *flagBinder, out *string) {
	b.value("output", "o", func(s string) error {
		_, err := output.ParseFormat(s)
		*out = s
		return err
	})
}

// bindQueries binds -q as the main command has it.
func bindQueries(b *flagBinder, queries *[]query.Query) {
	b.value("query", "q", func(s string) error {
		q, err := query.Parse(s, b.now, time.Local)
		*queries = append(*queries, q)
		return err
	})
}

// validate reads the secrets and the key from the environment and the
// profile and checks the flags; its errors are usage errors.
func (lo *listenOptions) validate(e Env) error {
	getenv := e.getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	lo.filter = query.Join(e.now, time.Local, lo.queries)
	if lo.demo {
		return lo.validateDemo()
	}
	if err := lo.resolve(getenv); err != nil {
		return err
	}
	secrets, err := lo.webhookFlags.secrets(getenv)
	if err != nil && !lo.noVerify {
		return usagef("%v", err)
	}
	lo.secrets = secrets
	if len(lo.secrets) == 0 && !lo.noVerify {
		return usagef("set %s to your webhook's signing secret (several, comma-separated, while one is rotated; "+
			"or name its variable in a profile's webhook_secret_env), or give --no-verify to accept deliveries whoever sent them", webhook.SecretEnv)
	}
	if _, _, err := net.SplitHostPort(lo.addr); err != nil {
		return usagef("--addr: %q: want HOST:PORT, like 127.0.0.1:8787", lo.addr)
	}
	if !strings.HasPrefix(lo.path, "/") {
		return usagef("--path: %q: want a path that starts with /", lo.path)
	}
	if lo.out == "" {
		home, _ := os.UserHomeDir()
		lo.out = webhook.DefaultPath(getenv, home, e.now)
	}
	return lo.resolveKey(e)
}

// resolveKey finds the key classic webhooks are fetched with, as the main
// command does: MOLLIE_API_KEY, else the profile's, with the profile's
// api_url, profile_id and testmode. The key of a profile --profile names
// must be found, if it has one (a profile may hold only
// webhook_secret_env); the default profile's need not: without it,
// classic webhooks are only acknowledged, and a note says why.
func (lo *listenOptions) resolveKey(e Env) error {
	name, p := lo.profileName, lo.profile
	if p.KeyEnv == "" && p.KeyCommand == "" && !p.Keyring && p.Key == "" {
		name = ""
	}
	key, err := config.ResolveKey(name, p, keySources(e))
	if err == nil && key.Value() == "" {
		return nil // no key at all: said when a classic webhook comes
	}
	if err == nil {
		err = source.CheckKey(key.Value(), key.Source)
	}
	switch {
	case err != nil && lo.config.profile != "":
		return usagef("--profile: %v", err)
	case err != nil:
		lo.notes = append(lo.notes, fmt.Sprintf("no key, so classic webhooks are only acknowledged: %v", err))
		return nil
	}
	lo.api = &source.Mollie{BaseURL: source.DefaultAPIURL, Key: key.Value(), Concurrency: 4, Timeout: 8 * time.Second,
		UserAgent: "eventbrowser/" + e.build.Version, Quotes: source.NewQuotes()}
	if lo.profileName != "" {
		if lo.profile.APIURL != "" {
			lo.api.BaseURL = lo.profile.APIURL
		}
		lo.api.ProfileID, lo.api.Testmode = lo.profile.ProfileID, lo.profile.Testmode
	}
	return nil
}

// checkForwardURL accepts an http or https URL with a host.
func checkForwardURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q: want an http or https URL, like http://localhost:3000/webhooks", raw)
	}
	return nil
}

// receiver is a running listen: the store, the server and the source of
// what they receive.
type receiver struct {
	store *webhook.Store
	live  *webhook.Live
	fw    *webhook.Forwards // nil without --forward-to
	srv   *http.Server
	ln    net.Listener
	done  chan error // the server's end

	// With --demo: the in-memory listener, the directory of the file,
	// removed at the end, and what the demo's end sends.
	pipe     *webhook.Pipe
	temp     string
	demoDone chan error
}

// apiURL is the API the entities and linked resources are on.
func (lo *listenOptions) apiURL() string {
	if lo.api != nil {
		return lo.api.BaseURL
	}
	return source.DefaultAPIURL
}

// start opens the store and starts serving.
func (lo *listenOptions) start(printing bool) (*receiver, error) {
	r := &receiver{done: make(chan error, 1)}
	if lo.demo {
		dir, err := os.MkdirTemp("", "eventbrowser-demo-")
		if err != nil {
			return nil, fmt.Errorf("cannot make a file for the demo: %w", err)
		}
		lo.out, r.temp = filepath.Join(dir, "webhooks-demo.ndjson"), dir
	}
	st, warnings, err := webhook.OpenStore(lo.out)
	if err != nil {
		r.removeTemp()
		return nil, fmt.Errorf("cannot keep events in %s: %w", lo.out, errors.Unwrap(err))
	}
	r.store = st
	r.live = &webhook.Live{Path: lo.out, Before: st.Size(), SkipBefore: printing, NoVerify: lo.noVerify, Notes: append(lo.notes, warnings...)}
	if !printing {
		// The detail view shows the entities events carried, without a
		// request; what is not held is fetched with the key, if any.
		var next source.Fetcher
		if lo.api != nil {
			next = lo.api
		}
		r.live.Held, r.live.APIURL = source.NewHeld(next), lo.apiURL()
	}
	h := &webhook.Handler{Secrets: lo.secrets, NoVerify: lo.noVerify, Store: st, Report: r.live.Add}
	if lo.forwardTo != "" {
		r.fw = &webhook.Forwards{URL: lo.forwardTo, Changed: func(what, outcome string) {
			r.live.Add(webhook.Delivery{Kind: webhook.KindForwarded, ID: what, Err: forwardFailed(outcome)})
		}}
		h.Report = func(d webhook.Delivery) {
			r.live.Add(d)
			if d.Status == http.StatusOK {
				r.fw.Deliver(d)
			}
		}
	}
	if lo.api != nil {
		h.Classic = &webhook.Classic{Fetcher: lo.api, APIURL: lo.api.BaseURL}
	}
	r.srv = webhook.NewServer(lo.addr, lo.path, h)
	if lo.demo {
		r.pipe = webhook.NewPipe()
		r.ln = r.pipe
	} else if r.ln, err = net.Listen("tcp", lo.addr); err != nil {
		st.Close()
		return nil, fmt.Errorf("cannot listen on %s: %w", lo.addr, err)
	}
	go func() { r.done <- r.srv.Serve(r.ln) }()
	return r, nil
}

// stop answers the requests in flight (within webhook.Answer and a
// margin), stops serving, closes the store and ends the source's loads.
func (r *receiver) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), webhook.Answer+5*time.Second)
	defer cancel()
	err := r.srv.Shutdown(ctx)
	if cerr := r.store.Close(); err == nil {
		err = cerr
	}
	r.live.Close()
	r.removeTemp()
	return err
}

// forwardFailed is a forward's outcome as an error when the handler did
// not take it (not 2xx), for print mode to say; nil when it did.
func forwardFailed(outcome string) error {
	if strings.Contains(outcome, " ms") {
		return nil
	}
	return errors.New(outcome)
}

// removeTemp removes the demo's directory, if there is one.
func (r *receiver) removeTemp() {
	if r.temp != "" {
		os.RemoveAll(r.temp)
	}
}

// url is where the receiver listens, as a sender would write it.
func (r *receiver) url(path string) string {
	return "http://" + r.ln.Addr().String() + path
}

// listenRun receives until interrupted: browsing what arrives on a
// terminal, else printing each event as it is stored.
func (lo *listenOptions) listenRun(e Env) error {
	printing := lo.output != "" || !e.stdoutIsTerminal
	r, err := lo.start(printing)
	if err != nil {
		return err
	}
	if lo.noVerify {
		warnf(e.stderr, "eventbrowser: --no-verify: NOT VERIFYING SIGNATURES; anyone who can reach %s can add events", r.url(lo.path))
	}
	title := "webhooks on " + r.url(lo.path)
	switch {
	case lo.demo && printing:
		warnf(e.stderr, "eventbrowser: listen --demo: receiving the sample in process, over no network; keeping it in %s until the end", lo.out)
	case printing:
		warnf(e.stderr, "eventbrowser: listening on %s; keeping events in %s", r.url(lo.path), lo.out)
	case lo.demo:
		title = demoTitle
	}
	if lo.demo {
		lo.sendDemo(r)
	}
	if printing {
		return lo.print(e, r)
	}
	o := newOptions(e)
	var deliveries ui.Deliveries
	if r.fw != nil {
		deliveries = r.fw
	}
	err = browse(ui.Config{Deliveries: deliveries, Source: r.live, Title: title, Command: []string{"--sort", "-created", "--", lo.out},
		Query: lo.filter, Sort: model.DefaultSort, NoMouse: lo.noMouse, Getenv: e.getenv, Resources: r.live.Held, APIURL: lo.apiURL(), Explain: o.explain}, e)
	if serr := r.stop(); err == nil && serr != nil {
		err = serr
	}
	return err
}

// print writes each event as it is stored until a signal, which first
// lets the requests in flight be answered and printed, or until the
// demo has sent its sample.
func (lo *listenOptions) print(e Env, r *receiver) error {
	format := output.FormatTSV
	if lo.output != "" {
		format, _ = output.ParseFormat(lo.output)
	}
	o := newOptions(e)
	o.filter, o.sort, o.output = lo.filter, model.Sort{Key: model.SortNone}, lo.output
	sigCtx, stopSignals := signalContext()
	stopped := make(chan error, 1)
	go func() {
		var demoErr error
		select {
		case <-sigCtx.Done():
		case demoErr = <-r.demoDone: // the demo has sent its sample; never without --demo
		}
		err := r.stop() // Load returns once the receiver is stopped
		if err == nil {
			err = demoErr
		}
		stopped <- err
	}()
	err := streamEvents(context.Background(), r.live, o, e, format)
	sig := stopSignals() // ends the wait above too, when the output went away
	if serr := <-stopped; err == nil && serr != nil {
		err = serr
	}
	if err == nil && sig != 0 {
		err = signalError{sig}
	}
	return err
}
