package webhook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

// MaxBody is the largest delivery accepted; a Mollie event is a few KB.
const MaxBody = 1 << 20

// Answer is how long a delivery may take to be answered at most: Mollie
// counts one not answered 2xx within 15 s as failed, so the receiver
// gives up on storing one well before (503: Mollie tries again).
const Answer = 10 * time.Second

// Kind says what a delivery was.
type Kind int

const (
	KindEvent     Kind = iota // a next-gen event, signed
	KindClassic               // a classic webhook: id=tr_… in a form body
	KindRefused               // not accepted: see Delivery.Err
	KindForwarded             // not a request: a forward was answered (Live sends it so the view draws it)
)

// Delivery is one request the receiver answered, as the UI and print mode
// hear of it. Its texts are the request's and untrusted.
type Delivery struct {
	At     time.Time
	Kind   Kind
	Status int    // the status answered
	Line   []byte // the event as stored, for KindEvent and a fetched KindClassic
	Stored bool   // Line is new in the file (not a repeated delivery)
	Off    int64  // where Line starts in the file, when Stored
	Err    error  // why it was refused or not stored, or a classic webhook's fetch failed
	ID     string // a classic webhook's object ID

	// What forwarding re-sends: the body and headers exactly as received.
	Body   []byte
	Header http.Header
}

// Handler answers Mollie's deliveries: POST only, at most MaxBody, signed
// ones verified and stored before their 200, classic ones checked and
// answered 200. Every request it answers is told to Report.
type Handler struct {
	Secrets  Secrets // nil only with NoVerify
	NoVerify bool    // accept unsigned and badly signed events (--no-verify)
	Store    *Store
	Classic  *Classic // what classic webhooks fetch; nil: they are only acknowledged
	Report   func(Delivery)
	// Limit is the most requests handled at once; more wait up to a
	// second for a turn, then get 503. 0 means 64.
	Limit int
	// Deadline is how long storing a delivery may take before it is
	// answered 503; 0 means Answer.
	Deadline time.Duration

	slots chan struct{}
}

// Init makes h ready to serve; NewServer calls it.
func (h *Handler) Init() {
	if h.Limit <= 0 {
		h.Limit = 64
	}
	h.slots = make(chan struct{}, h.Limit)
	if h.Deadline <= 0 {
		h.Deadline = Answer
	}
	if h.Report == nil {
		h.Report = func(Delivery) {}
	}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.answer(w, Delivery{Kind: KindRefused, Status: http.StatusMethodNotAllowed, Err: errors.New(r.Method + " is not POST")})
		return
	}
	wait := time.NewTimer(time.Second)
	defer wait.Stop()
	select {
	case h.slots <- struct{}{}:
		defer func() { <-h.slots }()
	case <-wait.C:
		w.Header().Set("Retry-After", "1")
		h.answer(w, Delivery{Kind: KindRefused, Status: http.StatusServiceUnavailable, Err: errors.New("too many requests at once")})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		h.answer(w, Delivery{Kind: KindRefused, Status: http.StatusRequestEntityTooLarge, Err: errors.New("the body is over 1 MB")})
		return
	case err != nil:
		h.answer(w, Delivery{Kind: KindRefused, Status: http.StatusBadRequest, Err: err})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.Deadline)
	defer cancel()
	d := Delivery{Body: body, Header: r.Header}
	// By what the body is, not what it is said to be: curl -d sends JSON
	// as a form.
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && trimmed[0] != '{' {
		h.classic(ctx, &d)
	} else {
		h.event(ctx, &d)
	}
	h.answer(w, d)
}

// event verifies and stores a signed event.
func (h *Handler) event(ctx context.Context, d *Delivery) {
	d.Kind = KindEvent
	if !h.NoVerify {
		if err := h.Secrets.Verify(d.Body, d.Header.Values(SignatureHeader)); err != nil {
			d.Kind, d.Status, d.Err = KindRefused, http.StatusUnauthorized, err
			return
		}
	}
	line, err := OneLine(d.Body)
	if err != nil {
		d.Kind, d.Status, d.Err = KindRefused, http.StatusBadRequest, err
		return
	}
	d.Line = line
	h.store(ctx, d)
}

// store appends d.Line to the store and sets the status: 200 once it is
// synced, 503 when it cannot be or takes too long (Mollie tries again; a
// store that finishes later makes the retry a duplicate).
func (h *Handler) store(ctx context.Context, d *Delivery) {
	d.Off, d.Stored, d.Err = h.Store.AppendAt(ctx, d.Line)
	if d.Err != nil && d.Err == ctx.Err() {
		d.Err = errors.New("storing the event took too long")
	}
	d.Status = http.StatusOK
	if d.Err != nil {
		d.Status = http.StatusServiceUnavailable
	}
}

// answer writes d's status and reports d. A 200 has an empty body: a
// sender that closes the response unread (Go's net/http client, among
// others) can then keep the connection for its next delivery instead of
// dialling a new one; a refusal says its status in words.
func (h *Handler) answer(w http.ResponseWriter, d Delivery) {
	d.At = time.Now()
	if d.Status == http.StatusOK {
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(d.Status)
	} else {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(d.Status)
		io.WriteString(w, http.StatusText(d.Status)+"\n")
	}
	h.Report(d)
}

// NewServer is the HTTP server of h at addr, on path alone, with timeouts
// that keep a slow or idle client from holding a connection.
func NewServer(addr, path string, h *Handler) *http.Server {
	h.Init()
	return &http.Server{
		Addr:              addr,
		Handler:           exact(path, h),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// exact serves path alone: a ServeMux pattern ending in / would take every
// path under it.
func exact(path string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
