package cli

import (
	"context"
	"fmt"

	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
)

// streamEvents prints each event that passes the filter as soon as it is
// read, in input order, flushing after every batch: a source still being
// written to (tail -f) is filtered live. The table format needs every row
// first, so it is not streamed.
func streamEvents(ctx context.Context, src source.Source, o *options, e Env, format output.Format) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var p *output.Printer // made with the first events, which may tell of several sources
	prog := progressLine{w: e.stderr, on: e.stderrIsTerminal}
	defer prog.clear()
	failed := 0
	var werr error
	err := src.Load(ctx, func(b source.Batch) {
		prog.add(b)
		if p == nil && b.Len() > 0 {
			p = output.NewPrinter(e.stdout, format, o.outputOptions(severalSources(o) || len(batchSources(b)) > 1, 0))
		}
		if werr == nil && p != nil {
			werr = printBatch(p, b, o.filter)
		}
		if werr != nil {
			cancel() // nobody reads the output any more
			return
		}
		failed += o.reportBatch(&prog, b, e)
	})
	prog.clear()
	if p == nil {
		p = output.NewPrinter(e.stdout, format, o.outputOptions(false, 0))
	}
	if werr == nil {
		werr = p.Close()
	}
	if n := o.notPlacedNote(); n != "" {
		warnf(e.stderr, "%s\n", n)
	}
	switch {
	case werr != nil:
		return fmt.Errorf("writing the output: %w", werr)
	case err != nil:
		return err // or a signal, which the caller says
	case failed > 0:
		return fmt.Errorf("%d customer(s) could not be loaded; the output holds the others", failed)
	}
	return nil
}

// printBatch writes the events of b that pass f and flushes them.
func printBatch(p *output.Printer, b source.Batch, f query.Query) error {
	for _, c := range b.Chunks {
		if err := p.WriteChunk(c, f); err != nil {
			return err
		}
	}
	return p.Flush()
}

// reportBatch writes a batch's notes and failures to stderr and returns
// how many failures it had.
func (o *options) reportBatch(prog *progressLine, b source.Batch, e Env) int {
	for _, n := range b.Notes {
		prog.clear()
		warnf(e.stderr, "eventbrowser: %s\n", n)
	}
	for _, f := range b.Failures {
		prog.clear()
		warnf(e.stderr, "eventbrowser: %s\n", o.explain(f.Err))
	}
	return len(b.Failures)
}

// batchSources is the sources of b's events.
func batchSources(b source.Batch) map[string]bool {
	srcs := map[string]bool{}
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
func severalSources(o *options) bool {
	n := len(o.paths)
	if o.api != nil {
		n += len(o.api.Customers)
		if o.api.AllCustomers {
			n += 2
		}
	}
	return n > 1
}
