package webhook

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
)

// ForwardTimeout is how long the user's handler has to answer a forward.
const ForwardTimeout = 10 * time.Second

// Forwards re-POSTs accepted deliveries to the user's own handler, body
// and Mollie's headers as received, in the background: a handler that is
// down or slow never delays the answer to Mollie. It keeps how each event's
// last forward was answered ("200 · 12 ms", "500", "timeout"), for the
// table's DELIVERY column, and can send one again.
type Forwards struct {
	URL    string
	Client *http.Client // nil means one with ForwardTimeout
	// Changed is called after each outcome with the event's ID (or the
	// classic webhook's object), from the goroutine that sent it: the
	// view draws the column again.
	Changed func(what, outcome string)

	mu      sync.Mutex
	byEvent map[string]*forward // by the event's identity (eventKey)
	slots   chan struct{}       // at most 8 forwards at once
}

// forward is what was received, to send again, and how it was answered.
type forward struct {
	name    string // the event's ID, or the classic webhook's object
	body    []byte
	header  http.Header
	outcome string
}

// Deliver forwards an accepted delivery; it returns at once.
func (f *Forwards) Deliver(d Delivery) {
	header := http.Header{}
	for name, values := range d.Header {
		if name == "Content-Type" || name == "User-Agent" || strings.HasPrefix(name, "X-Mollie-") {
			header[name] = append([]string(nil), values...)
		}
	}
	fw := &forward{name: d.ID, body: d.Body, header: header, outcome: "…"}
	key := d.ID
	if d.Kind == KindEvent {
		fw.name = Key(d.Line)
	}
	if e, ok := firstEvent(d.Line); ok {
		key = eventKey(&e)
	}
	f.mu.Lock()
	if f.byEvent == nil {
		f.byEvent = map[string]*forward{}
		f.slots = make(chan struct{}, 8)
	}
	f.byEvent[key] = fw
	f.mu.Unlock()
	go f.send(fw)
}

// Outcome says how the forward of e was answered: "" when it was not
// forwarded in this run, "…" while it is on its way.
func (f *Forwards) Outcome(e *model.Event) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fw := f.byEvent[eventKey(e)]; fw != nil {
		return fw.outcome
	}
	return ""
}

// Resend forwards e again, as it was received, and says so; an event not
// received in this run cannot be (its headers are gone): eventbrowser
// replay sends those.
func (f *Forwards) Resend(e *model.Event) string {
	key := eventKey(e)
	f.mu.Lock()
	fw := f.byEvent[key]
	if fw != nil {
		fw.outcome = "…"
	}
	f.mu.Unlock()
	if fw == nil {
		return "not received in this run, so not re-sent: eventbrowser replay FILE --forward-to URL sends stored events"
	}
	go f.send(fw)
	return "re-sending to " + f.URL
}

// send POSTs fw and records the outcome.
func (f *Forwards) send(fw *forward) {
	f.slots <- struct{}{}
	defer func() { <-f.slots }()
	outcome := Post(f.client(), f.URL, fw.body, fw.header)
	f.mu.Lock()
	fw.outcome = outcome
	f.mu.Unlock()
	if f.Changed != nil {
		f.Changed(fw.name, outcome)
	}
}

func (f *Forwards) client() *http.Client {
	if f.Client != nil {
		return f.Client
	}
	return &http.Client{Timeout: ForwardTimeout}
}

// Post sends body with header to url with client, whose Timeout bounds
// the wait, and says how it was answered: "200 ·
// 12 ms" for a 2xx, the status alone for anything else, "timeout", or
// why there was no answer.
func Post(client *http.Client, url string, body []byte, header http.Header) string {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "bad URL"
	}
	req.Header = header.Clone()
	start := time.Now()
	resp, err := client.Do(req)
	latency := time.Since(start)
	var timeout interface{ Timeout() bool }
	switch {
	case errors.As(err, &timeout) && timeout.Timeout():
		return "timeout"
	case err != nil:
		return "no answer"
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Sprint(resp.StatusCode)
	}
	return fmt.Sprintf("%d · %d ms", resp.StatusCode, latency.Milliseconds())
}

// firstEvent is the event line holds, as the view shows it.
func firstEvent(line []byte) (model.Event, bool) {
	if line == nil {
		return model.Event{}, false
	}
	c, _, err := model.DecodeChunk("", line, model.DecodeOptions{SkipInvalid: true})
	if err != nil || c.Len() == 0 {
		return model.Event{}, false
	}
	return c.Event(0), true
}

// eventKey is what tells events apart in the view, which does not keep
// their IDs: their time as written, type, message and first link.
func eventKey(e *model.Event) string {
	return e.CreatedRaw + "\x00" + e.TypeText() + "\x00" + e.Message + "\x00" + e.URL()
}
