package eventmsg

import "testing"

func TestVerb(t *testing.T) {
	for name, want := range map[string]string{
		"payment.paid":                 "Payment paid",
		"payment-link.paid":            "Payment link paid",
		"payout.processing-at-bank":    "Payout processing at bank",
		"balance-transaction.created":  "Balance transaction created",
		"chargeback.received":          "Chargeback received",
		"sales-invoice.e-invoice-paid": "Sales invoice e invoice paid",
		"custom":                       "Custom",
		"Payment.paid":                 "Payment paid",
	} {
		if got := Verb(name); got != want {
			t.Errorf("Verb(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestMessage(t *testing.T) {
	card := Parts{Method: "creditcard", Amount: Money{"EUR", "113.87"}, Description: "Order #6887", FailureReason: "insufficient_funds"}
	tests := []struct {
		kind, name string
		p          Parts
		want       string
		badAmount  bool
	}{
		{"payment", "payment.failed", card, "Payment failed: insufficient funds · creditcard · €113.87 · Order #6887", false},
		{"payment", "payment.paid", card, "Payment paid · creditcard · €113.87 · Order #6887", false},
		{"payment", "payment.failed", Parts{BankReasonCode: "AM04", BankReason: "Insufficient funds"}, "Payment failed: AM04 Insufficient funds", false},
		{"payment", "payment.failed", Parts{StatusCode: "card_declined"}, "Payment failed: card declined", false},
		{"chargeback", "chargeback.received", Parts{Amount: Money{"GBP", "5.00"}, ReasonCode: "MD06", ReasonDescription: "Refund request"}, "Chargeback received: MD06 Refund request · £5.00", false},
		{"chargeback", "chargeback.reversed", Parts{ReasonCode: "MD06"}, "Chargeback reversed", false},
		{"subscription", "subscription.created", Parts{Amount: Money{"CHF", "9.50"}, Interval: "1 month"}, "Subscription created · CHF 9.50 every 1 month", false},
		{"payment", "payment.paid", Parts{Amount: Money{"EUR", "ten"}, Description: "x"}, "Payment paid · x", true},
		{"payment", "payment.paid", Parts{Description: "evil\x1b[2J\nline"}, "Payment paid · evil line", false},
	}
	for _, tt := range tests {
		d, bad := Describe(tt.kind, &tt.p)
		if got := d.Message(tt.name, Verb(tt.name)); got != tt.want || bad != tt.badAmount {
			t.Errorf("%s %s: got %q (bad amount %v), want %q (%v)", tt.kind, tt.name, got, bad, tt.want, tt.badAmount)
		}
	}
}
