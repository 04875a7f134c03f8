package output

import (
	"bytes"
	"iter"
	"reflect"
	"testing"

	"github.com/eventbrowser/eventbrowser/model"
)

// FuzzJSONRoundTrip checks that printing decoded events as JSON and
// decoding that gives the same events back. Its seed corpus is model's
// FuzzDecode corpus: every input shape and every class of error.
func FuzzJSONRoundTrip(f *testing.F) {
	f.Add([]byte(`[{"resource":"event","type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}]`))
	f.Add([]byte(`[{"resource":"event","type":"payment.failed","createdAt":"2024-03-20T09:13:37.0Z","message":"m"},{"type":-2147483648,"createdAt":"2024-03-20T09:13:37Z","message":"n"}]`))
	f.Add([]byte(`{"resource":"event","id":"event_1","type":"payment.failed","entityId":"tr_1","createdAt":"2024-12-16T15:57:04+00:00","_embedded":{"entity":{"resource":"payment","method":"creditcard","amount":{"currency":"EUR","value":"1.00"},"details":{"failureReason":"card_declined"},"_links":{"dashboard":{"href":"https://my.mollie.com/dashboard/org_1/payments/tr_1","type":"text/html"}}}},"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_1"},"entity":{"href":"https://api.mollie.com/v2/payments/tr_1"}}}`))
	f.Add([]byte(`{"resource":"event","id":"event_2","type":"refund.refunded","entityId":"re_1","createdAt":"2024-12-16T15:57:04Z","_embedded":null}` + "\n" + `{"type":1,"id":"x","createdAt":"2024-12-16T15:57:04Z","message":"m"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := model.Decode("g", data)
		if err != nil || len(got.Events) == 0 {
			return
		}
		var out bytes.Buffer
		if err := Print(&out, FormatJSON, all(got.Events), Options{WithSource: true}); err != nil {
			t.Fatal(err)
		}
		again, err := model.Decode("g", out.Bytes())
		if err != nil {
			t.Fatalf("decoding the JSON output: %v\n%s", err, out.Bytes())
		}
		if w, w2 := wires(got.Events), wires(again.Events); !reflect.DeepEqual(w, w2) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", w2, w)
		}
	})
}

// wire is what the JSON output must carry of an event.
type wire struct {
	Resource   string
	ID         string
	EntityID   string
	Type       string // TypeText: a name and a number tell apart
	CreatedRaw string
	Message    string
	Source     string
	Links      []model.Link
}

func wires(events []model.Event) []wire {
	out := []wire{}
	for _, e := range events {
		out = append(out, wire{e.Resource, e.ID, e.EntityID, e.TypeText(), e.CreatedRaw, e.Message, string(e.Source), e.Links})
	}
	return out
}

func all(events []model.Event) iter.Seq[*model.Event] {
	return func(yield func(*model.Event) bool) {
		for i := range events {
			if !yield(&events[i]) {
				return
			}
		}
	}
}
