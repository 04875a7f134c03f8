package webhook

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/source"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

var testSecret = []byte("whsec_current")

// receiver is a Handler over a fresh store, served by httptest, with
// every delivery it reports.
type receiver struct {
	h     *Handler
	srv   *httptest.Server
	path  string
	mu    sync.Mutex
	heard []Delivery
}

func newReceiver(t *testing.T, configure func(h *Handler)) *receiver {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.ndjson")
	st, _ := openStore(t, path)
	r := &receiver{path: path}
	r.h = &Handler{Secrets: Secrets{testSecret}, Store: st, Report: func(d Delivery) {
		r.mu.Lock()
		r.heard = append(r.heard, d)
		r.mu.Unlock()
	}}
	if configure != nil {
		configure(r.h)
	}
	srv := NewServer("", "/hooks", r.h)
	r.srv = httptest.NewServer(srv.Handler)
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) post(t *testing.T, contentType string, body []byte, sigs ...string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, r.srv.URL+"/hooks", bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	for _, s := range sigs {
		req.Header.Add(SignatureHeader, s)
	}
	resp, err := r.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (r *receiver) deliveries() []Delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Delivery(nil), r.heard...)
}

func TestHandlerSignedEvents(t *testing.T) {
	r := newReceiver(t, nil)
	a, b := event("event_a"), event("event_b")
	pretty := []byte("{\n  \"id\": \"event_p\",\n  \"type\": \"payment.paid\"\n}\n")
	tests := []struct {
		name       string
		body       []byte
		sigs       []string
		want       int
		wantStored bool
	}{
		{"signed", a, []string{Sign(a, testSecret)}, 200, true},
		{"signed again (a retry)", a, []string{Sign(a, testSecret)}, 200, false},
		{"unsigned", b, nil, 401, false},
		{"signed with another secret", b, []string{Sign(b, []byte("whsec_other"))}, 401, false},
		{"tampered", append(bytes.Clone(b[:len(b)-1]), ' ', '}'), []string{Sign(b, testSecret)}, 401, false},
		{"signed, over several lines", pretty, []string{Sign(pretty, testSecret)}, 200, true},
		{"signed, not JSON", []byte("hello"), []string{Sign([]byte("hello"), testSecret)}, 400, false},
	}
	for _, tt := range tests {
		before := len(r.deliveries())
		if got := r.post(t, "application/json", tt.body, tt.sigs...); got != tt.want {
			t.Errorf("%s: answered %d, want %d", tt.name, got, tt.want)
		}
		d := r.deliveries()
		if len(d) != before+1 {
			t.Fatalf("%s: %d deliveries reported, want one", tt.name, len(d)-before)
		}
		if got := d[len(d)-1]; got.Stored != tt.wantStored || got.Status != tt.want {
			t.Errorf("%s: reported %+v, want stored %v", tt.name, got, tt.wantStored)
		}
	}
	r.h.Store.Close()
	want := []string{string(a), `{"id":"event_p","type":"payment.paid"}`}
	if got := readLines(t, r.path); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("file holds %q, want %q", got, want)
	}
}

func TestHandlerNoVerify(t *testing.T) {
	r := newReceiver(t, func(h *Handler) { h.Secrets, h.NoVerify = nil, true })
	if got := r.post(t, "application/json", event("event_a")); got != 200 {
		t.Errorf("unsigned event with NoVerify answered %d, want 200", got)
	}
}

