package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
)

// fastMatchesReference checks the fast decoder against Decode on data: the
// same events when the fast decoder reads it, and no fast read of input
// Decode refuses.
func fastMatchesReference(t *testing.T, data []byte) (fast bool) {
	t.Helper()
	c := &Chunk{}
	fast = decodeFast(bytes.TrimPrefix(data, bom), "in.json", c)
	ref, err := Decode("in.json", data)
	if !fast {
		return false
	}
	if err != nil {
		t.Fatalf("the fast decoder read input Decode refuses (%v):\n%q", err, data)
	}
	if c.Len() != len(ref.Events) {
		t.Fatalf("fast: %d events, Decode: %d, for\n%q", c.Len(), len(ref.Events), data)
	}
	var entities []Entity
	for i, e := range ref.Events {
		if e.Entity != nil {
			entities = append(entities, Entity{Event: i, Raw: e.Entity, Off: -1})
		}
	}
	if !reflect.DeepEqual(c.Entities(), entities) {
		t.Fatalf("fast: entities %v, Decode: %v, for\n%q", c.Entities(), entities, data)
	}
	for i := range ref.Events {
		got, want := c.Event(i), ref.Events[i]
		want.Entity = nil // the chunk's Entities, above
		if !got.Created.Equal(want.Created) {
			t.Fatalf("event %d: created %v, want %v", i, got.Created, want.Created)
		}
		got.Created, want.Created = time.Time{}, time.Time{}
		if len(want.Links) == 0 {
			want.Links = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("event %d:\n got %+v\nwant %+v\nin %q", i, got, want, data)
		}
	}
	return true
}

