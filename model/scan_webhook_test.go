package model

import (
	"bytes"
	"context"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
)

// readFast reports whether the fast scanner reads the event in itself,
// rather than handing it to decodeEvent.
func readFast(in string) bool {
	s := newScanner([]byte(in), "in.json", &Chunk{})
	ok, fast := s.fastEvent()
	return ok && fast && s.pos == len(in)
}

// withEntities are the events of the chunks cs, read from in, each with
// the entity it carried, as Decode gives them: a copy, or the bytes of in
// it is at, whose event must name an entity ID.
func withEntities(t *testing.T, cs []*Chunk, in []byte) []Event {
	var out []Event
	for _, c := range cs {
		first := len(out)
		for i := range c.Len() {
			out = append(out, c.Event(i))
		}
		for _, x := range c.Entities() {
			e := &out[first+x.Event]
			switch {
			case x.Raw != nil && x.Off == -1:
				e.Entity = x.Raw
			case x.Raw == nil && x.Off >= 0 && x.Off+int64(x.Len) <= int64(len(in)):
				e.Entity = in[x.Off : x.Off+int64(x.Len)]
			default:
				t.Fatalf("entity %+v, in %d bytes", x, len(in))
			}
		}
	}
	return out
}

// sameEvents fails t unless got and want are the same events, field by
// field, entities included.
func sameEvents(t *testing.T, how string, got, want []Event, data []byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d events, Decode %d\nin %q", how, len(got), len(want), data)
	}
	for i := range want {
		g, w := got[i], want[i]
		if !g.Created.Equal(w.Created) || g.Created.Format(time.RFC3339Nano) != w.Created.Format(time.RFC3339Nano) {
			t.Fatalf("%s: event %d created %v, Decode %v\nin %q", how, i, g.Created, w.Created, data)
		}
		g.Created, w.Created = time.Time{}, time.Time{}
		if len(w.Links) == 0 {
			w.Links = nil
		}
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: event %d\n got %+v\nwant %+v\nin %q", how, i, g, w, data)
		}
	}
}

// streamedMatchReference holds DecodeFile and DecodeStream (standard
// input, gzip), read in blocks of block bytes, to Decode: the same events,
// entities and all, or an error where Decode gives one. With trickle, the
// stream's input comes a few bytes at a time, as from a pipe.
func streamedMatchReference(t *testing.T, data []byte, block int, trickled bool) {
	t.Helper()
	defer smallBlocks(block)()
	ref, refErr := Decode("f", data)
	var file, stream []*Chunk
	_, ferr := DecodeFile("f", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, func(c *Chunk) { file = append(file, c) })
	var in io.Reader = bytes.NewReader(data)
	if trickled {
		in = &trickle{data: data, n: max(block/3, 1)}
	}
	_, serr := DecodeStream(context.Background(), "f", in, DecodeOptions{}, func(c *Chunk) { stream = append(stream, c) })
	for how, r := range map[string]struct {
		cs  []*Chunk
		err error
	}{"DecodeFile": {file, ferr}, "DecodeStream": {stream, serr}} {
		switch {
		case refErr != nil && r.err == nil:
			t.Fatalf("%s, blocks of %d: no error, Decode: %v\nin %q", how, block, refErr, data)
		case refErr == nil && r.err != nil:
			t.Fatalf("%s, blocks of %d: %v, Decode reads it\nin %q", how, block, r.err, data)
		case refErr == nil:
			sameEvents(t, how, withEntities(t, r.cs, data), ref.Events, data)
		}
	}
}

const (
	whHead   = `{"resource":"event","id":"event_GvJ8WHrp5isUdRub9CJyH","type":"payment.paid","entityId":"tr_7UhSN1zuXS","createdAt":"2024-12-16T15:57:04+00:00"`
	whLinks  = `"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_GvJ8WHrp5isUdRub9CJyH","type":"application/hal+json"},"entity":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS","type":"application/hal+json"},"documentation":{"href":"https://docs.mollie.com/reference/webhooks","type":"text/html"}}`
	whDash   = `"_links":{"dashboard":{"href":"https://my.mollie.com/dashboard/org_1/payments/tr_7UhSN1zuXS","type":"text/html"}}`
	whAmount = `"amount":{"currency":"EUR","value":"10.00"}`
)

// webhook is an event of whHead with the members given after it.
func webhook(members ...string) string {
	return whHead + "," + strings.Join(members, ",") + "}"
}

