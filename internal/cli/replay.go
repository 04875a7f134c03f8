package cli

import (
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source/webhook"
)

// replayOptions is what `eventbrowser replay` is asked for.
type replayOptions struct {
	webhookFlags
	files []string
	since *query.Term

	secret []byte      // the first secret: what replays are signed with
	filter query.Query // the queries and --since
}

// replayCommand is `eventbrowser replay FILE… --forward-to URL`.
func replayCommand(e Env, args []string, run func(*replayOptions) error) *cobra.Command {
	ro := &replayOptions{}
	cmd := &cobra.Command{
		Use:   "replay FILE...",
		Short: "Send the events listen stored to your handler again, signed as Mollie signs them",
		Args:  cobra.ArbitraryArgs,
	}
	b := &flagBinder{fs: cmd.Flags(), args: args, now: e.now}
	ro.webhookFlags.bind(b, cmd, e.getenv)
	b.value("since", "", func(s string) error {
		at, err := query.ParseInstant(s, b.now, time.Local)
		t := query.NewTimeTerm(query.FieldSince, s, at)
		ro.since = &t
		return err
	})
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return b.usageError(err) })
	cmd.RunE = func(_ *cobra.Command, files []string) error {
		ro.files = files
		if err := ro.validate(e); err != nil {
			return err
		}
		return run(ro)
	}
	cmd.SetHelpFunc(func(c *cobra.Command, _ []string) { fmt.Fprint(c.OutOrStdout(), replayUsage) })
	return cmd
}

func (ro *replayOptions) validate(e Env) error {
	switch {
	case len(ro.files) == 0:
		return usagef("replay needs the FILEs listen wrote")
	case ro.forwardTo == "":
		return usagef("replay needs --forward-to URL: where to send the events")
	}
	getenv := e.getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	if err := ro.resolve(getenv); err != nil {
		return err
	}
	secrets, err := ro.webhookFlags.secrets(getenv)
	if err != nil {
		return usagef("%v", err)
	}
	if len(secrets) == 0 {
		return usagef("set %s (or name its variable in a profile's webhook_secret_env): replayed events are signed with its first secret, "+
			"so your handler verifies them as it does Mollie's", webhook.SecretEnv)
	}
	ro.secret = secrets[0]
	var terms []query.Term
	if ro.since != nil {
		terms = append(terms, *ro.since)
	}
	ro.filter = query.Join(e.now, time.Local, ro.queries, terms...)
	return nil
}

// replayRun reads the files, then sends the events the filter selects in
// createdAt order, a line for each on stdout and the count of each answer
// at the end on stderr; any answer but 2xx makes the exit status 1.
func (ro *replayOptions) replayRun(e Env) error {
	var events []webhook.Stored
	for _, name := range ro.files {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("cannot open %s: %w", name, err)
		}
		got, notes, err := webhook.ReadStored(name, f, ro.filter)
		f.Close()
		if err != nil {
			return fmt.Errorf("reading %s: %w", name, err)
		}
		for _, n := range notes {
			warnf(e.stderr, "eventbrowser: %s", n)
		}
		events = append(events, got...)
	}
	webhook.SortByCreated(events)
	var outcomes []string
	failed := 0
	client := &http.Client{Timeout: webhook.ForwardTimeout}
	webhook.Replay(client, ro.forwardTo, events, ro.secret, "eventbrowser/"+e.build.Version, func(s webhook.Stored, outcome string) {
		outcomes = append(outcomes, outcome)
		if forwardFailed(outcome) != nil {
			failed++
		}
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", s.Event.UTCTime(), cells.SanitizeLine(webhook.Key(s.Line)), outcome)
	})
	if len(events) == 0 {
		warnf(e.stderr, "eventbrowser: no events to replay")
		return nil
	}
	warnf(e.stderr, "eventbrowser: replayed %d events to %s: %s", len(events), ro.forwardTo, webhook.Summary(outcomes))
	if failed > 0 {
		return fmt.Errorf("%d of %d events were not taken (answered other than 2xx)", failed, len(events))
	}
	return nil
}
