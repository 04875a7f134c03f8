package cli

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/source"
)

// watchLoop prints the filtered, sorted events, then every o.watch loads
// everything again and prints the events not seen before, until ctx ends:
// a tail of the API. A failed refresh is reported and the next one tried;
// only a failed first load ends it, with status 1.
func watchLoop(ctx context.Context, src source.Source, o *options, e Env, format output.Format) error {
	list := model.NewList()
	list.SetQuery(o.filter)
	list.SetSort(o.sort)
	prog := progressLine{w: e.stderr, on: e.stderrIsTerminal}
	defer prog.clear()
	printed := false // a csv header is written once, over every refresh's rows
	for first := true; ; first = false {
		var chunks []*model.Chunk
		failed := 0
		err := src.Load(ctx, func(b source.Batch) {
			prog.add(b)
			chunks = append(chunks, b.Chunks...)
			failed += o.reportBatch(&prog, b, e)
		})
		prog.clear()
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil && first:
			return err
		case err != nil:
			warnf(e.stderr, "eventbrowser: refreshing: %s; trying again in %v\n", o.explain(err), o.watch)
		default:
			if failed > 0 {
				warnf(e.stderr, "eventbrowser: %d customer(s) could not be loaded\n", failed)
			}
			// A file is shown as it is now: what it no longer holds leaves,
			// and is printed again should it come back.
			list.BeginRefresh()
			list.MergeChunks(chunks...)
			list.EndRefresh(source.LoadsWhole(src))
			if werr := printNew(ctx, list, o, e, format, &printed); werr != nil {
				return fmt.Errorf("writing the output: %w", werr)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(o.watch):
		}
	}
}

// printNew prints the events of the list's view not printed before, and
// marks them seen; *printed says whether a print came before. A column of
// the resources' fetches those of the new events, each refresh, as a
// first print does.
func printNew(ctx context.Context, list *model.List, o *options, e Env, format output.Format, printed *bool) error {
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
	opts := o.outputOptions(len(list.Sources()) > 1, 0)
	opts.NoHeader = *printed
	if o.needsResources() {
		opts.Resource, _ = expand(ctx, slices.Values(events), o, e, false) // each failure said on stderr
	}
	*printed = true
	return output.Print(e.stdout, format, slices.Values(events), opts)
}
