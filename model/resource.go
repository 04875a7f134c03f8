package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// Resource is an API object an event links to (a payment, a refund…), made
// ready to show: its kind, ID and status, and the fields worth reading, in
// order, every text sanitized.
type Resource struct {
	Kind   string // Mollie's "resource": "payment", "refund"…
	ID     string
	Status string // "" when it has none
	Fields []ResourceField
	// Dashboard is the page of the object in Mollie's dashboard, from its
	// _links.dashboard, as given ("" when it has none): a page a person can
	// read, where its API URL answers a browser with 401.
	Dashboard string
}

// ResourceField is a labelled value of a resource.
type ResourceField struct {
	Label, Value string
}

// resourceFields are the fields shown for each kind of resource, as
// label and JSON path; a path to an amount shows as "EUR 10.00", one to a
// time in loc.
var resourceFields = map[string][][2]string{
	"payment": {
		{"Status", "status"}, {"Amount", "amount"}, {"Method", "method"}, {"Description", "description"},
		{"Created", "createdAt"}, {"Paid", "paidAt"}, {"Failed", "failedAt"}, {"Canceled", "canceledAt"},
		{"Expired", "expiredAt"}, {"Failure", "details.failureReason"}, {"Failure text", "details.failureMessage"},
		{"Bank code", "details.bankReasonCode"}, {"Bank reason", "details.bankReason"},
		{"Reason code", "statusReason.code"}, {"Reason", "statusReason.message"},
		{"Sequence", "sequenceType"}, {"Customer", "customerId"}, {"Mandate", "mandateId"},
		{"Subscription", "subscriptionId"}, {"Refunded", "amountRefunded"}, {"Charged back", "amountChargedBack"},
	},
	"refund": {
		{"Status", "status"}, {"Amount", "amount"}, {"Payment", "paymentId"}, {"Description", "description"},
		{"Created", "createdAt"},
	},
	"chargeback": {
		{"Amount", "amount"}, {"Reason code", "reason.code"}, {"Reason", "reason.description"},
		{"Payment", "paymentId"}, {"Created", "createdAt"}, {"Reversed", "reversedAt"},
	},
	"mandate": {
		{"Status", "status"}, {"Method", "method"}, {"Signed", "signatureDate"},
		{"Consumer", "details.consumerName"}, {"Account", "details.consumerAccount"}, {"Created", "createdAt"},
	},
	"subscription": {
		{"Status", "status"}, {"Amount", "amount"}, {"Interval", "interval"}, {"Times", "times"},
		{"Times left", "timesRemaining"}, {"Next payment", "nextPaymentDate"}, {"Description", "description"},
		{"Created", "createdAt"},
	},
	"payment-link": {
		{"Description", "description"}, {"Amount", "amount"}, {"Paid", "paidAt"}, {"Expires", "expiresAt"},
		{"Archived", "archived"}, {"Created", "createdAt"},
	},
	"customer": {
		{"Name", "name"}, {"Email", "email"}, {"Locale", "locale"}, {"Created", "createdAt"},
	},
}

