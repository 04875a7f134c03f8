package cli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// streamEvents prints each event that passes the filter as soon as it is
// read, in input order, flushing after every batch: a source still being
// written to (tail -f) is filtered live. The table format needs every row
// first, so it is not streamed.
func streamEvents(ctx context.Context, src source.Source, o options, e Env, format model.Format) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var p *model.Printer // made with the first events, which may tell of several sources
	prog := progressLine{w: e.stderr, on: e.stderrIsTerminal}
	defer prog.clear()
	failed := 0
	var werr error
	err := src.Load(ctx, func(b source.Batch) {
		prog.add(b)
		if p == nil && b.Len() > 0 {
			p = model.NewPrinter(e.stdout, format, model.PrintOptions{WithSource: severalSources(o) || len(batchSources(b)) > 1})
		}
		if werr == nil && p != nil {
			werr = printBatch(p, b, o.filter)
		}
		if werr != nil {
			cancel() // nobody reads the output any more
			return
		}
		failed += reportBatch(&prog, b, e)
	})
	prog.clear()
	if p == nil {
		p = model.NewPrinter(e.stdout, format, model.PrintOptions{})
	}
	if werr == nil {
		werr = p.Close()
	}
	switch {
	case werr != nil:
		warnf(e.stderr, "eventbrowser: writing the output: %v\n", werr)
		return 1
	case err != nil && ctx.Err() != nil:
		return 1 // a signal, which the caller says
	case err != nil:
		warnf(e.stderr, "eventbrowser: %v\n", err)
		return 1
	case failed > 0:
		warnf(e.stderr, "eventbrowser: %d customer(s) could not be loaded; the output holds the others\n", failed)
		return 1
	}
	return 0
}

// printBatch writes the events of b that pass f and flushes them.
func printBatch(p *model.Printer, b source.Batch, f model.Filter) error {
	if len(b.Events) > 0 {
		c := &model.Chunk{}
		for i := range b.Events {
			c.Add(&b.Events[i])
		}
		if err := p.WriteChunk(c, f); err != nil {
			return err
		}
	}
	for _, c := range b.Chunks {
		if err := p.WriteChunk(c, f); err != nil {
			return err
		}
	}
	return p.Flush()
}

// reportBatch writes a batch's notes and failures to stderr and returns
// how many failures it had.
func reportBatch(prog *progressLine, b source.Batch, e Env) int {
	for _, n := range b.Notes {
		prog.clear()
		warnf(e.stderr, "eventbrowser: %s\n", n)
	}
	for _, f := range b.Failures {
		prog.clear()
		warnf(e.stderr, "eventbrowser: %v\n", f.Err)
	}
	return len(b.Failures)
}

// batchSources is the sources of b's events.
func batchSources(b source.Batch) map[string]bool {
	srcs := map[string]bool{}
	for _, ev := range b.Events {
		srcs[ev.Source] = true
	}
	for _, c := range b.Chunks {
		for _, s := range c.Sources() {
			srcs[s] = true
		}
	}
	return srcs
}

// severalSources tells a streamed print whether to write each event's
// source, which Print decides from the events it has, before any are read:
// yes when events come from more than one file or customer. A single file
// may hold several customers too; the first batch tells (batchSources).
func severalSources(o options) bool {
	n := len(o.paths)
	if o.api != nil {
		n += len(o.api.Customers)
		if o.api.AllCustomers {
			n += 2
		}
	}
	return n > 1
}

// watchLoop prints the filtered, sorted events, then every o.watch loads
// everything again and prints the events not seen before, until ctx ends:
// a tail of the API. A failed refresh is reported and the next one tried;
// only a failed first load ends it, with status 1.
func watchLoop(ctx context.Context, src source.Source, o options, e Env, format model.Format) int {
	list := model.NewList()
	list.SetFilter(o.filter)
	list.SetSort(o.sort)
	prog := progressLine{w: e.stderr, on: e.stderrIsTerminal}
	defer prog.clear()
	printed := false // a csv header is written once, over every refresh's rows
	for first := true; ; first = false {
		var events []model.Event
		failed := 0
		err := src.Load(ctx, func(b source.Batch) {
			prog.add(b)
			events = append(events, b.AllEvents()...)
			failed += reportBatch(&prog, b, e)
		})
		prog.clear()
		switch {
		case ctx.Err() != nil:
			return 0
		case err != nil && first:
			warnf(e.stderr, "eventbrowser: %v\n", err)
			return 1
		case err != nil:
			warnf(e.stderr, "eventbrowser: refreshing: %v; trying again in %v\n", err, o.watch)
		default:
			if failed > 0 {
				warnf(e.stderr, "eventbrowser: %d customer(s) could not be loaded\n", failed)
			}
			list.Merge(events)
			if werr := printNew(list, o, e, format, &printed); werr != nil {
				warnf(e.stderr, "eventbrowser: writing the output: %v\n", werr)
				return 1
			}
		}
		select {
		case <-ctx.Done():
			return 0
		case <-time.After(o.watch):
		}
	}
}

