package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// streamEvents prints each event that passes the filter as soon as it is
// read, in input order, flushing after every batch: a source still being
// written to (tail -f) is filtered live. The table format needs every row
// first, so it is not streamed.
func streamEvents(src source.Source, o options, e env, format model.Format) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := model.NewPrinter(e.stdout, format, model.PrintOptions{WithSource: severalSources(o)})
	prog := progressLine{w: e.stderr, on: e.stderrIsTerminal}
	defer prog.clear()
	failed := 0
	var werr error
	err := src.Load(ctx, func(b source.Batch) {
		prog.add(b)
		if werr == nil {
			werr = printBatch(p, b, o.filter)
		}
		if werr != nil {
			cancel() // nobody reads the output any more
			return
		}
		failed += reportBatch(&prog, b, e)
	})
	prog.clear()
	if werr == nil {
		werr = p.Close()
	}
	switch {
	case werr != nil:
		fmt.Fprintf(e.stderr, "eventbrowser: writing the output: %v\n", werr)
		return 1
	case err != nil:
		fmt.Fprintf(e.stderr, "eventbrowser: %v\n", err)
		return 1
	case failed > 0:
		fmt.Fprintf(e.stderr, "eventbrowser: %d customer(s) could not be loaded; the output holds the others\n", failed)
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
func reportBatch(prog *progressLine, b source.Batch, e env) int {
	for _, n := range b.Notes {
		prog.clear()
		fmt.Fprintf(e.stderr, "eventbrowser: %s\n", n)
	}
	for _, f := range b.Failures {
		prog.clear()
		fmt.Fprintf(e.stderr, "eventbrowser: %v\n", f.Err)
	}
	return len(b.Failures)
}

// severalSources tells a streamed print whether to write each event's
// source, which Print decides from the events it has, before any are read:
// yes when events come from more than one file or customer.
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

// watchEvents prints the filtered, sorted events, then every o.watch loads
// everything again and prints the events not seen before, until
// interrupted: a tail of the API. A failed refresh is reported and the next
// one tried; only a failed first load ends it, with status 1.
func watchEvents(src source.Source, o options, e env, format model.Format) int {
	for _, p := range o.paths {
		if p == "-" {
			fmt.Fprintf(e.stderr, "eventbrowser: --watch cannot read standard input again; give files or --customer\n")
			return 2
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return watchLoop(ctx, src, o, e, format)
}

func watchLoop(ctx context.Context, src source.Source, o options, e env, format model.Format) int {
	list := model.NewList()
	list.SetFilter(o.filter)
	list.SetSort(o.sort)
	prog := progressLine{w: e.stderr, on: e.stderrIsTerminal}
	defer prog.clear()
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
			fmt.Fprintf(e.stderr, "eventbrowser: %v\n", err)
			return 1
		case err != nil:
			fmt.Fprintf(e.stderr, "eventbrowser: refreshing: %v; trying again in %v\n", err, o.watch)
		default:
			if failed > 0 {
				fmt.Fprintf(e.stderr, "eventbrowser: %d customer(s) could not be loaded\n", failed)
			}
			list.Merge(events)
			if werr := printNew(list, o, e, format); werr != nil {
				fmt.Fprintf(e.stderr, "eventbrowser: writing the output: %v\n", werr)
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
// marks them seen.
func printNew(list *model.List, o options, e env, format model.Format) error {
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
	opts := model.PrintOptions{WithSource: len(list.Sources()) > 1}
	return model.Print(e.stdout, format, slices.Values(events), opts)
}
