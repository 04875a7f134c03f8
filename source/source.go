// Package source is where events come from: files and standard input for
// now, the Mollie API later. Every source hands its events over in batches
// as they arrive, so the UI can show the first ones before the last load.
package source

import (
	"context"

	"github.com/eventbrowser/eventbrowser/model"
)

// Batch is a group of events that arrived together, with anything worth
// telling the user about them.
type Batch struct {
	Events []model.Event
	Notes  []string
}

// Source loads events. Load calls send for each batch, in order, from the
// goroutine that called Load, and returns the first error that stops it.
type Source interface {
	Load(ctx context.Context, send func(Batch)) error
}
