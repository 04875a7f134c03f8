package model

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

// webhookWith is a webhook event of type typ about entity, with the
// members given (each `"key":value`) after its createdAt.
func webhookWith(typ, entity string, members ...string) string {
	m := ""
	for _, x := range members {
		m += "," + x
	}
	return `{"resource":"event","id":"event_GvJ8WHrp5isUdRub9CJyH","type":"` + typ + `","entityId":"` + entity + `","createdAt":"2024-12-16T15:57:04+00:00"` + m + `}`
}

const (
	selfLink   = `"self":{"href":"https://api.mollie.com/v2/events/event_GvJ8WHrp5isUdRub9CJyH","type":"application/hal+json"}`
	entityLink = `"entity":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS","type":"application/hal+json"}`
	docsLink   = `"documentation":{"href":"https://docs.mollie.com/reference/webhooks","type":"text/html"}`
	dashboard  = "https://my.mollie.com/dashboard/org_1/payments/tr_7UhSN1zuXS"
	paidIdeal  = `"_embedded":{"entity":{"resource":"payment","id":"tr_7UhSN1zuXS","status":"paid","amount":{"currency":"EUR","value":"10.00"},"description":"Order #123","method":"ideal",` +
		`"_links":{"self":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS"},"dashboard":{"href":"` + dashboard + `","type":"text/html"}}}}`
)