func TestHandlerHostileRequests(t *testing.T) {
	r := newReceiver(t, nil)
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		req, _ := http.NewRequest(method, r.srv.URL+"/hooks", nil)
		resp, err := r.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
			t.Errorf("%s answered %d (Allow %q), want 405, Allow POST", method, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	big := bytes.Repeat([]byte("a"), MaxBody+1)
	if got := r.post(t, "application/json", big, Sign(big, testSecret)); got != 413 {
		t.Errorf("a body over 1 MB answered %d, want 413", got)
	}
	resp, err := r.srv.Client().Post(r.srv.URL+"/elsewhere", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("another path answered %d, want 404", resp.StatusCode)
	}
}

func TestHandlerStoreFailureAnswers503(t *testing.T) {
	r := newReceiver(t, nil)
	r.h.Store.f = &failingFile{file: r.h.Store.f, room: 0}
	a := event("event_a")
	if got := r.post(t, "application/json", a, Sign(a, testSecret)); got != 503 {
		t.Errorf("answered %d with the disk full, want 503", got)
	}
	if d := r.deliveries(); len(d) != 1 || !errors.Is(d[0].Err, errDiskFull) {
		t.Errorf("reported %+v, want the disk's error", d)
	}
}

func TestHandlerConcurrencyLimit(t *testing.T) {
	r := newReceiver(t, func(h *Handler) { h.Limit = 1 })
	r.h.slots <- struct{}{} // the one slot is taken
	a := event("event_a")
	if got := r.post(t, "application/json", a, Sign(a, testSecret)); got != 503 {
		t.Errorf("answered %d with every slot taken, want 503", got)
	}
	<-r.h.slots
	if got := r.post(t, "application/json", a, Sign(a, testSecret)); got != 200 {
		t.Errorf("answered %d with a slot free, want 200", got)
	}
}

func TestHandlerClassic(t *testing.T) {
	fake := molliefake.New(t)
	fake.AddObject("/v2/payments/tr_7UhSN1zuXS", map[string]any{"status": "paid", "paidAt": "2024-06-01T08:05:00+00:00",
		"amount": map[string]string{"currency": "EUR", "value": "10.00"}, "description": "Order #123", "method": "ideal"})
	api := &source.Mollie{BaseURL: fake.URL, Key: fake.Key, Client: fake.Client(), Timeout: 5 * time.Second}
	tests := []struct {
		name    string
		classic *Classic
		body    string
		want    int
		stored  bool
		errText string
	}{
		{"no key: acknowledged only", nil, "id=tr_7UhSN1zuXS", 200, false, ""},
		{"fetched", &Classic{Fetcher: api, APIURL: fake.URL}, "id=tr_7UhSN1zuXS", 200, true, ""},
		{"fetched again, same state", &Classic{Fetcher: api, APIURL: fake.URL}, "id=tr_7UhSN1zuXS", 200, false, ""},
		{"gone", &Classic{Fetcher: api, APIURL: fake.URL}, "id=tr_gonegone", 200, false, "404"},
		{"refund: needs its payment", &Classic{Fetcher: api, APIURL: fake.URL}, "id=re_4qqhO89gsT", 200, false, "not fetched"},
		{"not an ID", nil, "id=../../etc/passwd", 400, false, "not one Mollie object ID"},
		{"two IDs", nil, "id=tr_aaaaaa&id=tr_bbbbbb", 400, false, "not one"},
	}
	r := newReceiver(t, nil)
	for _, tt := range tests {
		r.h.Classic = tt.classic
		if got := r.post(t, "application/x-www-form-urlencoded", []byte(tt.body)); got != tt.want {
			t.Errorf("%s: answered %d, want %d", tt.name, got, tt.want)
		}
		d := r.deliveries()
		last := d[len(d)-1]
		if last.Stored != tt.stored || (tt.errText == "") != (last.Err == nil) || last.Err != nil && !strings.Contains(last.Err.Error(), tt.errText) {
			t.Errorf("%s: reported stored %v, err %v; want stored %v, err with %q", tt.name, last.Stored, last.Err, tt.stored, tt.errText)
		}
	}
	r.h.Store.Close()
	lines := readLines(t, r.path)
	if len(lines) != 1 || !strings.Contains(lines[0], `"type":"payment.paid"`) || !strings.Contains(lines[0], `"entityId":"tr_7UhSN1zuXS"`) ||
		!strings.Contains(lines[0], `"message":"Payment paid · ideal · €10.00 · Order #123"`) {
		t.Errorf("file holds %q, want the payment's paid event", lines)
	}
	for _, req := range fake.Log() {
		if !strings.HasPrefix(req.Path, "/v2/payments/") {
			t.Errorf("asked the API for %s", req.Path)
		}
	}
}

func TestHandlerAnswersInTime(t *testing.T) {
	// A store that never finishes: the handler gives up after Answer.
	r := newReceiver(t, func(h *Handler) { h.Deadline = 100 * time.Millisecond })
	blocked := &blockingFile{file: r.h.Store.f, release: make(chan struct{})}
	r.h.Store.f = blocked
	defer close(blocked.release)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a := event("event_a")
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.srv.URL+"/hooks", bytes.NewReader(a))
	req.Header.Set(SignatureHeader, Sign(a, testSecret))
	resp, err := r.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Errorf("a store that hangs answered %d, want 503", resp.StatusCode)
	}
}

// blockingFile's Sync waits until release is closed, as a dying disk does.
type blockingFile struct {
	file
	release chan struct{}
}

func (f *blockingFile) Sync() error { <-f.release; return f.file.Sync() }

func TestHandlerOKKeepsTheConnection(t *testing.T) {
	// A sender that closes each 200 unread, as Go's client lets one, sends
	// its next delivery on the same connection: no dial per delivery.
	r := newReceiver(t, nil)
	var reused []bool
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) { reused = append(reused, info.Reused) }}
	for _, id := range []string{"event_a", "event_b", "event_c"} {
		body := event(id)
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), http.MethodPost, r.srv.URL+"/hooks", bytes.NewReader(body))
		req.Header.Set(SignatureHeader, Sign(body, testSecret))
		resp, err := r.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", id, resp.StatusCode)
		}
	}
	if want := []bool{false, true, true}; !slices.Equal(reused, want) {
		t.Errorf("connections reused %v, want %v", reused, want)
	}
}
