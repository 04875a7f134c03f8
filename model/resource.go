package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

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
func ParseResource(raw []byte, loc *time.Location) (Resource, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return Resource{}, fmt.Errorf("the resource is not a JSON object: %w", err)
	}
	r := Resource{Kind: cells.SanitizeLine(scalar(obj["resource"])), ID: cells.SanitizeLine(scalar(obj["id"])),
		Status: cells.SanitizeLine(scalar(obj["status"]))}
	if v, ok := lookup(obj, "_links"); ok {
		var links struct {
			Dashboard struct{ Href string } `json:"dashboard"`
		}
		if json.Unmarshal(v, &links) == nil {
			r.Dashboard = links.Dashboard.Href
		}
	}
	paths, known := resourceFields[r.Kind]
	if !known {
		for _, key := range keysInOrder(raw) {
			if v := scalar(obj[key]); v != "" && key != "resource" {
				r.Fields = append(r.Fields, ResourceField{cells.SanitizeLine(key), showValue(key, v, loc)})
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
func lookup(obj map[string]json.RawMessage, path string) (json.RawMessage, bool) {
	head, rest, nested := strings.Cut(path, ".")
	v, ok := obj[head]
	if !ok || !nested {
		return v, ok
	}
	var inner map[string]json.RawMessage
	if json.Unmarshal(v, &inner) != nil {
		return nil, false
	}
	return lookup(inner, rest)
}

// scalar is a JSON string, number or boolean as text; "" for null, objects
// and arrays.
func scalar(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return ""
	}
	switch v[0] {
	case '"':
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	case '{', '[', 'n':
		return ""
	}
	return string(v)
}

// amount reads Mollie's {"currency":"EUR","value":"10.00"} as "EUR 10.00".
func amount(v json.RawMessage) (string, bool) {
	var a struct {
		Currency *string `json:"currency"`
		Value    *string `json:"value"`
	}
	if json.Unmarshal(v, &a) != nil || a.Currency == nil || a.Value == nil {
		return "", false
	}
	return cells.SanitizeLine(*a.Currency + " " + *a.Value), true
}

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

// keysInOrder returns the top-level keys of a JSON object in the order
// they appear.
func keysInOrder(raw []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		key, _ := t.(string)
		keys = append(keys, key)
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return keys
		}
	}
	return keys
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
