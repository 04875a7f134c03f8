package source

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// WebhookEvents is a source of webhook events fetched by ID, with
// GET /v2/events/{id}: the one way to read an event again, since Mollie
// lists none. The endpoint takes only organization access tokens (or
// OAuth), with events.read.
type WebhookEvents struct {
	M   *Mollie
	IDs []string
	// Placed, when set, holds each event as the API answered it, for
	// Held.Event: a print that writes webhook events as read, the table's
	// Y and e.
	Placed *Held
}

var eventID = regexp.MustCompile(`^event_[A-Za-z0-9]+$`)

// CheckEventID tells whether id has the shape of a webhook event's ID.
func CheckEventID(id string) error {
	if !eventID.MatchString(id) {
		return fmt.Errorf("%s is not a webhook event ID: want event_ and letters and digits, like event_GvJ8WHrp5isUdRub9CJyH", quoteID(id))
	}
	return nil
}

// CheckEventsKey tells whether key can read webhook events: only an
// access token can.
func CheckEventsKey(key string) error {
	if strings.HasPrefix(key, "access_") {
		return nil
	}
	prefix, _, _ := strings.Cut(key, "_")
	return fmt.Errorf("GET /v2/events/{id} needs an organization access token (access_…) with the events.read permission; %s holds a %s_ key, which Mollie refuses there", KeyEnv, prefix)
}

// Load fetches each event in turn; one that fails is a Failure, and the
// rest load. Their entities are held in M.Held, when set.
func (w WebhookEvents) Load(ctx context.Context, send func(Batch)) error {
	if err := CheckEventsKey(w.M.Key); err != nil {
		return err
	}
	base := strings.TrimRight(w.M.BaseURL, "/")
	for _, id := range w.IDs {
		body, err := w.M.get(ctx, base+"/v2/events/"+url.PathEscape(id), "event "+id)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var c *model.Chunk
		if err == nil {
			c, _, err = model.DecodeChunk(id, body, model.DecodeOptions{})
		}
		if err != nil {
			send(Batch{Failures: []Failure{{Source: id, Err: err}}})
			continue
		}
		w.M.Held.HoldEntities(c, base)
		w.Placed.holdCopy(c, body)
		send(Batch{Chunks: []*model.Chunk{c}})
	}
	return nil
}

// quoteID shows a user's ID in an error, safely.
func quoteID(id string) string { return fmt.Sprintf("%q", cells.ClipWidth(cells.SanitizeLine(id), 60)) }
