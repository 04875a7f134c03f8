package source

import (
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// The messages of a rebuilt history's events: "Payment failed:
// insufficient funds · creditcard · €113.87 · Order #6887".

// joinMessage puts a transition's verb before the resource's details.
func joinMessage(verb string, detail []string) string {
	if len(detail) == 0 {
		return verb
	}
	if strings.HasPrefix(detail[0], ":") {
		if verb != "Payment failed" && verb != "Chargeback received" {
			detail = detail[1:] // the reason is the failure's
		} else {
			verb += detail[0]
			detail = detail[1:]
		}
	}
	if len(detail) == 0 {
		return verb
	}
	return verb + " · " + strings.Join(detail, " · ")
}

// detail is what every event of r says after its verb: a reason first
// (": insufficient funds", kept only by the failure or chargeback), then
// the method, amount and description.
func (h *History) detail(kind string, r *wireResource) []string {
	var d []string
	if why := reason(kind, r); why != "" {
		d = append(d, ": "+why)
	}
	if r.Method != "" {
		d = append(d, r.Method)
	}
	if r.Amount.set() {
		if m, ok := money(r.Amount); ok {
			s := m
			if kind == "subscription" && r.Interval != "" {
				s += " every " + r.Interval
			}
			d = append(d, s)
		} else {
			h.warn(kind, "%s %s has an amount that is not a decimal string (%q): messages leave it out",
				kind, safeID(r.ID), cells.ClipWidth(cells.SanitizeLine(r.Amount.Value), 40))
		}
	}
	if r.Description != "" {
		d = append(d, r.Description)
	}
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

// money writes an amount as "€113.87", "£5.00", "$1.00" or "CHF 10.00";
// false when its value is not a decimal string.
func money(m wireMoney) (string, bool) {
	if !isDecimal(m.Value) {
		return "", false
	}
	switch m.Currency {
	case "EUR":
		return "€" + m.Value, true
	case "GBP":
		return "£" + m.Value, true
	case "USD":
		return "$" + m.Value, true
	}
	return cells.ClipWidth(m.Currency, 3) + " " + m.Value, true
}

func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	digits := func(p string) bool {
		return p != "" && strings.IndexFunc(p, func(c rune) bool { return c < '0' || c > '9' }) < 0
	}
	return digits(whole) && (!dot || digits(frac))
}
