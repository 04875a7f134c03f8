// Package eventmsg writes the message of an event that came without one
// from the object it is about: "Payment failed: insufficient funds ·
// creditcard · €113.87 · Order #6887". Rebuilt histories (source) and
// webhook events (model) both say it this way.
package eventmsg

import (
	"strings"
	"unsafe"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// Parts are the fields of an API object (a payment, a refund…) that a
// message is made of, as the API writes them; "" is absent.
type Parts struct {
	Method, Description, Interval string
	Amount                        Money
	FailureReason, FailureMessage string // a payment's details.…
	BankReasonCode, BankReason    string // details.…, SEPA Direct Debit
	StatusCode, StatusMessage     string // a payment's statusReason.code, .message
	ReasonCode, ReasonDescription string // a chargeback's reason.code, .description
}

// Money is an amount as the API writes it: {"currency":"EUR","value":"10.00"}.
type Money struct{ Currency, Value string }

// Set tells whether the amount is there at all.
func (m Money) Set() bool { return m.Currency != "" || m.Value != "" }

// Details are what every event of an object says after its verb,
// sanitized for display: the reason (": insufficient funds"), which only
// a failure or a chargeback's receipt says, then the rest (" · creditcard
// · €113.87 · Order #6887").
type Details struct{ Reason, Rest string }

// Message is the message of an event of type name ("payment.failed")
// that starts with verb ("Payment failed").
func (d Details) Message(name, verb string) string {
	if d.Reason != "" && (name == "payment.failed" || name == "chargeback.received") {
		verb += d.Reason
	}
	return verb + d.Rest
}

// Describe is the details of an object of kind ("payment", "refund"…):
// the reason, then the method, amount and description. badAmount is set
// when the amount's value is not a decimal string, which is then left out.
func Describe(kind string, p *Parts) (d Details, badAmount bool) {
	if why := reason(kind, p); why != "" {
		d.Reason = ": " + cells.SanitizeLine(why)
	}
	rest, badAmount := appendRest(make([]byte, 0, 16+len(p.Method)+len(p.Description)+len(p.Interval)), kind, p)
	d.Rest = cells.SanitizeLine(string(rest))
	return d, badAmount
}

// AppendMessage appends to dst the message of an event of type name that
// starts with verb, about an object of kind: Describe(kind, p).Message(name,
// verb), without allocating when nothing needs sanitizing (a captured file
// has a million such messages). It keeps none of p's strings.
func AppendMessage(dst []byte, kind, name, verb string, p *Parts) []byte {
	dst = append(dst, verb...)
	if name == "payment.failed" || name == "chargeback.received" {
		if why := reason(kind, p); why != "" {
			dst = append(append(dst, ": "...), cells.SanitizeLine(why)...)
		}
	}
	start := len(dst)
	dst, _ = appendRest(dst, kind, p)
	if rest := dst[start:]; !partsAreLines(p) && !cells.IsLine(unsafe.String(unsafe.SliceData(rest), len(rest))) {
		dst = append(dst[:start], cells.SanitizeLine(string(rest))...)
	}
	return dst
}

// partsAreLines tells whether the parts appendRest writes from p are all
// lines (cells.IsLine), and so what it writes of them: the rest is made of
// those, of at most a currency's first runes, of a decimal value and of
// separators and symbols. Most are printable ASCII, seen eight bytes at a
// time; when they are not all lines, the rest as a whole may still be.
func partsAreLines(p *Parts) bool {
	line := func(s string) bool { return cells.PrintableASCII(s) || cells.IsLine(s) }
	return line(p.Method) && line(p.Description) && line(p.Interval) && line(p.Amount.Currency)
}

// appendRest appends what follows the reason, unsanitized: " · " and the
// method, " · " and the amount, " · " and the description, each when set.
func appendRest(b []byte, kind string, p *Parts) (_ []byte, badAmount bool) {
	const sep = " · "
	if p.Method != "" {
		b = append(append(b, sep...), p.Method...)
	}
	if p.Amount.Set() {
		if !isDecimal(p.Amount.Value) {
			badAmount = true
		} else {
			b = appendSymbol(append(b, sep...), p.Amount.Currency)
			b = append(b, p.Amount.Value...)
			if kind == "subscription" && p.Interval != "" {
				b = append(append(b, " every "...), p.Interval...)
			}
		}
	}
	if p.Description != "" {
		b = append(append(b, sep...), p.Description...)
	}
	return b, badAmount
}

// Verb is how a message starts for an event of type name: "payment.paid"
// is "Payment paid", "payment-link.paid" "Payment link paid". name is a
// type name (query.IsTypeName), which holds nothing to sanitize.
func Verb(name string) string {
	kind, action, _ := strings.Cut(name, ".")
	s := strings.ReplaceAll(kind, "-", " ")
	if action != "" {
		s += " " + strings.ReplaceAll(action, "-", " ")
	}
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// reason is why a payment failed or a chargeback came, in words.
func reason(kind string, p *Parts) string {
	switch kind {
	case "payment":
		switch {
		case p.BankReasonCode != "" || p.BankReason != "":
			return strings.TrimSpace(p.BankReasonCode + " " + p.BankReason)
		case p.FailureReason != "":
			return strings.ReplaceAll(p.FailureReason, "_", " ")
		case p.FailureMessage != "":
			return p.FailureMessage
		case p.StatusMessage != "":
			return p.StatusMessage
		default:
			return strings.ReplaceAll(p.StatusCode, "_", " ")
		}
	case "chargeback":
		return strings.TrimSpace(p.ReasonCode + " " + p.ReasonDescription)
	}
	return ""
}

// appendSymbol appends what an amount's value is written after: "€" (as
// in "€113.87"), "£", "$" or the code and a space ("CHF ").
func appendSymbol(b []byte, currency string) []byte {
	switch currency {
	case "EUR":
		return append(b, "€"...)
	case "GBP":
		return append(b, "£"...)
	case "USD":
		return append(b, "$"...)
	}
	return append(append(b, cells.ClipWidth(currency, 3)...), ' ')
}

func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	digits := func(p string) bool {
		return p != "" && strings.IndexFunc(p, func(c rune) bool { return c < '0' || c > '9' }) < 0
	}
	return digits(whole) && (!dot || digits(frac))
}
