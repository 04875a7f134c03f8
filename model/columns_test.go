package model

import (
	"strings"
	"testing"
	"time"
)

// TestObjectIDOfAWebhookEvent: a webhook event's entityId names its
// object before its links do (ui's TestObjectIDFromLinks has the links).
func TestObjectIDOfAWebhookEvent(t *testing.T) {
	e := &Event{Source: "hook", EntityID: "tr_9", Links: []Link{{Href: "https://api.mollie.com/v2/events/event_1"}}}
	if got := ObjectID(e); got != "tr_9" {
		t.Errorf("ObjectID = %q, want tr_9", got)
	}
	if got := ObjectID(&Event{Source: "events.json"}); got != "" {
		t.Errorf("ObjectID of an event naming nothing = %q", got)
	}
}

func TestParseColumns(t *testing.T) {
	for _, tt := range []struct {
		in, want, err string
	}{
		{"id,amount,method,failure", "id,amount,method,failure", ""},
		{" created , message", "created,message", ""},
		{"id,amont", "", `no column "amont": the columns are created, type, message, source, link, id, status, amount, method, failure, description, customer, dashboard`},
		{"id,id", "", `column "id" is named twice`},
		{"", "", `no column ""`},
	} {
		cols, err := ParseColumns(tt.in)
		var names []string
		for _, c := range cols {
			names = append(names, c.String())
		}
		if got := strings.Join(names, ","); got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseColumns(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// TestColumnValues reads each column of a failed payment's event and its
// resource, raw for the data formats and sanitized for the screen.
func TestColumnValues(t *testing.T) {
	raw := `{"resource":"payment","id":"tr_1","status":"failed","amount":{"currency":"EUR","value":"10.00"},
		"method":"creditcard","description":"Order \u001b[31m7","customerId":"cst_b",
		"details":{"failureReason":"insufficient_funds","bankReason":"later"},
		"_links":{"dashboard":{"href":"https://www.mollie.com/dashboard/org_1/payments/tr_1"}}}`
	r, err := ParseValues([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	created := time.Date(2024, 3, 20, 10, 13, 37, 0, time.FixedZone("", 3600))
	e := &Event{Type: 222, Created: created, Message: "Payment\tfailed", Source: "cst_a",
		Links: []Link{{Href: "https://api.mollie.com/v2/payments/tr_1"}}}
	e.Finish()
	want := map[Column][2]string{ // raw, shown
		ColumnCreated: {"2024-03-20T09:13:37Z", "2024-03-20T09:13:37Z"}, ColumnType: {"222", "222"},
		ColumnMessage: {"Payment\tfailed", "Payment failed"}, ColumnSource: {"cst_a", "cst_a"},
		ColumnLink: {"https://api.mollie.com/v2/payments/tr_1", "https://api.mollie.com/v2/payments/tr_1"},
		ColumnID:   {"tr_1", "tr_1"}, ColumnStatus: {"failed", "failed"}, ColumnAmount: {"EUR 10.00", "EUR 10.00"},
		ColumnMethod: {"creditcard", "creditcard"}, ColumnFailure: {"insufficient_funds", "insufficient_funds"},
		ColumnDescription: {"Order \x1b[31m7", "Order 7"}, ColumnCustomer: {"cst_b", "cst_b"},
		ColumnDashboard: {"https://www.mollie.com/dashboard/org_1/payments/tr_1", "https://www.mollie.com/dashboard/org_1/payments/tr_1"},
	}
	for c, w := range want {
		if got := c.Value(e, &r); got != w[0] {
			t.Errorf("%v: value %q, want %q", c, got, w[0])
		}
		if got := c.Shown(e, &r); got != w[1] {
			t.Errorf("%v: shown %q, want %q", c, got, w[1])
		}
	}
	if len(want) != len(ColumnNames()) {
		t.Errorf("tested %d columns of %d", len(want), len(ColumnNames()))
	}
}

// TestColumnsWithoutResource: what the event alone tells, and nothing
// made up for the resource's columns.
func TestColumnsWithoutResource(t *testing.T) {
	e := &Event{Type: 210, Message: "Mandate created", Source: "events.json",
		Links: []Link{{Href: "https://www.mollie.com/dashboard/org_1/customers/cst_a/mandates/mdt_2"}}}
	for c, want := range map[Column]string{ColumnID: "mdt_2", ColumnCustomer: "cst_a",
		ColumnDashboard: "https://www.mollie.com/dashboard/org_1/customers/cst_a/mandates/mdt_2",
		ColumnStatus:    "", ColumnAmount: "", ColumnFailure: ""} {
		if got := c.Value(e, nil); got != want {
			t.Errorf("%v = %q, want %q", c, got, want)
		}
	}
}

// TestFailureOfAChargebackAndADirectDebit: the failure column reads the
// reason each kind gives.
func TestFailureOfAChargebackAndADirectDebit(t *testing.T) {
	for raw, want := range map[string]string{
		`{"resource":"chargeback","reason":{"code":"AC01","description":"Account identifier incorrect"}}`:          "Account identifier incorrect",
		`{"resource":"payment","details":{"bankReasonCode":"MD06","bankReason":"Refund request by end customer"}}`: "Refund request by end customer",
		`{"resource":"payment","statusReason":{"code":"insufficient_funds"}}`:                                      "insufficient_funds",
		`{"resource":"payment","status":"paid"}`:                                                                   "",
	} {
		r, err := ParseValues([]byte(raw))
		if err != nil || r.Failure != want {
			t.Errorf("%s: failure %q, %v; want %q", raw, r.Failure, err, want)
		}
	}
}

// TestParseValuesOddShapes: a field of another type than documented is
// left empty, the others read; what is not an object is an error; a value
// over maxValue is cut.
func TestParseValuesOddShapes(t *testing.T) {
	v, err := ParseValues([]byte(`{"id":"tr_1","status":7,"amount":"10.00","details":null,"method":"ideal"}`))
	if err != nil || v.ID != "tr_1" || v.Status != "" || v.Amount != "" || v.Method != "ideal" {
		t.Errorf("%+v, %v", v, err)
	}
	if _, err := ParseValues([]byte(`[1]`)); err == nil {
		t.Error("an array read as a resource")
	}
	v, _ = ParseValues([]byte(`{"description":"` + strings.Repeat("x", maxValue+10) + `"}`))
	if len(v.Description) != maxValue+len("…") {
		t.Errorf("a description of %d bytes kept %d", maxValue+10, len(v.Description))
	}
}
