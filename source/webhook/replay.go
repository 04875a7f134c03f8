package webhook

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

// Stored is one event of a file listen wrote: its line as stored, and
// the event the view makes of it.
type Stored struct {
	Line  []byte
	Event model.Event
	Where string // file:line, for errors
}

// ReadStored reads the events of an NDJSON file that q selects. A line
// that is not an event is skipped and said in the notes, as a torn line
// is on opening.
func ReadStored(name string, r io.Reader, q query.Query) (events []Stored, notes []string, err error) {
	br := bufio.NewReaderSize(r, 1<<20)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			line = bytes.TrimSpace(line)
			where := fmt.Sprintf("%s:%d", name, n)
			c, _, derr := model.DecodeChunk(name, line, model.DecodeOptions{})
			switch {
			case derr != nil:
				notes = append(notes, fmt.Sprintf("%s: skipped: %v", where, derr))
			case c.Len() != 1:
				notes = append(notes, where+": skipped: not one event")
			case c.Select(q).Len() == 1:
				events = append(events, Stored{Line: line, Event: c.Event(0), Where: where})
			}
		}
		if errors.Is(err, io.EOF) {
			return events, notes, nil
		}
		if err != nil {
			return events, notes, err
		}
	}
}

// SortByCreated puts events in createdAt order, those of one instant as
// they were read.
func SortByCreated(events []Stored) {
	slices.SortStableFunc(events, func(a, b Stored) int { return a.Event.Created.Compare(b.Event.Created) })
}

// Replay POSTs each event's line to url, signed with secret as Mollie
// signs deliveries, one after the other, and calls each with how it was
// answered (Post's words).
func Replay(client *http.Client, url string, events []Stored, secret []byte, userAgent string, each func(s Stored, outcome string)) {
	for _, s := range events {
		header := http.Header{}
		header.Set("Content-Type", "application/json")
		header.Set("User-Agent", userAgent)
		header.Set(SignatureHeader, Sign(s.Line, secret))
		each(s, Post(client, url, s.Line, header))
	}
}

// Summary counts outcomes by status: "12 × 200, 1 × 500, 1 × timeout",
// the most frequent first.
func Summary(outcomes []string) string {
	counts := map[string]int{}
	var order []string
	for _, o := range outcomes {
		status := o
		if i := bytes.IndexByte([]byte(o), ' '); i > 0 && o[0] >= '0' && o[0] <= '9' {
			status = o[:i]
		}
		if counts[status] == 0 {
			order = append(order, status)
		}
		counts[status]++
	}
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(counts[b], counts[a]) })
	var b bytes.Buffer
	for i, s := range order {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d × %s", counts[s], s)
	}
	return b.String()
}