func TestDecodeFastMatchesDecode(t *testing.T) {
	gen := func(write func(*bytes.Buffer, eventgen.Options) error, n int) []byte {
		var b bytes.Buffer
		if err := write(&b, eventgen.Options{N: n, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	indented := func(in string) []byte {
		var b bytes.Buffer
		if err := json.Indent(&b, []byte(in), "", "  "); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	array := func(w *bytes.Buffer, o eventgen.Options) error { return eventgen.WriteArray(w, o) }
	ndjson := func(w *bytes.Buffer, o eventgen.Options) error { return eventgen.WriteNDJSON(w, o) }
	for _, tt := range []struct {
		name string
		data []byte
		fast bool
	}{
		{"generated array", gen(array, 2000), true},
		{"generated NDJSON", gen(ndjson, 2000), true},
		{"escapes", []byte(`[{"type":1,"createdAt":"2024-03-20T09:13:37.0Z","message":"a\"b\\c\/d\n\u00e9\ud83c\udf89\ud800x","_links":{"url":{"href":"https:\/\/x.example\/a\/b","type":"text\/html"}}}]`), true},
		{"links: url first, nulls, extra fields", []byte(`[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"m","_links":{"self":{"href":"https://a/","x":[1,{"y":null}]},"next":null,"url":{"href":"https://b/u","type":null}}}]`), true},
		{"source field and resource", []byte("[{\"resource\":\"thing\",\"source\":\"cst_\\u001b[2J\",\"type\":-5,\"createdAt\":\"2024-03-20T09:13:37+02:00\",\"message\":\"m\"},\n{\"type\":0,\"created_at\":\"2024-03-20T09:13:37.123456789-09:30\",\"message\":\"\",\"links\":{}}]"), true},
		{"odd timestamp goes the slow way", []byte(`[{"type":1,"createdAt":"2024-03-20t09:13:37z","message":"m"},{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"n"}]`), true},
		{"invalid UTF-8 goes the slow way", []byte("[{\"type\":1,\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"a\xffb\"}]"), true},
		{"duplicate keys: the last wins", []byte(`[{"type":1,"type":2,"createdAt":"2024-03-20T09:13:37Z","message":"a","message":"b","_links":{"url":{"href":"https://a/"}},"_links":{"url":{"href":"https://b/"}}}]`), true},
		{"NDJSON with CRLF and blank lines", []byte("{\"type\":1,\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"a\"}\r\n\r\n  \n{\"type\":2,\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"b\"}"), true},
		{"white space around every token", []byte("[ {\"type\" : 1 ,\"createdAt\":\t\"2024-03-20T09:13:37Z\" , \"message\" :\"a\", \"x\" : [ 1 , { \"y\" :\r\nnull } ] , \"_links\" : { \"url\" : { \"href\" : \"https://a/\" , \"type\": \"text/html\" } } } ]"), true},
		{"webhook events indented", indented("[" + webhookPaid + "," + webhookSimple + "]"), true},
		{"one object: Decode decides", []byte(`{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a","events":[]}`), false},
		{"pretty-printed objects", []byte("{\"type\":1,\n\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"a\"}\n{\"type\":2,\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"b\"}"), false},
		{"empty array", []byte(`[]`), false},
		{"missing field", []byte(`[{"type":1,"message":"a"}]`), false},
		{"named types", []byte(`[{"type":"payment.failed","createdAt":"2024-03-20T09:13:37Z","message":"a"},{"type":"refund.refunded","createdAt":"2024-03-20T09:13:37Z","message":"a"},{"type":"payment.failed","type":7,"createdAt":"2024-03-20T09:13:37Z","message":"a"},{"type":7,"type":"x","createdAt":"2024-03-20T09:13:37Z","message":"a"}]`), true},
		{"a named type with an escape", []byte(`[{"type":"payment\u002efailed","createdAt":"2024-03-20T09:13:37Z","message":"a\n"}]`), true},
		{"numbers where codes of names are kept", []byte(`[{"type":-2147483648,"createdAt":"2024-03-20T09:13:37Z","message":"a"},{"type":-1073741825,"createdAt":"2024-03-20T09:13:37Z","message":"a"},{"type":-1073741824,"createdAt":"2024-03-20T09:13:37Z","message":"a"},{"type":"b","createdAt":"2024-03-20T09:13:37Z","message":"a"}]`), true},
		{"type as string", []byte(`[{"type":"1","createdAt":"2024-03-20T09:13:37Z","message":"a"}]`), false},
		{"type as a string that is no name", []byte(`[{"type":"-5","createdAt":"2024-03-20T09:13:37Z","message":"a"}]`), false},
		{"type as a range", []byte(`[{"type":"1..2","createdAt":"2024-03-20T09:13:37Z","message":"a"}]`), false},
		{"type as an empty string", []byte(`[{"type":"","createdAt":"2024-03-20T09:13:37Z","message":"a"}]`), false},
		{"type as a name with a space", []byte(`[{"type":"payment failed","createdAt":"2024-03-20T09:13:37Z","message":"a"}]`), false},
		{"type 1.0", []byte(`[{"type":1.0,"createdAt":"2024-03-20T09:13:37Z","message":"a"}]`), false},
		{"type too big", []byte(`[{"type":2147483648,"createdAt":"2024-03-20T09:13:37Z","message":"a"}]`), false},
		{"leading zero", []byte(`[{"type":01,"createdAt":"2024-03-20T09:13:37Z","message":"a"}]`), false},
		{"trailing garbage", []byte(`[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a"}] x`), false},
		{"trailing comma", []byte(`[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a"},]`), false},
		{"bad escape", []byte(`[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a\x"}]`), false},
		{"raw control character", []byte("[{\"type\":1,\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"a\tb\"}]"), false},
		{"bad number in an unknown field", []byte(`[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a","x":-}]`), false},
		{"a link's keys of another case go the slow way", []byte(`[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a","_links":{"url":{"href":"https://a/","tYpe":"text/html"},"self":{"HREF":"https://b/"}}}]`), true},
		{"link without href", []byte(`[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a","_links":{"url":{"type":"x"}}}]`), false},
		{"truncated", []byte(`[{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a"`), false},
		{"webhook events among customer events", []byte(`[` + webhookPaid + `,{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"},` + webhookSimple + `]`), true},
		{"webhook events as NDJSON", []byte(webhookPaid + "\n" + webhookSimple + "\n" + `{"type":200,"id":"x","entityId":"y","createdAt":"2024-03-20T09:13:37Z","message":"m"}`), true},
		{"a webhook event with its message", []byte(`[{"resource":"event","id":"event_1","type":"payment.paid","entityId":"tr_1","createdAt":"2024-12-16T15:57:04+00:00","message":"said","_links":{"self":{"href":"https://s/"},"entity":{"href":"https://e/"}}}]`), true},
		{"empty IDs", []byte(`[{"id":"","entityId":"","type":"a.b","createdAt":"2024-12-16T15:57:04+00:00","message":"m","_links":{"self":{"href":"https://s/"},"entity":{"href":"https://e/"}}}]`), true},
		{"an entity that is no object", []byte(`[{"id":"event_1","type":"payment.paid","createdAt":"2024-12-16T15:57:04+00:00","_embedded":{"entity":[1]}}]`), false},
		{"an id that is no string", []byte(`[{"id":1,"type":"payment.paid","createdAt":"2024-12-16T15:57:04+00:00","message":"m"}]`), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := fastMatchesReference(t, tt.data); got != tt.fast {
				t.Errorf("read fast = %v, want %v", got, tt.fast)
			}
		})
	}
}

func FuzzDecodeFast(f *testing.F) {
	f.Add([]byte(`[{"type":1,"createdAt":"2024-03-20T09:13:37.0Z","message":"a\"b","_links":{"url":{"href":"https://b/u"}}}]`))
	f.Add([]byte("{\"type\":1,\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"a\"}\n{\"type\":2,\"created_at\":\"2024-03-20T09:13:37+01:00\",\"message\":\"b\",\"links\":{\"x\":{\"href\":\"h\"}}}"))
	f.Add([]byte(`[{"type":1,"createdAt":"2024-03-20t09:13:37z","message":"m","x":[1,2.5e-3,{"a":null}]}]`))
	f.Add([]byte(webhookPaid + "\n" + webhookSimple))
	f.Add([]byte(`[` + webhookPaid + `,{"type":2,"id":"i","createdAt":"2024-03-20T09:13:37Z","message":"b"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fastMatchesReference(t, data)
	})
}

func TestDecodeFastSourceOfControlsOnly(t *testing.T) {
	data := []byte("[{\"source\":\"\\u001b\\u0007\",\"type\":1,\"createdAt\":\"2024-03-20T09:13:37Z\",\"message\":\"a\"}]")
	if !fastMatchesReference(t, data) {
		t.Fatal("not read fast")
	}
}

// Webhook events as Mollie sends them: one with its entity embedded, and
// a "simple" one with only the entityId.
const (
	webhookPaid = `{"resource":"event","id":"event_GvJ8WHrp5isUdRub9CJyH","type":"payment.paid","entityId":"tr_7UhSN1zuXS","createdAt":"2024-12-16T15:57:04+00:00",` +
		`"_embedded":{"entity":{"resource":"payment","id":"tr_7UhSN1zuXS","mode":"test","status":"paid","amount":{"currency":"EUR","value":"10.00"},"description":"Order #123","method":"ideal",` +
		`"_links":{"self":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS","type":"application/hal+json"},"dashboard":{"href":"https://my.mollie.com/dashboard/org_1/payments/tr_7UhSN1zuXS","type":"text/html"}}}},` +
		`"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_GvJ8WHrp5isUdRub9CJyH","type":"application/hal+json"},"entity":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS","type":"application/hal+json"},"documentation":{"href":"https://docs.mollie.com/reference/webhooks","type":"text/html"}}}`
	webhookSimple = `{"resource":"event","id":"event_9bPz4kYqQ8","type":"refund.refunded","entityId":"re_4qqhO89gsT","createdAt":"2024-12-16T16:01:00.5Z","_embedded":null,` +
		`"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_9bPz4kYqQ8","type":"application/hal+json"},"entity":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS/refunds/re_4qqhO89gsT","type":"application/hal+json"}}}`
)
