// Package model holds events in a compact store, decodes every input shape
// into it, and keeps the list the UI shows: filtered by a query.Query,
// sorted, counted by type, source and time, with marks. It knows nothing
// of terminals: what text is safe to show is internal/cells', the query
// language query's, and the printed formats output's.
package model

import (
	"strconv"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// Event is one event as Mollie sends it, plus where it came from: a
// customer's (a numeric type, a message), or a webhook's (a named type,
// IDs, the entity it is about, and no message on the wire).
type Event struct {
	Resource   string     // "event" unless the input said otherwise
	ID         string     // a webhook event's own ID ("event_…"), as written; "" for a customer's
	EntityID   string     // a webhook event's entityId ("tr_…"), as written
	Type       int        // customer events' open-ended integer code (no official list exists); 0 when TypeName is set
	TypeName   string     // a named type ("payment.failed", as webhook events and rebuilt histories have); "" for a numeric one
	Created    time.Time  // the instant, in the offset it was written with
	CreatedRaw string     // createdAt exactly as it appeared in the input
	Message    string     // as loaded; may hold anything, see Line for display
	Links      []Link     // in input order, except that "url" comes first
	Source     cells.Line // file name or customer ID, sanitized once at decode

	// Entity is the object a webhook event carried in _embedded.entity, as
	// read (nil without one). Only a decoder's chunk holds it, for a
	// source to hand on (Chunk.Entities): the store keeps the message and
	// links made of it, not the object.
	Entity []byte

	// Line is Message made safe for one table cell: escape sequences and
	// control characters removed, tabs and newlines turned into spaces.
	// Computed once at load so rendering never sanitizes.
	Line cells.Line
}

// Link is one entry of an event's _links object.
type Link struct {
	Name string // the key in _links, e.g. "url"
	Href string
	Type string // media type, e.g. "text/html"; may be empty
}

// TypeText writes e's type as it is shown and typed: its name, or its
// number.
func (e *Event) TypeText() string {
	if e.TypeName != "" {
		return e.TypeName
	}
	return strconv.Itoa(e.Type)
}

// URL returns the href of the event's first link, or "" if it has none.
func (e *Event) URL() string {
	if len(e.Links) == 0 {
		return ""
	}
	return e.Links[0].Href
}

// sourceOr gives e the source read when the input named none. A source
// from the input is untrusted text, sanitized as it was decoded; one that
// is nothing once sanitized counts as absent, or the event would have no
// source to show, and a round trip through the JSON output would change it.
func (e *Event) sourceOr(read string) {
	if e.Source == "" {
		e.Source = cells.SafeLine(read)
	}
}

// Finish fills the derived fields once the wire fields are set: the
// default resource and the display line. Decoders call it, and so must
// code that builds an Event by hand.
func (e *Event) Finish() {
	if e.Resource == "" {
		e.Resource = "event"
	}
	e.Line = cells.SafeLine(e.Message)
}

// UTCTime writes e's instant as RFC 3339 in UTC, keeping the fraction it
// had (trailing zeros dropped): "2024-03-20T09:13:37Z".
func (e *Event) UTCTime() string { return e.Created.UTC().Format(time.RFC3339Nano) }
