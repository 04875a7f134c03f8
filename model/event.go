// Package model holds events and everything computed from them: decoding of
// every input shape, sanitizing for display, and the filtered, sorted list the
// UI shows. It knows nothing of terminals or Bubble Tea: how text takes
// cells on a screen is internal/cells'.
package model

import (
	"fmt"
	"strings"
	"time"
)

// Event is one customer event as Mollie sends it, plus where it came from.
type Event struct {
	Resource   string    // "event" unless the input said otherwise
	Type       int       // open-ended integer code; no official list exists
	Created    time.Time // the instant, in the offset it was written with
	CreatedRaw string    // createdAt exactly as it appeared in the input
	Message    string    // as loaded; may hold anything, see Line for display
	Links      []Link    // in input order, except that "url" comes first
	Source     string    // file name or customer ID, sanitized like Line

	// Line is Message made safe for one table cell: escape sequences and
	// control characters removed, tabs and newlines turned into spaces.
	// Computed once at load so rendering never sanitizes.
	Line string
}

// Link is one entry of an event's _links object.
type Link struct {
	Name string // the key in _links, e.g. "url"
	Href string
	Type string // media type, e.g. "text/html"; may be empty
}

// URL returns the href of the event's first link, or "" if it has none.
func (e *Event) URL() string {
	if len(e.Links) == 0 {
		return ""
	}
	return e.Links[0].Href
}

// finish fills the derived fields once the wire fields are set.
func (e *Event) finish() {
	if e.Resource == "" {
		e.Resource = "event"
	}
	e.Line = SanitizeLine(e.Message)
}

// ParseTime parses an RFC 3339 timestamp with optional fractional seconds of
// any length and any offset, as Mollie writes them ("2024-03-20T09:13:37.0Z",
// "2022-01-03T13:42:04+00:00"). RFC 3339 allows a lower-case "t" and "z" too.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil && strings.ContainsAny(s, "tz") {
		if t2, err2 := time.Parse(time.RFC3339Nano, strings.ToUpper(s)); err2 == nil {
			t, err = t2, nil
		}
	}
	if err == nil && !offsetInRange(s) {
		// Go reads +24:00 and +00:60; RFC 3339 allows 00-23 hours and
		// 00-59 minutes.
		return time.Time{}, fmt.Errorf("%q has the UTC offset %s, outside ±23:59: not RFC 3339", s, s[len(s)-6:])
	}
	return t, err
}

// offsetInRange reports whether a timestamp's numeric UTC offset, if it
// ends in one (±hh:mm), is within RFC 3339's hours and minutes.
func offsetInRange(s string) bool {
	n := len(s)
	if n < 6 || s[n-6] != '+' && s[n-6] != '-' || s[n-3] != ':' {
		return true
	}
	h, m := (s[n-5]-'0')*10+s[n-4]-'0', (s[n-2]-'0')*10+s[n-1]-'0'
	return h <= 23 && m <= 59
}
