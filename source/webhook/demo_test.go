package webhook

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestDemoThroughHandler: the demo's deliveries go through the server
// and handler over a Pipe, signed, and are verified: each event is
// answered 200 and stored once, the repeat stored nowhere new, the forged
// one answered 401; the times are moved to now.
func TestDemoThroughHandler(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.ndjson")
	st, _ := openStore(t, path)
	secret := NewSecret()
	var mu sync.Mutex
	var reported []Delivery
	h := &Handler{Secrets: Secrets{secret}, Store: st, Report: func(d Delivery) {
		mu.Lock()
		reported = append(reported, d)
		mu.Unlock()
	}}
	pipe := NewPipe()
	srv := NewServer("", "/hooks", h)
	go srv.Serve(pipe)
	defer srv.Close()
	now := time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC)
	events := [][]byte{
		[]byte(`{"resource":"event","id":"event_a","type":"payment.paid","entityId":"tr_a","createdAt":"2024-12-16T15:57:04+00:00","_embedded":{"entity":{"resource":"payment","createdAt":"2024-12-16T15:50:04+00:00"}}}`),
		event("event_b"), event("event_c"), event("event_d"), event("event_e"),
	}
	d := &Demo{Events: events, URL: "http://demo/hooks", Secret: secret, Now: func() time.Time { return now },
		Client: &http.Client{Transport: &http.Transport{DialContext: pipe.Dial}}}
	got, err := d.Send(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var statuses []int
	for _, s := range got {
		want := http.StatusOK
		if s.Forged {
			want = http.StatusUnauthorized
		}
		if s.Status != want {
			t.Errorf("a delivery (forged %v) answered %d, want %d", s.Forged, s.Status, want)
		}
		statuses = append(statuses, s.Status)
	}
	if len(got) != len(events)+2 {
		t.Errorf("answers %v: want one for each event, its repeat and the forged one", statuses)
	}
	st.Close()
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != len(events) {
		t.Errorf("the file holds %d lines, want the %d events once each:\n%s", len(lines), len(events), data)
	}
	if !strings.Contains(lines[0], `"createdAt":"2026-12-06T21:00:00.000Z"`) || !strings.Contains(lines[0], `"createdAt":"2026-12-06T20:53:00.000Z"`) {
		t.Errorf("the first event %s: want its times moved to now, its entity's as long before", lines[0])
	}
	mu.Lock()
	defer mu.Unlock()
	stored, refused := 0, 0
	for _, r := range reported {
		switch {
		case r.Kind == KindRefused && r.Err == ErrBadSignature:
			refused++
		case r.Kind == KindEvent && r.Stored:
			stored++
		}
	}
	if stored != len(events) || refused != 1 {
		t.Errorf("reported %d stored and %d refused for a bad signature, want %d and 1", stored, refused, len(events))
	}
}

func TestRestamp(t *testing.T) {
	now := time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ in, want string }{
		{`{"createdAt":"2024-12-16T15:57:04+00:00","x":{"paidAt":"2024-12-16T15:57:03.5Z"}}`, `{"createdAt":"2026-12-06T21:00:00.000Z","x":{"paidAt":"2026-12-06T20:59:59.500Z"}}`},
		{`{"createdAt":"2024-12-16T16:57:04+01:00"}`, `{"createdAt":"2026-12-06T21:00:00.000Z"}`},
		{`{"id":"event_1"}`, `{"id":"event_1"}`},
	} {
		if got := string(Restamp([]byte(tt.in), now)); got != tt.want {
			t.Errorf("Restamp(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
