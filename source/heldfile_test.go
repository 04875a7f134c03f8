package source

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
	"github.com/eventbrowser/eventbrowser/model"
)

// hook is a webhook event of the given type about the payment id, which
// it carries in the state status.
func hook(typ, id, status string) string {
	r := strings.NewReplacer("payment.paid", typ, "tr_7UhSN1zuXS", id, `"status":"paid"`, `"status":"`+status+`"`)
	return r.Replace(hookPaid)
}

// The entities of webhook events read from a file stay there: each is
// read again when it is asked for, by the API URL of its object, the
// latest state of that object; another URL, or one whose last segment
// names an object the file does not carry, is not answered from the file.
// With PlaceEvents (the table's), an entity is read from where its event
// is.
func TestHeldEntitiesStayInTheFile(t *testing.T) {
	for _, place := range []bool{false, true} {
		t.Run(map[bool]string{false: "entities", true: "events"}[place], func(t *testing.T) { heldEntitiesStayInTheFile(t, place) })
	}
}

func heldEntitiesStayInTheFile(t *testing.T, place bool) {
	in := strings.Join([]string{
		hook("payment.paid", "tr_1", "paid"),
		`{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}`,
		hook("payment.paid", "tr_2", "paid"),
		hook("refund.created", "tr_1", "refunded"), // tr_1 again, later
		// No entityId: held under its links, read from the file now.
		strings.Replace(hook("payment.failed", "tr_3", "failed"), `"entityId":"tr_3",`, "", 1),
	}, "\n") + "\n"
	path := filepath.Join(t.TempDir(), "hooks.ndjson")
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	h := NewHeld(nil)
	f := File{Paths: []string{path}, Held: h, APIURL: DefaultAPIURL, PlaceEvents: place}
	if _, err := load(t, f); err != nil {
		t.Fatal(err)
	}
	payments := DefaultAPIURL + "/v2/payments/"
	for _, tt := range []struct {
		url, status string // "" for not held
	}{
		{payments + "tr_1", "refunded"},
		{payments + "tr_2", "paid"},
		{payments + "tr_3", "failed"},
		{payments + "tr_4", ""},
		{payments + "tr_1?embed=refunds", ""},
		{"https://api.example.com/v2/payments/tr_1", ""},
		{payments + "tr_1/refunds", ""},
	} {
		body, err := h.Fetch(context.Background(), tt.url)
		switch {
		case tt.status == "" && err != ErrNoKey:
			t.Errorf("%s: %.40q, %v; want ErrNoKey", tt.url, body, err)
		case tt.status != "" && (err != nil || !strings.Contains(string(body), `"status":"`+tt.status+`"`)):
			t.Errorf("%s: %.200q, %v; want the payment %s", tt.url, body, err, tt.status)
		case tt.status != "" && !strings.HasPrefix(string(body), `{"resource":"payment"`) || tt.status != "" && !strings.HasSuffix(string(body), `}}}`):
			t.Errorf("%s: %q is not the entity as it is in the file", tt.url, body)
		}
	}
	if n := len(h.files.runs) + len(h.files.events); n != 1 || place && len(h.files.runs) > 0 {
		t.Errorf("%d runs of entities and %d of events held in the file, want 1 (of events with PlaceEvents: an entity is read where its event is)", len(h.files.runs), len(h.files.events))
	}

	// The file changed under the table: what is at the places held is
	// not the entity asked for, and is not taken for it.
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(in, `"id":"tr_2"`, `"id":"tr_X"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	if body, err := h.Fetch(context.Background(), payments+"tr_2"); err != ErrNoKey {
		t.Errorf("tr_2 after the file changed: %.60q, %v; want ErrNoKey", body, err)
	}

	// Read again (a refresh), the file's earlier entities are let go and
	// its file with them.
	first := h.files.files[0].f
	if _, err := load(t, f); err != nil {
		t.Fatal(err)
	}
	if n, m := len(h.files.files), len(h.files.runs)+len(h.files.events); n != 1 || m != 1 {
		t.Errorf("after reading the file again: %d files, %d runs; want 1 and 1", n, m)
	}
	if _, err := first.Stat(); err == nil {
		t.Error("the file read first is still open")
	}
	if body, err := h.Fetch(context.Background(), payments+"tr_1"); err != nil || !strings.Contains(string(body), `"status":"refunded"`) {
		t.Errorf("tr_1 after reading the file again: %.60q, %v", body, err)
	}
}

// A file without webhook events is not kept open; standard input
// redirected from a file is read for its entities, and not closed.
func TestHeldFilesKeptOpenOnlyForEntities(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "customer.ndjson")
	hooks := filepath.Join(dir, "hooks.ndjson")
	if err := os.WriteFile(plain, []byte(`{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(hooks, []byte(hook("payment.paid", "tr_1", "paid")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := NewHeld(nil)
	if _, err := load(t, File{Paths: []string{plain}, Held: h, APIURL: DefaultAPIURL}); err != nil {
		t.Fatal(err)
	}
	if len(h.files.files) != 1 || h.files.files[0].runs != 0 {
		t.Fatalf("files %+v", h.files.files)
	}
	if _, err := h.files.files[0].f.Stat(); err == nil {
		t.Error("a file without webhook events is kept open")
	}
	stdin, err := os.Open(hooks)
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	if _, err := load(t, File{Paths: []string{"-"}, Stdin: stdin, Held: h, APIURL: DefaultAPIURL}); err != nil {
		t.Fatal(err)
	}
	if body, err := h.Fetch(context.Background(), DefaultAPIURL+"/v2/payments/tr_1"); err != nil || !strings.Contains(string(body), `"id":"tr_1"`) {
		t.Errorf("tr_1 from standard input: %.60q, %v", body, err)
	}
	if _, err := stdin.Stat(); err != nil {
		t.Errorf("standard input was closed: %v", err)
	}
}

// An entity's key is 24 bits of a hash of its ID, which a million IDs
// share here and there: each place under the key asked for is read until
// one holds that object, and one that holds another is not taken for it.
func TestHeldEntitiesSharingAKey(t *testing.T) {
	for _, place := range []bool{false, true} {
		t.Run(map[bool]string{false: "entities", true: "events"}[place], func(t *testing.T) { heldEntitiesSharingAKey(t, place) })
	}
}

func heldEntitiesSharingAKey(t *testing.T, place bool) {
	in := strings.Join([]string{
		hook("payment.paid", "tr_1", "paid"),
		hook("payment.failed", "tr_2", "failed"),
		hook("payment.expired", "tr_3", "expired"),
	}, "\n") + "\n"
	path := filepath.Join(t.TempDir(), "hooks.ndjson")
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	h := NewHeld(nil)
	if _, err := load(t, File{Paths: []string{path}, Held: h, APIURL: DefaultAPIURL, PlaceEvents: place}); err != nil {
		t.Fatal(err)
	}
	payments := DefaultAPIURL + "/v2/payments/"
	for _, tt := range []struct{ id, status string }{{"tr_1", "paid"}, {"tr_2", "failed"}, {"tr_3", "expired"}, {"tr_9", ""}} {
		for _, r := range append(h.files.runs, h.files.events...) {
			for i := range r.refs {
				r.refs[i] = newEntityRef(keyOf([]byte(tt.id)), r.refs[i].off()) // all under the key asked for, by offset
			}
		}
		body, err := h.Fetch(context.Background(), payments+tt.id)
		switch {
		case tt.status == "" && err != ErrNoKey:
			t.Errorf("%s: %.60q, %v; want ErrNoKey", tt.id, body, err)
		case tt.status != "" && (err != nil || !strings.Contains(string(body), `"id":"`+tt.id+`"`) || !strings.Contains(string(body), `"status":"`+tt.status+`"`)):
			t.Errorf("%s: %.200q, %v; want the payment %s", tt.id, body, err, tt.status)
		}
	}
}

// What is read at a place held is what was asked for only when its ID is
// the one asked for: an object's own, or, embedded, its entity's.
func TestWantedIn(t *testing.T) {
	const entity = `{"resource":"payment","id":"tr_1","x":{"id":"tr_9"}}`
	for _, tt := range []struct {
		name, b string
		w       wanted
		want    string // what in gets; "-" for not an object
	}{
		{"own ID", `{"id":"event_1","a":[1,{"id":"x"}]} tail`, wanted{id: "event_1"}, `{"id":"event_1","a":[1,{"id":"x"}]}`},
		{"another ID", `{"id":"event_2"}`, wanted{id: "event_1"}, ""},
		{"no ID", `{"a":1}`, wanted{id: "event_1"}, ""},
		{"ID not a string", `{"id":1}`, wanted{id: "event_1"}, "-"},
		{"entity", `{"id":"event_1","_embedded":{"entity":` + entity + `}}`, wanted{id: "tr_1", embedded: true}, entity},
		{"entity, spaced", "{\"_embedded\" : { \"other\":[{}], \"entity\" :\n " + entity + " } }", wanted{id: "tr_1", embedded: true}, entity},
		{"another entity", `{"_embedded":{"entity":` + entity + `}}`, wanted{id: "tr_9", embedded: true}, ""},
		{"the event's own ID is not the entity's", `{"id":"tr_1","_embedded":null}`, wanted{id: "tr_1", embedded: true}, ""},
		{"a later _embedded replaces", `{"_embedded":{"entity":` + entity + `},"_embedded":null}`, wanted{id: "tr_1", embedded: true}, ""},
		{"a later entity replaces", `{"_embedded":{"entity":` + entity + `,"entity":{"id":"tr_2"}}}`, wanted{id: "tr_2", embedded: true}, `{"id":"tr_2"}`},
		{"entity not an object", `{"_embedded":{"entity":"tr_1"}}`, wanted{id: "tr_1", embedded: true}, ""},
		{"cut off", `{"id":"event_1","_embedded":{"entity":{"id":"tr_1"`, wanted{id: "tr_1", embedded: true}, "-"},
		{"not an object", `["id","event_1"]`, wanted{id: "event_1"}, "-"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, got, ok := tt.w.in([]byte(tt.b))
			switch {
			case tt.want == "-" && ok:
				t.Errorf("read as an object: %q", got)
			case tt.want != "-" && (!ok || string(got) != tt.want):
				t.Errorf("got %q (%v), want %q", got, ok, tt.want)
			}
		})
	}
}

// With PlaceEvents, a key of AsCarried answers with the object as its
// event carried it: the entity in the state that event saw, not the
// latest, and the event itself for its own URL; an event not held is
// answered as its URL is.
func TestHeldAsCarried(t *testing.T) {
	authorized := strings.Replace(hook("payment.authorized", "tr_1", "authorized"), "event_GvJ8WHrp5isUdRub9CJyH", "event_1", -1)
	in := authorized + "\n" + hook("payment.paid", "tr_1", "paid") + "\n"
	path := filepath.Join(t.TempDir(), "hooks.ndjson")
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	h := NewHeld(nil)
	if _, err := load(t, File{Paths: []string{path}, Held: h, APIURL: DefaultAPIURL, PlaceEvents: true}); err != nil {
		t.Fatal(err)
	}
	payment, events := DefaultAPIURL+"/v2/payments/tr_1", DefaultAPIURL+"/v2/events/"
	for _, tt := range []struct {
		name, key, want string // want: what the body holds
	}{
		{"the latest", payment, `"status":"paid"`},
		{"as the first event carried it", AsCarried(payment, "event_1", "tr_1"), `"status":"authorized"`},
		{"as the second did", AsCarried(payment, "event_GvJ8WHrp5isUdRub9CJyH", "tr_1"), `"status":"paid"`},
		{"the event itself", AsCarried(events+"event_1", "event_1", "tr_1"), `"id":"event_1","type":"payment.authorized"`},
		{"an event not held: as its URL is", AsCarried(payment, "event_9", "tr_1"), `"status":"paid"`},
	} {
		body, err := h.Fetch(context.Background(), tt.key)
		if err != nil || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s: %.300q, %v; want it to hold %s", tt.name, body, err, tt.want)
		}
	}
	if body, err := h.Fetch(context.Background(), AsCarried(events+"event_9", "event_9", "tr_1")); err != ErrNoKey {
		t.Errorf("an event not held: %.60q, %v; want ErrNoKey", body, err)
	}
	if got := CarriedURL(AsCarried(payment, "event_1", "tr_1")); got != payment {
		t.Errorf("CarriedURL = %q, want %q", got, payment)
	}
}

// The chunks of a file may be held out of their order: the second half of
// a big file as it is decoded, before the first half's last chunks
// (FileReading.HoldAhead). The latest state of an entity is still the one
// read, with and without PlaceEvents. A chunk with the entity of an event
// that names none (no entityId), held as a copy where the latest held
// wins, is left to Hold.
func TestHeldOutOfOrder(t *testing.T) {
	for _, place := range []bool{false, true} {
		t.Run(map[bool]string{false: "entities", true: "events"}[place], func(t *testing.T) {
			lines := make([]string, 3000)
			for i := range lines {
				lines[i] = hook("payment.paid", fmt.Sprintf("tr_%d", 100+i), "paid")
			}
			lines[10] = hook("payment.paid", "tr_1", "paid")
			lines[2900] = hook("refund.created", "tr_1", "refunded")
			path := filepath.Join(t.TempDir(), "hooks.ndjson")
			if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st, _ := f.Stat()
			var chunks []*model.Chunk
			if _, err := model.DecodeFile(path, f, st.Size(), model.DecodeOptions{PlaceEvents: place}, func(c *model.Chunk) {
				chunks = append(chunks, c)
			}); err != nil || len(chunks) < 2 || chunks[0].Len() <= 10 {
				t.Fatalf("%d chunks, %v; want tr_1's states in two", len(chunks), err)
			}
			h := NewHeld(nil)
			r := h.ReadingFile(path, f, 0, false)
			for _, c := range slices.Backward(chunks) {
				r.HoldAhead(c, DefaultAPIURL)
				if c.EntityCount()+c.EventPlaceCount() != 0 {
					t.Errorf("a chunk held ahead kept %d entities and %d places", c.EntityCount(), c.EventPlaceCount())
				}
			}
			r.Done()
			body, err := h.Fetch(context.Background(), DefaultAPIURL+"/v2/payments/tr_1")
			if err != nil || !strings.Contains(string(body), `"status":"refunded"`) {
				t.Errorf("tr_1: %.100q, %v; want its later state, refunded", body, err)
			}
		})
	}
	t.Run("no entityId", func(t *testing.T) {
		in := hook("payment.paid", "tr_1", "paid") + "\n" + strings.Replace(hook("payment.failed", "tr_3", "failed"), `"entityId":"tr_3",`, "", 1) + "\n"
		path := filepath.Join(t.TempDir(), "hooks.ndjson")
		if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var c *model.Chunk
		if _, err := model.DecodeFile(path, f, int64(len(in)), model.DecodeOptions{}, func(got *model.Chunk) { c = got }); err != nil || c == nil {
			t.Fatal(err)
		}
		h := NewHeld(nil)
		r := h.ReadingFile(path, f, 0, false)
		if r.HoldAhead(c, DefaultAPIURL); c.EntityCount() != 2 {
			t.Errorf("held ahead, the chunk kept %d entities of 2", c.EntityCount())
		}
		if r.Hold(c, DefaultAPIURL); c.EntityCount() != 0 {
			t.Errorf("held, the chunk kept %d entities", c.EntityCount())
		}
		r.Done()
		for _, id := range []string{"tr_1", "tr_3"} {
			if _, err := h.Fetch(context.Background(), DefaultAPIURL+"/v2/payments/"+id); err != nil {
				t.Errorf("%s: %v", id, err)
			}
		}
	})
}

// A captured file big enough to be read in two halves on two cores (32
// MB): the second half's entities are held as its chunks are decoded,
// beside the first half's, and every entity reads back as its latest
// state, wherever in the file it is. Run with -race, this is the two
// goroutines holding at once.
func TestHeldFileReadInTwoHalves(t *testing.T) {
	const n = 26_000 // 1.3 KB each
	path := filepath.Join(t.TempDir(), "day.ndjson")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := eventgen.WriteWebhooks(f, eventgen.Options{N: n, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Size() < 34<<20 {
		t.Fatalf("%d bytes: too few to be read in two halves", st.Size())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The latest entity of each of some objects, from the file itself.
	latest := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		i := strings.Index(line, `"_embedded":{"entity":`)
		j := strings.Index(line, `},"_links":{"self":{"href":"https://api.mollie.com/v2/events/`)
		id := line[strings.Index(line, `"entityId":"`)+len(`"entityId":"`):]
		latest[id[:strings.IndexByte(id, '"')]] = line[i+len(`"_embedded":{"entity":`) : j]
	}
	h := NewHeld(nil)
	src := File{Paths: []string{path}, Held: h, APIURL: DefaultAPIURL, PlaceEvents: true}
	batches, err := load(t, src)
	if err != nil {
		t.Fatal(err)
	}
	events := 0
	for _, b := range batches {
		events += b.Len()
	}
	if events != n || len(h.files.events) < 2 {
		t.Fatalf("%d events in %d runs of places, want %d in several", events, len(h.files.events), n)
	}
	for i := 1; i < len(h.files.events); i++ {
		if a, b := h.files.events[i-1], h.files.events[i]; a.file == b.file && a.at > b.at {
			t.Errorf("run %d of the file starts at %d, after run %d's %d", i-1, a.at, i, b.at)
		}
	}
	paths := map[byte]string{'t': "payments", 'r': "refunds", 'c': "chargebacks"}
	checked := 0
	for id, want := range latest {
		if checked++; checked > 300 {
			break
		}
		body, err := h.Fetch(context.Background(), DefaultAPIURL+"/v2/"+paths[id[0]]+"/"+id)
		if err != nil || string(body) != want {
			t.Fatalf("%s: %.80q, %v; want its latest state %.80q", id, body, err, want)
		}
	}
}
