package model

import (
	"strings"
	"testing"
	"time"
)

func TestParseResource(t *testing.T) {
	tests := []struct {
		name, raw, status string
		want              []ResourceField // in order
	}{
		{"failed card payment", `{"resource":"payment","id":"tr_1","status":"failed","amount":{"currency":"EUR","value":"49.95"},
			"method":"creditcard","createdAt":"2024-06-02T09:00:00+00:00","failedAt":"2024-06-02T09:30:00.5Z",
			"details":{"failureReason":"authentication_failed","failureMessage":"3-D Secure authentication failed"},"sequenceType":"oneoff"}`,
			"failed", []ResourceField{{"Status", "failed"}, {"Amount", "EUR 49.95"}, {"Method", "creditcard"},
				{"Created", "2024-06-02 09:00:00 UTC"}, {"Failed", "2024-06-02 09:30:00 UTC"}, {"Failure", "authentication_failed"},
				{"Failure text", "3-D Secure authentication failed"}, {"Sequence", "oneoff"}}},
		{"bounced SEPA payment", `{"resource":"payment","id":"tr_2","status":"failed","method":"directdebit",
			"details":{"bankReasonCode":"AC04","bankReason":"Account closed"},"mandateId":"mdt_1","amountChargedBack":{"currency":"EUR","value":"9.95"}}`,
			"failed", []ResourceField{{"Status", "failed"}, {"Method", "directdebit"}, {"Bank code", "AC04"}, {"Bank reason", "Account closed"},
				{"Mandate", "mdt_1"}, {"Charged back", "EUR 9.95"}}},
		{"refund", `{"resource":"refund","id":"re_1","status":"refunded","amount":{"currency":"EUR","value":"10.00"},"paymentId":"tr_1"}`,
			"refunded", []ResourceField{{"Status", "refunded"}, {"Amount", "EUR 10.00"}, {"Payment", "tr_1"}}},
		{"chargeback", `{"resource":"chargeback","id":"chb_1","amount":{"currency":"EUR","value":"15.00"},"reason":{"code":"AC01","description":"Account identifier incorrect"},"reversedAt":null}`,
			"", []ResourceField{{"Amount", "EUR 15.00"}, {"Reason code", "AC01"}, {"Reason", "Account identifier incorrect"}}},
		{"mandate", `{"resource":"mandate","id":"mdt_1","status":"valid","method":"directdebit","signatureDate":"2024-05-01","details":{"consumerName":"Jane Doe"}}`,
			"valid", []ResourceField{{"Status", "valid"}, {"Method", "directdebit"}, {"Signed", "2024-05-01"}, {"Consumer", "Jane Doe"}}},
		{"subscription", `{"resource":"subscription","id":"sub_1","status":"active","interval":"1 month","timesRemaining":11,"nextPaymentDate":"2024-07-05"}`,
			"active", []ResourceField{{"Status", "active"}, {"Interval", "1 month"}, {"Times left", "11"}, {"Next payment", "2024-07-05"}}},
		{"payment link", `{"resource":"payment-link","id":"pl_1","description":"Invoice","archived":false,"paidAt":null}`,
			"", []ResourceField{{"Description", "Invoice"}, {"Archived", "false"}}},
		{"customer", `{"resource":"customer","id":"cst_1","name":"Jane Doe","email":"jane@example.org","locale":null}`,
			"", []ResourceField{{"Name", "Jane Doe"}, {"Email", "jane@example.org"}}},
		{"another kind: its top-level scalars in order", `{"resource":"order","id":"ord_1","status":"created","lines":[1],"amount":{"value":"1.00"},"zeta":3,"alpha":true}`,
			"created", []ResourceField{{"id", "ord_1"}, {"status", "created"}, {"zeta", "3"}, {"alpha", "true"}}},
		{"hostile text", `{"resource":"payment","id":"tr_\u001b[2J1","status":"fa\u001b]0;x\u0007iled","description":"a\u202eb\nc\u0000d"}`,
			"failed", []ResourceField{{"Status", "failed"}, {"Description", "ab cd"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseResource([]byte(tt.raw), time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != tt.status {
				t.Errorf("Status = %q, want %q", r.Status, tt.status)
			}
			if len(r.Fields) != len(tt.want) {
				t.Fatalf("Fields = %q, want %q", r.Fields, tt.want)
			}
			for i := range r.Fields {
				if r.Fields[i] != tt.want[i] {
					t.Errorf("field %d = %q, want %q", i, r.Fields[i], tt.want[i])
				}
			}
			for _, f := range append(r.Fields, ResourceField{r.Kind, r.ID}) {
				if strings.ContainsAny(f.Label+f.Value, "\x1b\x00\u202e\n") {
					t.Errorf("field %q keeps a control character", f)
				}
			}
		})
	}
	if _, err := ParseResource([]byte(`[1,2]`), nil); err == nil {
		t.Error("an array read as a resource")
	}
}