// entity is an _embedded entity with the members given.
func entity(members ...string) string {
	return `"_embedded":{"entity":{` + strings.Join(members, ",") + `}}`
}

// The webhook cases the fast scanner is held to Decode on, each in every
// shape: read by the scanner itself (fast) or handed to decodeEvent, the
// events come out the same, field by field, entities and all.
var webhookCases = []struct {
	name, in string
	fast     bool
}{
	{"as Mollie sends it", webhook(entity(`"resource":"payment"`, whAmount, `"description":"Order #1"`, `"method":"ideal"`, whDash), whLinks), true},
	{"simple: _embedded null", webhook(`"_embedded":null`, whLinks), true},
	{"no _embedded, no _links", webhook(`"x":1`), true},
	{"entity null", webhook(`"_embedded":{"entity":null}`, whLinks), true},
	{"_embedded with other members", webhook(`"_embedded":{"x":[{"entity":{}}],"entity":{"resource":"refund"},"y":"}"}`), true},
	{"keys in another order", `{"_links":{"entity":{"href":"https://e/x"},"self":{"href":"https://s/y"}},"_embedded":{"entity":{"method":"paypal","resource":"payment"}},"createdAt":"2024-12-16T15:57:04Z","entityId":"tr_1","type":"payment.failed","id":"event_1","resource":"event"}`, true},
	{"escapes in strings", webhook(entity(`"description":"Caf\u00e9 \"Le Mur\" \\ \/ \n\t\u001b[2J\ud83c\udf89\ud800"`, `"method":"ide\u0061l"`, `"amount":{"currency":"\u20ac","value":"1.00"}`), `"_links":{"entity":{"href":"https:\/\/api.mollie.com\/v2\/payments\/tr_\u0031"}}`), true},
	{"an escaped dashboard link and description", webhook(entity(`"resource":"payment"`, `"description":"Order \u0023 2"`, `"_links":{"dashboard":{"href":"https:\/\/my.mollie.com\/dashboard\/org_1\/payments\/tr_\u0031","type":"text\/html"}}`)), true},
	{"amounts in other currencies", webhook(entity(`"resource":"refund"`, `"amount":{"currency":"GBP","value":"2.50"}`, `"amount":{"currency":"CHFX","value":"-0.01"}`)), true},
	{"escaped IDs", `{"id":"event_\u00e9\"x","entityId":"tr_\\1","type":"payment.paid","createdAt":"2024-12-16T15:57:04Z"}`, true},
	{"unicode", webhook(entity(`"description":"Bestelling für Jürgen · 日本 €"`, `"resource":"payment"`, `"metadata":{"naam":"Zoë","ключ":"значение"}`)), true},
	{"braces and quotes inside strings of the entity", webhook(entity(`"metadata":{"a":"}{\"]","b":[{"c":"}"},[[],{}]]}`, `"description":"{\"x\":1}"`)), true},
	{"numbers in the entity", webhook(entity(`"x":-0.5e+10`, `"y":[0,1E3,-12.25]`, whAmount, `"count":12345678901234567890`)), true},
	{"a later _embedded replaces an earlier", webhook(entity(`"description":"first"`), `"_embedded":{"x":1}`), true},
	{"a later entity replaces an earlier", webhook(`"_embedded":{"entity":{"description":"first"},"entity":{"description":"second"}}`), true},
	{"a later entity null takes it away", webhook(`"_embedded":{"entity":{"description":"first"},"entity":null}`), true},
	{"_embedded null keeps the earlier", webhook(entity(`"description":"first"`), `"_embedded":null`), true},
	{"duplicate amounts merge", webhook(entity(`"amount":{"currency":"GBP"}`, `"amount":{"value":"2.50"}`, `"amount":null`)), true},
	{"duplicate strings: the last wins, null keeps", webhook(entity(`"method":"ideal"`, `"method":"paypal"`, `"method":null`, `"resource":"refund"`, `"resource":"payment"`)), true},
	{"dashboard null, then again", webhook(entity(whDash, `"_links":{"dashboard":null}`, `"_links":{"dashboard":{"type":"text/html"}}`)), true},
	{"dashboard null at the end", webhook(entity(whDash, `"_links":{"dashboard":null}`)), true},
	{"dashboard merged", webhook(entity(`"_links":{"dashboard":{"href":"https://d/1"}}`, `"_links":{"dashboard":{"type":"text/html"},"self":{"href":"x"}}`)), true},
	{"a dashboard of the event's own is kept", webhook(entity(whDash), `"_links":{"entity":{"href":"https://e/"},"dashboard":{"href":"https://own/"},"url":{"href":"https://u/"}}`), true},
	{"a failed card payment", webhook(entity(`"resource":"payment"`, `"details":{"cardNumber":"6787","failureReason":"insufficient_funds","failureMessage":"no"}`, `"statusReason":{"code":"x","message":"y"}`), `"type":"payment.failed"`), true},
	{"a chargeback", webhook(entity(`"resource":"chargeback"`, `"reason":{"code":"AC01","description":"Account identifier incorrect"}`, whAmount), `"type":"chargeback.received"`), true},
	{"a subscription", webhook(entity(`"resource":"subscription"`, `"interval":"1 month"`, whAmount), `"type":"subscription.created"`), true},
	{"a message on the wire is kept", webhook(`"message":"as sent"`, entity(whDash, `"method":"ideal"`)), true},
	{"a numeric type with an entity", `{"type":7,"id":"event_1","createdAt":"2024-12-16T15:57:04Z","message":"m",` + entity(whDash) + `,` + whLinks + `}`, true},
	{"a named type without IDs or entity", `{"type":"payment.paid","createdAt":"2024-12-16T15:57:04Z","_links":{"entity":{"href":"https://e/"},"url":{"href":"https://u/"}}}`, true},
	{"missing IDs, an entity", `{"type":"refund.failed","createdAt":"2024-12-16T15:57:04Z",` + entity(`"resource":"refund"`, whDash) + `}`, true},
	{"resource null", `{"resource":"event","resource":null,"id":"event_1","type":"payment.paid","createdAt":"2024-12-16T15:57:04Z",` + entity(`"resource":"payment"`) + `}`, true},
	{"no resource", `{"id":"event_1","type":"payment.paid","createdAt":"2024-12-16T15:57:04Z",` + entity(`"resource":"payment"`) + `}`, true},

	// What json.Unmarshal reads otherwise than the scanner: decodeEvent's.
	{"a key of another case", webhook(entity(`"Method":"paypal"`)), false},
	{"a key of another case, deeper", webhook(entity(`"amount":{"Value":"1.00","currency":"EUR"}`)), false},
	{"a non-ASCII key json.Unmarshal folds", webhook(entity(`"reſource":"refund"`)), false},
	{"an escaped key in the entity", webhook(entity(`"m\u0065thod":"paypal"`)), false},
	{"an escaped entity key", webhook(`"_embedded":{"\u0065ntity":{"method":"paypal"}}`), false},
	{"an amount of another kind", webhook(entity(`"amount":{"currency":"EUR","value":10}`, `"description":"d"`)), false},
	{"an entity field of another kind", webhook(entity(`"description":["d"]`)), false},
	{"invalid UTF-8 in a field read", webhook(entity("\"description\":\"a\xffb\"")), false},
	{"an entity that is no object, then one", webhook(`"_embedded":{"entity":"x","entity":{}}`), false},
	{"deep nesting in the entity", webhook(entity(`"metadata":` + strings.Repeat("[", 22) + strings.Repeat("]", 22))), false},
}

