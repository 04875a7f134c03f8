package model

import "testing"

func TestOutcomeOf(t *testing.T) {
	tests := []struct {
		name string
		want Outcome
	}{
		{"payment.failed", OutcomeFailed},
		{"payment.canceled", OutcomeFailed},
		{"payment.expired", OutcomeFailed},
		{"refund.failed", OutcomeFailed},
		{"chargeback.received", OutcomeFailed},
		{"Payment charged back", OutcomeFailed},
		{"chargeback.reversed", OutcomeOther},
		{"payment.paid", OutcomeSucceeded},
		{"refund.refunded", OutcomeSucceeded},
		{"capture.succeeded", OutcomeSucceeded},
		{"Refund processed", OutcomeSucceeded},
		{"payment.pending", OutcomePending},
		{"refund.queued", OutcomePending},
		{"payout.processing-at-bank", OutcomePending},
		{"payment.authorized", OutcomePending},
		{"PAYMENT.FAILED", OutcomeFailed},
		{"Payment failed", OutcomeFailed},
		{"Customer created", OutcomeOther},
		{"Subscription canceled", OutcomeFailed},
		{"payment-link.paid", OutcomeSucceeded},
		{"sales-invoice.e-invoice-failed", OutcomeFailed},
		{"unpaid", OutcomeOther}, // whole words only
		{"", OutcomeOther},
	}
	for _, tt := range tests {
		if got := OutcomeOf(tt.name); got != tt.want {
			t.Errorf("OutcomeOf(%q) = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestTypeLabel(t *testing.T) {
	names := map[int]string{222: "Payment failed"}
	tests := []struct {
		num     int
		name    string
		label   string
		outcome Outcome
	}{
		{222, "", "222 Payment failed", OutcomeFailed},
		{223, "", "223", OutcomeOther},
		{0, "payment.paid", "payment.paid", OutcomeSucceeded},
	}
	for _, tt := range tests {
		if got := TypeLabel(tt.num, tt.name, names); got != tt.label {
			t.Errorf("TypeLabel(%d, %q) = %q, want %q", tt.num, tt.name, got, tt.label)
		}
		if got := TypeOutcome(tt.num, tt.name, names); got != tt.outcome {
			t.Errorf("TypeOutcome(%d, %q) = %d, want %d", tt.num, tt.name, got, tt.outcome)
		}
	}
}
