package source

import (
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// The messages of a rebuilt history's events: "Payment failed:
// insufficient funds · creditcard · €113.87 · Order #6887".

// details are what every event of a resource says after its verb,
// sanitized for display (the events' messages are their lines): the
// reason (": insufficient funds"), which only a failure or a chargeback's
// receipt says, then the rest (" · creditcard · €113.87 · Order #6887").
type details struct{ reason, rest string }

// message is a transition's verb and the resource's details.
func (d details) message(verb string) string {
	if d.reason != "" && (verb == "Payment failed" || verb == "Chargeback received") {
		verb += d.reason
	}
	return verb + d.rest
}

// detail is the details of r: the reason, then the method, amount and
// description.
func (h *History) detail(kind string, r *wireResource) details {
	var d details
	if why := reason(kind, r); why != "" {
		d.reason = ": " + cells.SanitizeLine(why)
	}
	var b strings.Builder
	b.Grow(16 + len(r.Method) + len(r.Description) + len(r.Interval))
	add := func(parts ...string) {
		b.WriteString(" · ")
		for _, p := range parts {
			b.WriteString(p)
		}
	}
	if r.Method != "" {
		add(r.Method)
	}
	if r.Amount.set() {
		switch symbol, ok := currencySymbol(r.Amount); {
		case !ok:
			h.warn(kind, "%s %s has an amount that is not a decimal string (%q): messages leave it out",
				kind, safeID(r.ID), cells.ClipWidth(cells.SanitizeLine(r.Amount.Value), 40))
		case kind == "subscription" && r.Interval != "":
			add(symbol, r.Amount.Value, " every ", r.Interval)
		default:
			add(symbol, r.Amount.Value)
		}
	}
	if r.Description != "" {
		add(r.Description)
	}
	d.rest = cells.SanitizeLine(b.String())
	return d
}

// reason is why a payment failed or a chargeback came, in words.
func reason(kind string, r *wireResource) string {
	switch kind {
	case "payment":
		switch {
		case r.BankReasonCode != "" || r.BankReason != "":
			return strings.TrimSpace(r.BankReasonCode + " " + r.BankReason)
		case r.FailureReason != "":
			return strings.ReplaceAll(r.FailureReason, "_", " ")
		case r.FailureMessage != "":
			return r.FailureMessage
		case r.StatusMessage != "":
			return r.StatusMessage
		default:
			return strings.ReplaceAll(r.StatusCode, "_", " ")
		}
	case "chargeback":
		return strings.TrimSpace(r.ReasonCode + " " + r.ReasonDescription)
	}
	return ""
}

// currencySymbol is what an amount's value is written after: "€" (as in
// "€113.87"), "£", "$" or "CHF "; false when its value is not a decimal
// string.
func currencySymbol(m wireMoney) (string, bool) {
	if !isDecimal(m.Value) {
		return "", false
	}
	switch m.Currency {
	case "EUR":
		return "€", true
	case "GBP":
		return "£", true
	case "USD":
		return "$", true
	}
	return cells.ClipWidth(m.Currency, 3) + " ", true
}

func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	digits := func(p string) bool {
		return p != "" && strings.IndexFunc(p, func(c rune) bool { return c < '0' || c > '9' }) < 0
	}
	return digits(whole) && (!dot || digits(frac))
}
