package webhook

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"time"
)

// handlers answer 200, 500, or hang until the test ends.
func handlers(t *testing.T) (ok, fail, hang *httptest.Server, got chan *http.Request, bodies chan []byte) {
	got, bodies = make(chan *http.Request, 100), make(chan []byte, 100)
	record := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			b := make([]byte, r.ContentLength)
			r.Body.Read(b)
			got <- r
			bodies <- b
			w.WriteHeader(status)
		}
	}
	release := make(chan struct{})
	ok, fail = httptest.NewServer(record(200)), httptest.NewServer(record(500))
	hang = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); ok.Close(); fail.Close(); hang.Close() })
	return ok, fail, hang, got, bodies
}

func TestForwards(t *testing.T) {
	ok, fail, hang, got, bodies := handlers(t)
	body := event("event_fw")
	header := http.Header{"Content-Type": {"application/json"}, SignatureHeader: {"sha256=aa", "sha256=bb"},
		"Authorization": {"Bearer secret"}, "User-Agent": {"Mollie/1"}}
	tests := []struct {
		name, url string
		want      *regexp.Regexp
	}{
		{"200", ok.URL, regexp.MustCompile(`^200 · \d+ ms$`)},
		{"500", fail.URL, regexp.MustCompile(`^500$`)},
		{"hangs", hang.URL, regexp.MustCompile(`^timeout$`)},
		{"down", "http://127.0.0.1:1/", regexp.MustCompile(`^no answer$`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outcomes := make(chan string, 2)
			var mu sync.Mutex
			f := &Forwards{URL: tt.url, Client: &http.Client{Timeout: 300 * time.Millisecond},
				Changed: func(_, o string) { mu.Lock(); outcomes <- o; mu.Unlock() }}
			f.Deliver(Delivery{Kind: KindEvent, Status: 200, Line: body, Body: body, Header: header})
			e, _ := firstEvent(body)
			if o := f.Outcome(&e); tt.name == "hangs" && o != "…" {
				t.Errorf("while the handler hangs, Deliver has returned with the outcome %q, want …", o)
			}
			if o := <-outcomes; !tt.want.MatchString(o) || f.Outcome(&e) != o {
				t.Errorf("outcome %q (Outcome %q), want %v", o, f.Outcome(&e), tt.want)
			}
			if msg := f.Resend(&e); msg != "re-sending to "+tt.url {
				t.Errorf("Resend said %q", msg)
			}
			if o := <-outcomes; !tt.want.MatchString(o) {
				t.Errorf("outcome of the re-send %q, want %v", o, tt.want)
			}
		})
	}
	for range 4 { // 200 and 500, each sent and re-sent
		r, b := <-got, <-bodies
		if string(b) != string(body) {
			t.Errorf("forwarded body %q, want it as received", b)
		}
		if v := r.Header.Values(SignatureHeader); len(v) != 2 || v[0] != "sha256=aa" || v[1] != "sha256=bb" {
			t.Errorf("forwarded signatures %q, want both as received", v)
		}
		if r.Header.Get("Authorization") != "" || r.Header.Get("User-Agent") != "Mollie/1" {
			t.Errorf("forwarded headers %v: want Mollie's, and no others", r.Header)
		}
	}
	f := &Forwards{URL: ok.URL}
	old, _ := firstEvent(event("event_old"))
	if msg := f.Resend(&old); msg == "" || f.Outcome(&old) != "" {
		t.Errorf("an event from before the run: Resend %q, Outcome %q", msg, f.Outcome(&old))
	}
}