// Each shape of webhook event Mollie's documentation shows, and the
// event it is read as.
func TestDecodeWebhookEvent(t *testing.T) {
	links := func(s ...string) string { return `"_links":{` + strings.Join(s, ",") + `}` }
	tests := []struct {
		name, in    string
		typ, msg    string
		links       []string // names, in order
		entity      bool     // an entity is handed on
		firstLink   string
		wantMessage bool
	}{
		{"full, with the entity", webhookWith("payment.paid", "tr_7UhSN1zuXS", paidIdeal, links(selfLink, entityLink, docsLink)),
			"payment.paid", "Payment paid · ideal · €10.00 · Order #123", []string{"dashboard", "entity", "self", "documentation"}, true, dashboard, false},
		{"links in another order", webhookWith("payment.paid", "tr_7UhSN1zuXS", links(docsLink, selfLink, entityLink), paidIdeal),
			"payment.paid", "Payment paid · ideal · €10.00 · Order #123", []string{"dashboard", "entity", "documentation", "self"}, true, dashboard, false},
		{"simple: _embedded null", webhookWith("payment.paid", "tr_7UhSN1zuXS", `"_embedded":null`, links(selfLink, entityLink, docsLink)),
			"payment.paid", "Payment paid", []string{"entity", "self", "documentation"}, false, "https://api.mollie.com/v2/payments/tr_7UhSN1zuXS", false},
		{"simple: no _embedded", webhookWith("payment.paid", "tr_7UhSN1zuXS", links(selfLink, entityLink)),
			"payment.paid", "Payment paid", []string{"entity", "self"}, false, "https://api.mollie.com/v2/payments/tr_7UhSN1zuXS", false},
		{"an _embedded without entity", webhookWith("payment.paid", "tr_7UhSN1zuXS", `"_embedded":{}`, links(entityLink)),
			"payment.paid", "Payment paid", []string{"entity"}, false, "https://api.mollie.com/v2/payments/tr_7UhSN1zuXS", false},
		{"no entity link", webhookWith("payment.paid", "tr_7UhSN1zuXS", links(selfLink, docsLink)),
			"payment.paid", "Payment paid", []string{"self", "documentation"}, false, "https://api.mollie.com/v2/events/event_GvJ8WHrp5isUdRub9CJyH", false},
		{"no self link, entity without dashboard", webhookWith("payment.paid", "tr_7UhSN1zuXS", links(entityLink, docsLink),
			`"_embedded":{"entity":{"resource":"payment","method":"ideal","amount":{"currency":"EUR","value":"10.00"}}}`),
			"payment.paid", "Payment paid · ideal · €10.00", []string{"entity", "documentation"}, true, "https://api.mollie.com/v2/payments/tr_7UhSN1zuXS", false},
		{"no _links", webhookWith("payment.paid", "tr_7UhSN1zuXS"), "payment.paid", "Payment paid", []string{}, false, "", false},
		{"_links null", webhookWith("payment.paid", "tr_7UhSN1zuXS", `"_links":null`), "payment.paid", "Payment paid", []string{}, false, "", false},
		{"an entity link null", webhookWith("payment.paid", "tr_7UhSN1zuXS", links(selfLink, `"entity":null`)),
			"payment.paid", "Payment paid", []string{"self"}, false, "https://api.mollie.com/v2/events/event_GvJ8WHrp5isUdRub9CJyH", false},
		{"a failed card payment", webhookWith("payment.failed", "tr_1", `"_embedded":{"entity":{"resource":"payment","method":"creditcard","amount":{"currency":"EUR","value":"113.87"},"description":"Order #6887","details":{"failureReason":"insufficient_funds","cardNumber":"6787"}}}`),
			"payment.failed", "Payment failed: insufficient funds · creditcard · €113.87 · Order #6887", nil, true, "", false},
		{"a chargeback", webhookWith("chargeback.received", "chb_1", `"_embedded":{"entity":{"resource":"chargeback","amount":{"currency":"EUR","value":"5.00"},"reason":{"code":"AC01","description":"Account identifier incorrect"}}}`),
			"chargeback.received", "Chargeback received: AC01 Account identifier incorrect · €5.00", nil, true, "", false},
		{"an entity field of another kind is left out", webhookWith("refund.refunded", "re_1", `"_embedded":{"entity":{"resource":"refund","amount":{"currency":"EUR","value":10},"description":"Refund #1"}}`),
			"refund.refunded", "Refund refunded · Refund #1", nil, true, "", false},
		{"an unknown type", webhookWith("sales-invoice.e-invoice-issued", "invoice_1", `"_embedded":{"entity":{"resource":"sales-invoice","id":"invoice_1"}}`),
			"sales-invoice.e-invoice-issued", "Sales invoice e invoice issued", nil, true, "", false},
		{"a type unknown and its entity's kind too", webhookWith("thing.happened-now", "x_1", `"_embedded":{"entity":{"resource":"thing","description":"a \u001b[2J thing"}}`),
			"thing.happened-now", "Thing happened now · a  thing", nil, true, "", false},
		{"a message on the wire is kept", webhookWith("payment.paid", "tr_7UhSN1zuXS", `"message":"as sent"`, paidIdeal),
			"payment.paid", "as sent", []string{"dashboard"}, true, dashboard, true},
		{"a dashboard link of its own is kept first", webhookWith("payment.paid", "tr_7UhSN1zuXS", paidIdeal, links(entityLink, `"dashboard":{"href":"https://x.example/d"}`)),
			"payment.paid", "Payment paid · ideal · €10.00 · Order #123", []string{"dashboard", "entity"}, true, "https://x.example/d", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for shape, in := range webhookShapes(tt.in) {
				e := decodeOne(t, shape, in)
				if e.TypeName != tt.typ || e.Type != 0 || e.Message != tt.msg || e.Resource != "event" || string(e.Line) != strings.ReplaceAll(tt.msg, "\x1b[2J", "") {
					t.Errorf("%s: type %q message %q line %q, want %q %q", shape, e.TypeName, e.Message, e.Line, tt.typ, tt.msg)
				}
				if e.ID != "event_GvJ8WHrp5isUdRub9CJyH" || e.CreatedRaw != "2024-12-16T15:57:04+00:00" || e.Created.Unix() != 1734364624 {
					t.Errorf("%s: id %q created %q %v", shape, e.ID, e.CreatedRaw, e.Created)
				}
				var names []string
				for _, l := range e.Links {
					names = append(names, l.Name)
				}
				if !slices.Equal(names, tt.links) && tt.links != nil || e.URL() != tt.firstLink && tt.firstLink != "" {
					t.Errorf("%s: links %q first %q, want %q first %q", shape, names, e.URL(), tt.links, tt.firstLink)
				}
				if (e.Entity != nil) != tt.entity {
					t.Errorf("%s: entity %q, want one: %v", shape, e.Entity, tt.entity)
				}
			}
		})
	}
}

// webhookShapes are the inputs that hold the one event in: an array of
// it, NDJSON of it with a customer event, the object alone, and it
// pretty-printed.
func webhookShapes(event string) map[string]string {
	var pretty bytes.Buffer
	json.Indent(&pretty, []byte(event), "", "  ")
	customer := `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}`
	return map[string]string{
		"array":  "[" + customer + "," + event + "]",
		"ndjson": customer + "\n" + event + "\n",
		"object": event,
		"pretty": pretty.String(),
	}
}

