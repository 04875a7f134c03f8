package cli

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"os"
	"slices"
	"strconv"

	"github.com/charmbracelet/x/term"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
)

// printEvents loads everything, then prints the filtered, sorted events.
// In input order (--sort none) it prints each event as it is read instead,
// and with --watch what each refresh finds new.
func printEvents(ctx context.Context, src source.Source, o *options, e Env) error {
	format := output.FormatTSV
	if o.output != "" {
		format, _ = output.ParseFormat(o.output)
	}
	switch {
	case o.watch > 0 && o.expand:
		return usagef("--expand and --watch do not go together when printing: drop one")
	case o.watch > 0:
		return watchLoop(ctx, src, o, e, format)
	case o.sort == model.Sort{Key: model.SortNone} && format != output.FormatTable && !o.needsResources():
		// --expand waits for every event: the resources are fetched once.
		return streamEvents(ctx, src, o, e, format)
	}
	gc := keptGC{fixed: os.Getenv("GOGC") != ""}
	defer gc.restore()
	// The filter runs once, on each chunk as it arrives (Select), so the
	// list holds only what passes it. status: terms wait for the statuses,
	// which --expand fetches once the events are in.
	loading := o.filter.Without(query.FieldStatus)
	list := model.NewList()
	list.SetSort(o.sort)
	var chunks []*model.Chunk
	sources := map[string]bool{}
	filtered := !loading.IsZero()
	failed := 0
	prog := progressLine{w: e.stderr, on: e.stderrIsTerminal}
	defer prog.clear()
	err := src.Load(ctx, func(b source.Batch) {
		prog.add(b)
		// Kept until the end, as sorting and filtering once is cheaper than
		// once per batch; with a filter, only what passes it is kept.
		maps.Copy(sources, batchSources(b))
		for _, c := range b.Chunks {
			if filtered {
				c = c.Select(loading)
			}
			chunks = append(chunks, c)
			gc.keep(c.Len())
		}
		failed += o.reportBatch(&prog, b, e)
	})
	prog.clear()
	// A load that stopped partway (the API went away) prints what loaded,
	// then says what did not, as a failed customer does; another error, or
	// a signal, which the caller says, prints nothing.
	var stopped *source.StoppedError
	if err != nil && (!errors.As(err, &stopped) || ctx.Err() != nil) {
		return err
	}
	list.AppendChunks(chunks...)
	lost, perr := printList(ctx, list, len(sources) > 1, o, e, format)
	failed += lost
	if n := o.notPlacedNote(); n != "" {
		warnf(e.stderr, "%s\n", n)
	}
	switch {
	case perr != nil:
		return perr
	case err != nil:
		return err
	case failed > 0:
		return fmt.Errorf("%d customer(s) or linked resource(s) could not be loaded; the output holds the rest", failed)
	}
	return nil
}

// printList prints the listed events, with --expand the resources they
// link to, and returns how many of those could not be fetched, each said
// on stderr.
func printList(ctx context.Context, list *model.List, withSource bool, o *options, e Env, format output.Format) (lost int, err error) {
	opts := o.outputOptions(withSource, tableWidth(e))
	if o.needsResources() {
		embed := len(opts.Columns) == 0 && (format == output.FormatJSON || format == output.FormatNDJSON)
		opts.Resource, lost = expand(ctx, list.All(), o, e, embed)
		list.SetStatus(func(id int) string {
			_, r := opts.Resource(list.Event(id))
			if r == nil {
				return ""
			}
			return r.Status
		})
		if o.filter.LimitsStatuses() {
			list.SetQuery(o.filter)
		}
	}
	if err := output.Print(e.stdout, format, list.All(), opts); err != nil {
		return lost, fmt.Errorf("writing the output: %w", err)
	}
	return lost, nil
}

// expand fetches the resource each of events links to (its first link
// that is a Mollie API resource), each once, --concurrency at a time, and
// returns what Print embeds for an event, and how many could not be
// fetched, each said on stderr. It keeps each resource's column values,
// and its body only when embed says the output embeds it (json, ndjson).
// Resources neither held nor fetchable without a key (columns asked for
// without --expand) are said in one note, and not counted.
func expand(ctx context.Context, events iter.Seq[*model.Event], o *options, e Env, embed bool) (func(*model.Event) ([]byte, *model.ResourceValues), int) {
	var urls []string
	links := source.NewResolver(o.resourcesAPI)
	for ev := range events {
		if u := links.First(ev); u != "" {
			urls = append(urls, u)
		}
	}
	bodies, values, errs := map[string][]byte{}, map[string]*model.ResourceValues{}, map[string]error{}
	notHeld := 0
	fetcher := o.resources
	if fetcher == nil {
		fetcher = source.NewHeld(nil) // holds nothing: every URL is not at hand
	}
	source.FetchEach(ctx, fetcher, urls, o.concurrency, func(u string, body []byte, err error) {
		switch {
		case errors.Is(err, source.ErrNoKey):
			notHeld++
			return
		case err != nil:
			errs[u] = err
			return
		}
		if v, err := model.ParseValues(body); err == nil {
			values[u] = &v
		}
		if embed {
			bodies[u] = body
		}
	})
	for _, u := range slices.Sorted(maps.Keys(errs)) {
		if ctx.Err() != nil {
			break // a signal, which the caller says
		}
		warnf(e.stderr, "eventbrowser: %s: %s\n", cells.SanitizeLine(u), o.explain(errs[u]))
	}
	if notHeld > 0 && ctx.Err() == nil {
		warnf(e.stderr, "%s\n", o.notFetchedNote(notHeld))
	}
	return func(ev *model.Event) ([]byte, *model.ResourceValues) {
		u := links.First(ev)
		return bodies[u], values[u]
	}, len(errs)
}

// tableWidth is the width -o table fits: the terminal's, or where the
// output is not a terminal, $COLUMNS when it holds a width, else 80.
func tableWidth(e Env) int {
	if f, ok := e.stdout.(*os.File); ok && e.stdoutIsTerminal {
		if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
			return w
		}
	}
	if e.getenv != nil {
		if w, err := strconv.Atoi(e.getenv("COLUMNS")); err == nil && w > 0 {
			return w
		}
	}
	return 80
}
