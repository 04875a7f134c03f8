package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/source"
)

// bindColumns binds --columns: the columns by name, as saved views and the
// table's C panel name them.
func (o *options) bindColumns(b *flagBinder) {
	b.value("columns", "", func(s string) error {
		cols, err := model.ParseColumns(s)
		if err != nil {
			return err
		}
		o.columns = nil
		for _, c := range cols {
			o.columns = append(o.columns, c.String())
		}
		return nil
	})
}

// printColumns are the columns print mode prints, from --columns or the
// view; nil for each format's own. A view's column the table alone has
// (delivery) is left out.
func (o *options) printColumns() []model.Column {
	var cols []model.Column
	for _, name := range o.columns {
		if c, err := model.ParseColumn(name); err == nil {
			cols = append(cols, c)
		}
	}
	return cols
}

// outputOptions are the output's options for the columns asked for.
func (o *options) outputOptions(withSource bool, width int) output.Options {
	opts := output.Options{WithSource: withSource, Width: width, Columns: o.printColumns()}
	if held := o.placed; held != nil {
		opts.Raw = func(e *model.Event) []byte {
			if e.ID == "" {
				return nil
			}
			raw, ok := held.Event(e.ID, e.EntityID)
			if !ok {
				o.notPlaced++
			}
			return raw
		}
	}
	return opts
}

// notPlacedNote says, when some webhook events were printed as their
// fields rather than as read, why, and what to do.
func (o *options) notPlacedNote() string {
	if o.notPlaced == 0 {
		return ""
	}
	return fmt.Sprintf("eventbrowser: %d webhook event(s) written as their fields, not as read: the copies of those read from a pipe are kept up to --max-held; give the file itself, or a larger --max-held", o.notPlaced)
}

// printsAsRead says whether the print writes webhook events as they were
// read, their entities embedded: json and ndjson do.
func (o *options) printsAsRead() bool {
	return (o.output == "json" || o.output == "ndjson") && len(o.printColumns()) == 0 && !o.needsResources()
}

// needsResources says whether the print reads what events link to: with
// --expand, or a column of the resource's. A gh user asking for
// `--json amount` gets the amounts, not an empty field: asking for a
// resource's column implies the fetch, from what a rebuilt history or a
// webhook event holds first.
func (o *options) needsResources() bool {
	return o.expand || model.NeedResources(o.printColumns())
}

// resourceColumns names the chosen columns read from resources, for a
// note that they could not all be filled.
func (o *options) resourceColumns() string {
	var names []string
	for _, c := range o.printColumns() {
		if c.FromResource() {
			names = append(names, c.String())
		}
	}
	return strings.Join(names, ", ")
}

// notFetchedNote is the note print mode writes when resources for its
// columns were not held and there was no key to fetch them: n of them.
func (o *options) notFetchedNote(n int) string {
	return fmt.Sprintf("eventbrowser: %s: %d linked resource(s) were not at hand and are left empty: set %s to fetch them",
		o.resourceColumns(), n, source.KeyEnv)
}

// completeColumns completes --columns' comma-separated names: the
// names not given yet, after those that are.
func completeColumns(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	given, last := "", toComplete
	if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
		given, last = toComplete[:i+1], toComplete[i+1:]
	}
	var out []cobra.Completion
	for _, name := range model.ColumnNames() {
		if strings.HasPrefix(name, last) && !slices.Contains(strings.Split(given, ","), name) {
			out = append(out, given+name)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}
