package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source"
)

func TestLiveSendsBeforeThenDeliveries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.ndjson")
	os.WriteFile(path, append(event("event_old"), '\n'), 0o600)
	st, warnings := openStore(t, path)
	l := &Live{Path: path, Before: st.Size(), NoVerify: true, Notes: warnings}
	batches := make(chan source.Batch, 10)
	done := make(chan error, 1)
	go func() { done <- l.Load(context.Background(), func(b source.Batch) { batches <- b }) }()

	first := <-batches
	if first.Live || first.Len() != 1 || !strings.Contains(first.Status, "NOT VERIFYING") || first.Into != path {
		t.Errorf("first batch: live %v, %d events, status %q, into %q; want the one event from before, not live, the warning and the file",
			first.Live, first.Len(), first.Status, first.Into)
	}
	line := event("event_new")
	st.Append(context.Background(), line)
	l.Add(Delivery{Kind: KindEvent, Status: 200, Line: line, Stored: true})
	l.Add(Delivery{Kind: KindEvent, Status: 200, Line: line}) // a repeat: nothing to show
	l.Add(Delivery{Kind: KindRefused, Status: http.StatusUnauthorized, Err: errors.New("bad signature \x1b]52;c;aGk=\x07")})
	l.Add(Delivery{Kind: KindEvent, Status: 503, Line: event("event_lost"), Err: errors.New("disk full")})
	l.Add(Delivery{Kind: KindClassic, Status: 200, ID: "tr_7UhSN1zuXS"})
	l.Close()
	if err := <-done; err != nil {
		t.Fatalf("Load = %v after Close, want nil", err)
	}
	got := <-batches
	for len(batches) > 0 {
		got.Add(<-batches)
	}
	if !got.Live || got.Len() != 1 {
		t.Errorf("deliveries: live %v, %d events; want live, the one stored", got.Live, got.Len())
	}
	if len(got.Failures) != 1 || !strings.Contains(got.Failures[0].Source, "503") {
		t.Errorf("failures %v, want the one answered 503", got.Failures)
	}
	notes := strings.Join(got.Notes, "\n")
	if !strings.Contains(notes, "refused a request (401 Unauthorized): bad signature") || strings.Contains(notes, "\x1b") {
		t.Errorf("notes %q: want the refusal, sanitized", notes)
	}
	if !strings.Contains(notes, "classic webhook for tr_7UhSN1zuXS acknowledged") {
		t.Errorf("notes %q: want the classic webhook", notes)
	}
	if !strings.Contains(got.Status, "1 refused") {
		t.Errorf("status %q: want 1 refused", got.Status)
	}
	if len(l.log) != 0 {
		t.Errorf("Live still holds %d deliveries it has sent", len(l.log))
	}
}

func TestLiveSkipBeforeAndContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.ndjson")
	os.WriteFile(path, append(event("event_old"), '\n'), 0o600)
	st, _ := openStore(t, path)
	l := &Live{Path: path, Before: st.Size(), SkipBefore: true}
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := l.Load(ctx, func(b source.Batch) {
		n += b.Len()
		cancel()
	})
	if !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("Load = %v with %d events; want context.Canceled and none from before", err, n)
	}
}

// TestLiveDecodesABatchAtOnce: the events stored together reach the view
// in one chunk, in the order they were stored; one the decoder cannot
// show is a note, and the others are still shown.
func TestLiveDecodesABatchAtOnce(t *testing.T) {
	l := &Live{Path: "w.ndjson"}
	var ds []Delivery
	for _, line := range [][]byte{event("event_1"), []byte(`{"id":"event_x","createdAt":"yesterday"}`), event("event_2"), event("event_3")} {
		ds = append(ds, Delivery{Kind: KindEvent, Status: 200, Line: line, Stored: true})
	}
	b := l.batch(ds, nil)
	if len(b.Chunks) != 1 || b.Len() != 3 {
		t.Fatalf("%d chunks of %d events, want one of 3", len(b.Chunks), b.Len())
	}
	if notes := strings.Join(b.Notes, "\n"); !strings.Contains(notes, "stored, but not shown") {
		t.Errorf("notes %q: want the event that cannot be shown", notes)
	}
	var order []string
	for i := range b.Chunks[0].Len() {
		order = append(order, b.Chunks[0].Event(i).ID)
	}
	if strings.Join(order, " ") != "event_1 event_2 event_3" {
		t.Errorf("events %q, want event_1 event_2 event_3 as stored", order)
	}
}

// withEntity is a stored webhook event carrying the payment id.
func withEntity(eventID, paymentID string) []byte {
	return []byte(fmt.Sprintf(`{"resource":"event","id":%q,"type":"payment.paid","entityId":%q,"createdAt":"2024-12-16T15:57:04+00:00",`+
		`"_embedded":{"entity":{"resource":"payment","id":%[2]q,"status":"paid"}}}`, eventID, paymentID))
}

// The detail view of the live table shows the entity an event carried,
// without a request, and Y and e write each event as it is stored: from
// before this run, read from the file, and as deliveries arrive.
func TestLiveHoldsTheEntities(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.ndjson")
	os.WriteFile(path, append(withEntity("event_old", "tr_old"), '\n'), 0o600)
	st, _ := openStore(t, path)
	l := &Live{Path: path, Before: st.Size(), Held: source.NewHeld(nil), APIURL: source.DefaultAPIURL}
	done := make(chan error, 1)
	batches := make(chan source.Batch, 10)
	go func() { done <- l.Load(context.Background(), func(b source.Batch) { batches <- b }) }()
	<-batches
	// As the handler does: the line's place in the file comes with it.
	for _, id := range []string{"new", "newer"} {
		line := withEntity("event_"+id, "tr_"+id)
		off, stored, err := st.AppendAt(context.Background(), line)
		if err != nil || !stored || off <= 0 {
			t.Fatalf("AppendAt: %d, %v, %v", off, stored, err)
		}
		l.Add(Delivery{Kind: KindEvent, Status: 200, Line: line, Stored: true, Off: off})
	}
	l.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"old", "new", "newer"} {
		body, err := l.Held.Fetch(context.Background(), source.DefaultAPIURL+"/v2/payments/tr_"+id)
		if err != nil || !strings.Contains(string(body), `"id":"tr_`+id+`"`) {
			t.Errorf("tr_%s: %q, %v; want the payment the event carried", id, body, err)
		}
		if got, ok := l.Held.Event("event_"+id, "tr_"+id); !ok || string(got) != string(withEntity("event_"+id, "tr_"+id)) {
			t.Errorf("event_%s as stored: %v %s", id, ok, got)
		}
	}
}
