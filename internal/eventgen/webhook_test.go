package eventgen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// wireWebhook is a webhook event as decoded from the generated JSON.
type wireWebhook struct {
	Resource  string `json:"resource"`
	ID        string `json:"id"`
	Type      string `json:"type"`
	EntityID  string `json:"entityId"`
	CreatedAt string `json:"createdAt"`
	Embedded  struct {
		Entity struct {
			Resource string `json:"resource"`
			ID       string `json:"id"`
			Status   string `json:"status"`
			Amount   struct{ Currency, Value string }
			Links    map[string]struct{ Href, Type string } `json:"_links"`
		} `json:"entity"`
	} `json:"_embedded"`
	Links map[string]struct{ Href, Type string } `json:"_links"`
}

func TestWebhooks(t *testing.T) {
	o := Options{N: 5000, Seed: 9, Start: time.Date(2024, 12, 16, 0, 0, 0, 0, time.UTC)}
	data := generate(t, WriteWebhooks, o)
	if !bytes.Equal(data, generate(t, WriteWebhooks, o)) {
		t.Error("same options gave different bytes")
	}
	o.Seed++
	if bytes.Equal(data, generate(t, WriteWebhooks, o)) {
		t.Error("different seeds gave the same bytes")
	}
	types := map[string]int{}
	ids := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		var w wireWebhook
		if err := json.Unmarshal(sc.Bytes(), &w); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		types[w.Type]++
		ids[w.ID] = true
		ent := w.Embedded.Entity
		kind, status, _ := strings.Cut(w.Type, ".")
		created, err := time.Parse(time.RFC3339, w.CreatedAt)
		switch {
		case err != nil || created.Before(time.Date(2024, 12, 15, 23, 59, 0, 0, time.UTC)) || !created.Before(time.Date(2024, 12, 17, 0, 0, 0, 0, time.UTC)):
			t.Fatalf("line %d: createdAt %q not in the day", n, w.CreatedAt)
		case w.Resource != "event" || !strings.HasPrefix(w.ID, "event_") || len(w.ID) != len("event_")+21:
			t.Fatalf("line %d: resource %q id %q", n, w.Resource, w.ID)
		case ent.Resource != kind || ent.ID != w.EntityID || kind != "chargeback" && ent.Status != status:
			t.Fatalf("line %d: a %s event about a %s %s in status %q", n, w.Type, ent.Resource, ent.ID, ent.Status)
		case ent.Amount.Value == "" || ent.Amount.Currency == "":
			t.Fatalf("line %d: no amount", n)
		case !strings.HasSuffix(w.Links["entity"].Href, "/"+w.EntityID) || !strings.HasSuffix(w.Links["self"].Href, "/"+w.ID):
			t.Fatalf("line %d: links %v", n, w.Links)
		case kind == "payment" && !strings.HasSuffix(ent.Links["dashboard"].Href, "/payments/"+w.EntityID):
			t.Fatalf("line %d: dashboard %v", n, ent.Links["dashboard"])
		}
	}
	if n != 5000 || len(ids) != n {
		t.Errorf("%d events, %d distinct IDs, want 5000 each", n, len(ids))
	}
	if paid := types["payment.paid"]; paid < n/2 || paid > 2*n/3 || len(types) < 10 {
		t.Errorf("types %v: want mostly payments paid, and ten types or more", types)
	}
	if size := len(data) / n; size < 1000 || size > 2000 {
		t.Errorf("%d bytes an event, want about 1.4 KB", size)
	}
}

// WriteCarried's events are WriteNDJSON's, each with WriteWebhooks's
// entity of the same line as its first member, "carried".
func TestWriteCarried(t *testing.T) {
	o := Options{N: 500, Seed: 4}
	var carried, ndjson, hooks bytes.Buffer
	for _, w := range []struct {
		write func(io.Writer, Options) error
		into  *bytes.Buffer
	}{{WriteCarried, &carried}, {WriteNDJSON, &ndjson}, {WriteWebhooks, &hooks}} {
		if err := w.write(w.into, o); err != nil {
			t.Fatal(err)
		}
	}
	lines := bytes.Split(bytes.TrimSuffix(carried.Bytes(), []byte("\n")), []byte("\n"))
	events := bytes.Split(ndjson.Bytes(), []byte("\n"))
	hookLines := bytes.Split(hooks.Bytes(), []byte("\n"))
	if len(lines) != o.N {
		t.Fatalf("%d lines, want %d", len(lines), o.N)
	}
	for i, line := range lines {
		var got map[string]json.RawMessage
		if err := json.Unmarshal(line, &got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		var hook struct {
			Embedded struct{ Entity json.RawMessage } `json:"_embedded"`
		}
		if err := json.Unmarshal(hookLines[i], &hook); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got["carried"], hook.Embedded.Entity) {
			t.Fatalf("line %d carries %.80s, want the webhook's entity %.80s", i+1, got["carried"], hook.Embedded.Entity)
		}
		if rest := append([]byte("{"), line[len(`{"carried":`)+len(got["carried"])+1:]...); !bytes.Equal(rest, events[i]) {
			t.Fatalf("line %d is %.120s besides its entity, want %.120s", i+1, rest, events[i])
		}
	}
}
