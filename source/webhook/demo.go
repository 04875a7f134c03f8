package webhook

import (
	"bytes"
	"context"
	"crypto/rand"
	"net"
	"net/http"
	"regexp"
	"sync"
	"time"
)

// Pipe is a net.Listener in memory: Dial's connections are accepted by
// the server that serves on it, and nothing is opened on the network.
// listen --demo receives the sample over it, through the server and
// handler Mollie's deliveries go through.
type Pipe struct {
	conns chan net.Conn
	once  sync.Once
	done  chan struct{}
}

// NewPipe is an open Pipe.
func NewPipe() *Pipe {
	return &Pipe{conns: make(chan net.Conn), done: make(chan struct{})}
}

// Dial connects to the server serving on p.
func (p *Pipe) Dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case p.conns <- server:
		return client, nil
	case <-p.done:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Accept waits for Dial's next connection.
func (p *Pipe) Accept() (net.Conn, error) {
	select {
	case c := <-p.conns:
		return c, nil
	case <-p.done:
		return nil, net.ErrClosed
	}
}

// Close stops Accept and Dial.
func (p *Pipe) Close() error {
	p.once.Do(func() { close(p.done) })
	return nil
}

// Addr is the pipe's address, as the screen names it.
func (p *Pipe) Addr() net.Addr { return pipeAddr{} }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "demo" }

// Demo delivers a sample of events to a receiver the way Mollie does:
// each body POSTed to URL and signed (X-Mollie-Signature) with Secret,
// one after another, Every apart. Each is sent as if it had just
// happened: its times moved by as much as takes its createdAt to now.
// After the third, it sends one event again (as Mollie retries) and one
// signed with another secret (as a forger would), so the screen shows
// how the receiver answers both.
type Demo struct {
	Events [][]byte // one event object each, createdAt first
	URL    string
	Secret []byte
	Every  time.Duration
	Client *http.Client // whose transport reaches the receiver: Pipe.Dial
	Now    func() time.Time
}

// DemoStatus is how the receiver answered a delivery of the demo.
type DemoStatus struct {
	Status int
	Forged bool // signed with another secret: it should be answered 401
}

// Send sends the sample until it is all sent or ctx ends, and returns
// how each delivery was answered.
func (d *Demo) Send(ctx context.Context) ([]DemoStatus, error) {
	var got []DemoStatus
	for i, body := range d.Events {
		deliveries := []DemoStatus{{}}
		if i == 3 {
			deliveries = append(deliveries, DemoStatus{}, DemoStatus{Forged: true})
		}
		body = Restamp(body, d.Now())
		for _, st := range deliveries {
			select {
			case <-ctx.Done():
				return got, ctx.Err()
			case <-time.After(d.Every):
			}
			secret := d.Secret
			if st.Forged {
				secret = []byte("not the demo's secret")
			}
			status, err := d.post(ctx, body, secret)
			if err != nil {
				return got, err
			}
			st.Status = status
			got = append(got, st)
		}
	}
	return got, nil
}

// post sends body signed with secret and returns the answer's status.
func (d *Demo) post(ctx context.Context, body, secret []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Mollie/1.0 (eventbrowser demo)")
	req.Header.Set(SignatureHeader, Sign(body, secret))
	resp, err := d.Client.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// stamp is an RFC 3339 time in a JSON string, as the API writes them.
var stamp = regexp.MustCompile(`"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))"`)

// stampLayout writes a moved time to the millisecond, so that events
// sent in one second still sort in the order they were sent.
const stampLayout = "2006-01-02T15:04:05.000Z07:00"

// Restamp moves every time in event by as much as takes the first one
// (the event's createdAt) to now, so that a sample event reads as one
// that has just happened, its entity's times as long before.
func Restamp(event []byte, now time.Time) []byte {
	first := stamp.FindSubmatch(event)
	if first == nil {
		return event
	}
	at, err := time.Parse(time.RFC3339Nano, string(first[1]))
	if err != nil {
		return event
	}
	shift := now.Sub(at)
	return stamp.ReplaceAllFunc(event, func(m []byte) []byte {
		t, err := time.Parse(time.RFC3339Nano, string(m[1:len(m)-1]))
		if err != nil {
			return m
		}
		return []byte(`"` + t.Add(shift).UTC().Format(stampLayout) + `"`)
	})
}

// NewSecret is a random secret for a demo to sign with.
func NewSecret() []byte {
	b := make([]byte, 24)
	rand.Read(b) // never fails: it crashes the program first
	return b
}