// ParseResource reads an API object. The fields of the known kinds are
// picked by name; any other kind shows its top-level scalar fields, in the
// order they came. Text is sanitized, times are shown in loc (nil: UTC).
// Values are read in place, each shown up to maxShownValue bytes, so a
// body of 60 MB costs its own bytes and not a copy per field.
func ParseResource(raw []byte, loc *time.Location) (Resource, error) {
	members, err := objectMembers(raw)
	if err != nil {
		return Resource{}, fmt.Errorf("the resource is not a JSON object: %w", err)
	}
	obj := make(map[string][]byte, len(members))
	for _, m := range members {
		obj[m.key] = m.value
	}
	r := Resource{Kind: cells.SanitizeLine(scalar(obj["resource"])), ID: cells.SanitizeLine(scalar(obj["id"])),
		Status: cells.SanitizeLine(scalar(obj["status"]))}
	if v, ok := lookup(obj, "_links.dashboard.href"); ok {
		r.Dashboard = scalar(v)
	}
	paths, known := resourceFields[r.Kind]
	if !known {
		for _, m := range members {
			if v := scalar(obj[m.key]); v != "" && m.key != "resource" {
				r.Fields = append(r.Fields, ResourceField{cells.SanitizeLine(m.key), showValue(m.key, v, loc)})
			}
		}
		return r, nil
	}
	for _, p := range paths {
		v, ok := lookup(obj, p[1])
		if !ok {
			continue
		}
		if a, ok := amount(v); ok {
			r.Fields = append(r.Fields, ResourceField{p[0], a})
		} else if s := scalar(v); s != "" {
			r.Fields = append(r.Fields, ResourceField{p[0], showValue(p[1], s, loc)})
		}
	}
	return r, nil
}

// lookup follows a dotted path through nested objects.
func lookup(obj map[string][]byte, path string) ([]byte, bool) {
	head, rest, nested := strings.Cut(path, ".")
	v, ok := obj[head]
	if !ok || !nested {
		return v, ok
	}
	members, err := objectMembers(v)
	if err != nil {
		return nil, false
	}
	inner := make(map[string][]byte, len(members))
	for _, m := range members {
		inner[m.key] = m.value
	}
	return lookup(inner, rest)
}

// maxShownValue is the most of one value a Resource shows: what is longer
// is cut, with "…". The body itself is kept whole where it is kept.
const maxShownValue = 1 << 20

// scalar is a JSON string, number or boolean as text, up to maxShownValue
// bytes of it; "" for null, objects and arrays.
func scalar(v []byte) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return ""
	}
	switch v[0] {
	case '"':
		cut := len(v) > maxShownValue+2
		if cut {
			v = quotedPrefix(v, maxShownValue)
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			return ""
		}
		if cut {
			s += "…"
		}
		return s
	case '{', '[', 'n':
		return ""
	}
	if len(v) > maxShownValue {
		return string(v[:maxShownValue]) + "…"
	}
	return string(v)
}

// quotedPrefix is the JSON string q cut to about n bytes of its content,
// never inside an escape or a UTF-8 sequence, and closed again.
func quotedPrefix(q []byte, n int) []byte {
	i := 1
	for i < n+1 {
		step := 1
		if q[i] == '\\' {
			step = 2
			if q[i+1] == 'u' {
				step = 6
			}
		}
		if i+step > n+1 {
			break
		}
		i += step
	}
	for i > 1 && !utf8.RuneStart(q[i]) {
		i--
	}
	out := make([]byte, i+1)
	copy(out, q[:i])
	out[i] = '"'
	return out
}

// amount reads Mollie's {"currency":"EUR","value":"10.00"} as "EUR 10.00".
func amount(v []byte) (string, bool) {
	members, err := objectMembers(v)
	if err != nil {
		return "", false
	}
	var currency, value []byte
	for _, m := range members {
		switch m.key {
		case "currency":
			currency = m.value
		case "value":
			value = m.value
		}
	}
	if !isString(currency) || !isString(value) {
		return "", false
	}
	return cells.SanitizeLine(scalar(currency) + " " + scalar(value)), true
}

func isString(v []byte) bool { return len(v) > 0 && v[0] == '"' }

// showValue sanitizes a value, and shows a time (a key ending in At) in loc,
// UTC when loc is nil.
func showValue(key, v string, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	if strings.HasSuffix(key, "At") {
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return t.In(loc).Format("2006-01-02 15:04:05 MST")
		}
	}
	return cells.SanitizeLine(v)
}

// IndentRaw indents a JSON document for the raw view; a document that is
// not JSON comes back as it is.
func IndentRaw(raw []byte) string {
	var out bytes.Buffer
	if json.Indent(&out, raw, "", "  ") != nil {
		return string(raw)
	}
	return out.String()
}