// printNew prints the events of the list's view not printed before, and
// marks them seen; *printed says whether a print came before.
func printNew(list *model.List, o options, e Env, format model.Format, printed *bool) error {
	var fresh []int
	var events []*model.Event
	for i := range list.Len() {
		if id := list.IDAt(i); list.IsNew(id) {
			fresh = append(fresh, id)
			events = append(events, list.At(i))
		}
	}
	list.MarkSeen(fresh...)
	if len(events) == 0 {
		return nil
	}
	opts := model.PrintOptions{WithSource: len(list.Sources()) > 1, NoHeader: *printed}
	*printed = true
	return model.Print(e.stdout, format, slices.Values(events), opts)
}

// printEvents loads everything, then prints the filtered, sorted events.
// In input order (--sort none) it prints each event as it is read instead,
// and with --watch what each refresh finds new.
func printEvents(ctx context.Context, src source.Source, o options, e Env) int {
	format := model.FormatTSV
	if o.output != "" {
		format, _ = model.ParseFormat(o.output)
	}
	switch {
	case o.watch > 0 && o.expand:
		warnf(e.stderr, "eventbrowser: --expand and --watch do not go together when printing: drop one\nRun 'eventbrowser --help' for usage.\n")
		return 2
	case o.watch > 0:
		return watchLoop(ctx, src, o, e, format)
	case o.sort == model.Sort{Key: model.SortNone} && format != model.FormatTable && !o.expand:
		// --expand waits for every event: the resources are fetched once.
		return streamEvents(ctx, src, o, e, format)
	}
	gc := keptGC{fixed: os.Getenv("GOGC") != ""}
	defer gc.restore()
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
	err := src.Load(ctx, func(b source.Batch) {
		prog.add(b)
		// Kept until the end, as sorting and filtering once is cheaper than
		// once per batch; with a filter, only what passes it is kept.
		maps.Copy(sources, batchSources(b))
		events = append(events, b.Events...)
		for _, c := range b.Chunks {
			if filtered {
				c = c.Select(loading)
			}
			chunks = append(chunks, c)
			gc.keep(c.Len())
		}
		for _, n := range b.Notes {
			prog.clear()
			warnf(e.stderr, "eventbrowser: %s\n", n)
		}
		for _, f := range b.Failures {
			failed++
			prog.clear()
			warnf(e.stderr, "eventbrowser: %v\n", f.Err)
		}
	})
	prog.clear()
	if err != nil {
		if ctx.Err() == nil { // else a signal, which the caller says
			warnf(e.stderr, "eventbrowser: %v\n", err)
		}
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
		opts.Resource, lost = expand(ctx, list, o, e)
		failed += lost
		list.SetStatus(func(id int) string {
			_, status := opts.Resource(list.Event(id))
			return status
		})
		list.SetFilter(o.filter)
	}
	if err := model.Print(e.stdout, format, list.All(), opts); err != nil {
		warnf(e.stderr, "eventbrowser: writing the output: %v\n", err)
		return 1
	}
	if failed > 0 {
		warnf(e.stderr, "eventbrowser: %d customer(s) or linked resource(s) could not be loaded; the output holds the rest\n", failed)
		return 1
	}
	return 0
}

// expand fetches the resource each listed event links to (its first link
// that is a Mollie API resource), each once, --concurrency at a time, and
// returns what Print embeds for an event, and how many could not be
// fetched, each said on stderr.
func expand(ctx context.Context, list *model.List, o options, e Env) (func(*model.Event) ([]byte, string), int) {
	var urls []string
	for ev := range list.All() {
		if u := source.FirstResourceURL(ev, o.resourcesAPI); u != "" {
			urls = append(urls, u)
		}
	}
	bodies, errs := source.FetchAll(ctx, o.resources, urls, o.concurrency)
	for _, u := range slices.Sorted(maps.Keys(errs)) {
		if ctx.Err() != nil {
			break // a signal, which the caller says
		}
		warnf(e.stderr, "eventbrowser: %s: %v\n", model.SanitizeLine(u), errs[u])
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

// keptGC has the garbage collector run sooner once print mode holds many
// events. They are held until the end in arrays without pointers, which a
// collection does not scan: collecting when the heap has grown by a tenth,
// rather than doubled, then costs little and keeps the peak near what is
// held (10M events: 1.19 GB against 2.40 GB). While few are held, Go's
// default stays: a tenth of a small heap would mean a collection every few
// megabytes read. GOGC, when set, decides instead (fixed).
type keptGC struct {
	fixed, tight bool
	kept, old    int
}

// tightAfter is the number of events held from which keptGC tightens.
const tightAfter = 2 << 20

func (g *keptGC) keep(n int) {
	g.kept += n
	if !g.fixed && !g.tight && g.kept >= tightAfter {
		g.old, g.tight = debug.SetGCPercent(10), true
	}
}

func (g *keptGC) restore() {
	if g.tight {
		debug.SetGCPercent(g.old)
	}
}
