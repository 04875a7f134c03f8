package webhook

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/query"
)

func storedLine(id, created, typ string) string {
	return fmt.Sprintf(`{"resource":"event","id":%q,"type":%q,"createdAt":%q,"message":"m %s"}`, id, typ, created, id)
}

func TestReplay(t *testing.T) {
	file := strings.Join([]string{
		storedLine("event_c", "2024-12-16T15:00:03Z", "payment.paid"),
		storedLine("event_a", "2024-12-16T15:00:01Z", "payment.paid"),
		"not json",
		storedLine("event_r", "2024-12-16T15:00:00Z", "refund.refunded"),
		storedLine("event_b", "2024-12-16T15:00:02+00:00", "payment.paid"),
	}, "\n")
	q, err := query.Parse("type:payment.*", time.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	events, notes, err := ReadStored("w.ndjson", strings.NewReader(file), q)
	if err != nil || len(notes) != 1 || !strings.Contains(notes[0], "w.ndjson:3: skipped") {
		t.Fatalf("ReadStored: %d events, notes %q, err %v", len(events), notes, err)
	}
	SortByCreated(events)

	secrets := Secrets{[]byte("whsec_replay")}
	var mu sync.Mutex
	var got []string
	answer := map[string]int{"event_a": 200, "event_b": 500}
	release := make(chan struct{})
	defer close(release)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := secrets.Verify(body, r.Header.Values(SignatureHeader)); err != nil {
			t.Errorf("a replayed delivery does not verify: %v", err)
		}
		id := Key(body)
		mu.Lock()
		got = append(got, id)
		mu.Unlock()
		if status, ok := answer[id]; ok {
			w.WriteHeader(status)
			return
		}
		select { // event_c: the handler hangs
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	var outcomes []string
	Replay(&http.Client{Timeout: 300 * time.Millisecond}, srv.URL, events, secrets[0], "eventbrowser/test", func(_ Stored, o string) {
		outcomes = append(outcomes, o)
	})
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(got, " ") != "event_a event_b event_c" {
		t.Errorf("replayed %q, want the payment events in createdAt order", got)
	}
	if len(outcomes) != 3 || !strings.HasPrefix(outcomes[0], "200 · ") || outcomes[1] != "500" || outcomes[2] != "timeout" {
		t.Errorf("outcomes %q", outcomes)
	}
	if s := Summary([]string{"200 · 3 ms", "500", "200 · 9 ms", "timeout"}); s != "2 × 200, 1 × 500, 1 × timeout" {
		t.Errorf("Summary = %q", s)
	}
}