func TestScanWebhookMatchesDecode(t *testing.T) {
	for _, tt := range webhookCases {
		t.Run(tt.name, func(t *testing.T) {
			if got := readFast(tt.in); got != tt.fast {
				t.Errorf("read by the scanner itself: %v, want %v", got, tt.fast)
			}
			for shape, in := range webhookShapes(tt.in) {
				data := []byte(in)
				if _, err := Decode("f", data); err != nil {
					t.Fatalf("%s: %v", shape, err)
				}
				if !fastMatchesReference(t, data) && shape != "object" && shape != "pretty" {
					t.Errorf("%s: not read by the fast decoder", shape)
				}
				for _, block := range []int{7, 64, 1 << 20} {
					streamedMatchReference(t, data, block, true)
				}
			}
		})
	}
}

// A day of captured events reads the same through the scanner as through
// Decode, and the scanner reads every one of them itself.
func TestScanWebhookGenerated(t *testing.T) {
	var b bytes.Buffer
	if err := eventgen.WriteWebhooks(&b, eventgen.Options{N: 3000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if !readFast(line) {
			t.Fatalf("line %d is not read by the scanner itself: %s", i+1, line)
		}
	}
	if !fastMatchesReference(t, b.Bytes()) {
		t.Fatal("not read by the fast decoder")
	}
	streamedMatchReference(t, b.Bytes(), 1<<12, true)
}

// The scanner and Decode agree on any input, entities and IDs included,
// wherever the blocks fall.
func FuzzScanWebhook(f *testing.F) {
	customer := `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}`
	for _, tt := range webhookCases {
		f.Add([]byte(tt.in+"\n"+customer+"\n"+tt.in), uint8(13))
		f.Add([]byte("["+customer+",\n"+tt.in+"]"), uint8(40))
	}
	for _, tt := range shapeChanges { // an event of a shape learned
		f.Add([]byte(shapeTeacher+"\n"+strings.Replace(shapeTeacher, tt.old, tt.new, 1)), uint8(63))
	}
	f.Fuzz(func(t *testing.T, data []byte, block uint8) {
		fastMatchesReference(t, data)
		streamedMatchReference(t, data, int(block%64)+1, false)
	})
}

// Read from a file, every entity the scanner reads itself is where it is
// in the file, not a copy, wherever the blocks and the two cores' halves
// fall: after a byte order mark, in an array, and one longer than a block.
func TestDecodeFileEntitiesStayInTheFile(t *testing.T) {
	var b bytes.Buffer
	if err := eventgen.WriteWebhooks(&b, eventgen.Options{N: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	long := webhook(entity(`"resource":"payment"`, `"description":"`+strings.Repeat("x", 5000)+`"`), whLinks)
	for _, tt := range []struct {
		name string
		in   string
	}{
		{"ndjson", b.String()},
		{"bom", "\ufeff" + b.String()},
		{"array", "[\n" + strings.Join(lines, ",\n") + "\n]"},
		{"long entity", strings.Join(lines[:100], "\n") + "\n" + long + "\n" + strings.Join(lines[100:], "\n")},
	} {
		for _, block := range []int{512, 4096, 1 << 16} {
			restore := smallBlocks(block)
			data := []byte(tt.in)
			ref, err := Decode("f", data)
			if err != nil {
				t.Fatal(err)
			}
			var cs []*Chunk
			if _, err := DecodeFile("f", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, func(c *Chunk) { cs = append(cs, c) }); err != nil {
				t.Fatalf("%s, blocks of %d: %v", tt.name, block, err)
			}
			n := 0
			for _, c := range cs {
				for _, x := range c.Entities() {
					if x.Raw != nil {
						t.Errorf("%s, blocks of %d: entity of event %d copied", tt.name, block, x.Event)
					}
					n++
				}
			}
			if n != len(ref.Events) {
				t.Errorf("%s, blocks of %d: %d entities, want %d", tt.name, block, n, len(ref.Events))
			}
			sameEvents(t, tt.name, withEntities(t, cs, data), ref.Events, data)
			restore()
		}
	}
}

// unnamed is never sure of a key json.Unmarshal would read into a field,
// and is sure of most keys of the API's objects that are none.
func TestUnnamed(t *testing.T) {
	all := []fieldNames{entityNames, amountNames, detailsNames, statusReasonNames, reasonNames, entityLinksNames, linkNames}
	for _, names := range all {
		for _, name := range names.list {
			for _, key := range []string{name, strings.ToUpper(name), strings.ToUpper(name[:1]) + name[1:]} {
				s := &scanner{keyPrintable: true}
				if s.unnamed([]byte(key), &names) {
					t.Errorf("%q: unnamed among %v", key, names.list)
				}
			}
		}
	}
	for _, tt := range []struct {
		key       string
		printable bool
		want      bool
	}{
		{"id", true, true},
		{"status", true, true},
		{"createdAt", true, true},
		{"countryCode", true, true},
		{"rEsource", true, false}, // resource but for case
		{"redirect", true, false}, // as long as resource and its first letter: not sure
		{"reſource", false, false},
		{"", true, false},
		{strings.Repeat("x", 31), true, false},
	} {
		s := &scanner{keyPrintable: tt.printable}
		if got := s.unnamed([]byte(tt.key), &entityNames); got != tt.want {
			t.Errorf("%q: unnamed %v, want %v", tt.key, got, tt.want)
		}
	}
}
