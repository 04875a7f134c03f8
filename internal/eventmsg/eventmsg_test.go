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
		{"payment", "payment.paid", Parts{Method: "ideal", Description: "Bestelling für Jürgen · 日本"}, "Payment paid · ideal · Bestelling für Jürgen · 日本", false},
		{"payment", "payment.paid", Parts{Method: "ide\u202eal", Description: "x"}, "Payment paid · ideal · x", false},
		{"subscription", "subscription.created", Parts{Amount: Money{"C\x01F", "1"}, Interval: "1 month\u2028"}, "Subscription created · CF 1 every 1 month ", false},
	}
	for _, tt := range tests {
		d, bad := Describe(tt.kind, &tt.p)
		if got := d.Message(tt.name, Verb(tt.name)); got != tt.want || bad != tt.badAmount {
			t.Errorf("%s %s: got %q (bad amount %v), want %q (%v)", tt.kind, tt.name, got, bad, tt.want, tt.badAmount)
		}
		if got := string(AppendMessage([]byte("x"), tt.kind, tt.name, Verb(tt.name), &tt.p)); got != "x"+tt.want {
			t.Errorf("%s %s: AppendMessage gives %q, want %q", tt.kind, tt.name, got, "x"+tt.want)
		}
	}
}

// FuzzAppendMessage holds AppendMessage to Describe and Message.
func FuzzAppendMessage(f *testing.F) {
	f.Add("payment", "payment.failed", "creditcard", "Order #1", "EUR", "1.00", "insufficient_funds", "", "", "1 month")
	f.Add("chargeback", "chargeback.received", "", "\x1b[2J", "XBT", "-0.5", "", "MD06", "Refund\u202e", "")
	f.Add("subscription", "subscription.created", "", "", "CHF", "9.50", "", "", "", "1 month")
	f.Fuzz(func(t *testing.T, kind, name, method, desc, cur, value, failure, code, bank, interval string) {
		p := Parts{Method: method, Description: desc, Interval: interval, Amount: Money{cur, value},
			FailureReason: failure, BankReasonCode: code, BankReason: bank, StatusCode: failure,
			ReasonCode: code, ReasonDescription: bank}
		d, _ := Describe(kind, &p)
		want := d.Message(name, Verb(name))
		if got := string(AppendMessage(nil, kind, name, Verb(name), &p)); got != want {
			t.Fatalf("AppendMessage = %q, want %q", got, want)
		}
	})
}

// TestAppendMessageAllocs: a message with nothing to sanitize is written
// without allocating, into room the caller has.
func TestAppendMessageAllocs(t *testing.T) {
	p := Parts{Method: "ideal", Description: "Order #512409", Amount: Money{"EUR", "94.09"}}
	buf := make([]byte, 0, 128)
	if n := testing.AllocsPerRun(100, func() { buf = AppendMessage(buf[:0], "payment", "payment.paid", "Payment paid", &p) }); n != 0 {
		t.Errorf("%v allocations, want 0", n)
	}
	if got, want := string(buf), "Payment paid · ideal · €94.09 · Order #512409"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
