package output

import (
	"encoding/json"
	"testing"

	"github.com/eventbrowser/eventbrowser/model"
)

func TestEmbedResource(t *testing.T) {
	e := model.Event{Resource: "event", Type: 222, CreatedRaw: "2024-06-02T09:30:00Z", Message: "Payment failed",
		Links: []model.Link{{Name: "url", Href: "https://api.mollie.com/v2/payments/tr_1"}}}
	b := EmbedResource(nil, &e, false, []byte("{\n  \"resource\": \"payment\",\n  \"id\": \"tr_1\"\n}"))
	var v struct {
		Message  string `json:"message"`
		Embedded struct {
			Resource struct {
				ID string `json:"id"`
			} `json:"resource"`
		} `json:"_embedded"`
	}
	if err := json.Unmarshal(b, &v); err != nil || v.Message != "Payment failed" || v.Embedded.Resource.ID != "tr_1" {
		t.Errorf("EmbedResource = %s (%v)", b, err)
	}
	if got, want := string(EmbedResource(nil, &e, false, nil)), string(AppendJSON(nil, &e, false)); got != want {
		t.Errorf("with no resource: %s, want %s", got, want)
	}
}