// decodeOne reads in with Decode, DecodeChunk and DecodeStream, checks they
// agree, and returns its webhook event (its last), with the entity the
// chunk handed on.
func decodeOne(t *testing.T, shape, in string) Event {
	t.Helper()
	ref, err := Decode("in.json", []byte(in))
	if err != nil {
		t.Fatalf("%s: %v", shape, err)
	}
	c, _, err := DecodeChunk("in.json", []byte(in), DecodeOptions{})
	if err != nil {
		t.Fatalf("%s: DecodeChunk: %v", shape, err)
	}
	var streamed []Event
	var entities []Entity
	_, err = DecodeStream(context.Background(), "in.json", strings.NewReader(in), DecodeOptions{}, func(c *Chunk) {
		for _, x := range c.Entities() {
			entities = append(entities, Entity{Event: x.Event + len(streamed), Raw: x.Raw})
		}
		for i := range c.Len() {
			streamed = append(streamed, c.Event(i))
		}
	})
	if err != nil {
		t.Fatalf("%s: DecodeStream: %v", shape, err)
	}
	want := ref.Events[len(ref.Events)-1]
	for how, got := range map[string]Event{"chunk": c.Event(c.Len() - 1), "stream": streamed[len(streamed)-1]} {
		got.Entity = want.Entity
		if !got.Created.Equal(want.Created) || got.Message != want.Message || !slices.Equal(got.Links, want.Links) || got.ID != want.ID || got.EntityID != want.EntityID || got.TypeName != want.TypeName {
			t.Errorf("%s: %s read %+v, Decode %+v", shape, how, got, want)
		}
	}
	last := len(ref.Events) - 1
	if want.Entity != nil && (len(entities) != 1 || entities[0].Event != last || !bytes.Equal(entities[0].Raw, want.Entity)) {
		t.Errorf("%s: streamed entities %v, want the last event's", shape, entities)
	}
	return want
}

// Bad webhook events are errors that say where and why.
func TestDecodeWebhookEventErrors(t *testing.T) {
	customer := `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}`
	noCreated := `{"resource":"event","id":"event_1","type":"payment.paid","entityId":"tr_1"}`
	for _, tt := range []struct {
		name, in, want string
	}{
		{"no createdAt", customer + "\n" + customer + "\n" + noCreated, `in.json:3: missing field "createdAt"`},
		{"a createdAt that is no time", customer + "\n" + webhookWith("payment.paid", "tr_1", `"createdAt":"16/12/2024"`), `in.json:2: field "createdAt": cannot parse "16/12/2024" as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z)`},
		{"a createdAt that is a number", "[" + customer + ",\n" + webhookWith("payment.paid", "tr_1", `"createdAt":1734364624`) + "]", `in.json:2: field "createdAt": want a string, got a number`},
		{"an entity that is no object", webhookWith("payment.paid", "tr_1", `"_embedded":{"entity":"tr_1"}`), `in.json:1: field "_embedded": "entity" wants an object, got a string`},
		{"an _embedded that is no object", "[\n" + webhookWith("payment.paid", "tr_1", `"_embedded":[]`) + "]", `in.json:2: field "_embedded": want an object, got an array`},
		{"an entityId that is no string", customer + "\n" + webhookWith("payment.paid", "tr_1", `"entityId":7`), `in.json:2: field "entityId": want a string, got a number`},
		{"a type that is no name", webhookWith("payment paid", "tr_1"), `in.json:1: field "type": want an integer or a name like payment.failed, got the string "payment paid"`},
		{"a numeric type needs its message", `{"resource":"event","id":"event_1","type":222,"createdAt":"2024-12-16T15:57:04Z"}`, `in.json:1: missing field "message"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode("in.json", []byte(tt.in))
			_, _, cerr := DecodeChunk("in.json", []byte(tt.in), DecodeOptions{})
			_, serr := DecodeStream(context.Background(), "in.json", strings.NewReader(tt.in), DecodeOptions{}, func(*Chunk) {})
			for how, err := range map[string]error{"Decode": err, "DecodeChunk": cerr, "DecodeStream": serr} {
				var de *DecodeError
				if !errors.As(err, &de) || err.Error() != tt.want {
					t.Errorf("%s: %v, want %s", how, err, tt.want)
				}
			}
		})
	}
}
