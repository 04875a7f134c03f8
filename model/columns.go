package model

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// Column is a field of an event, or of the resource it links to, by the
// name --columns, saved views and the table's C panel give it.
type Column int

const (
	ColumnCreated Column = iota
	ColumnType
	ColumnMessage
	ColumnSource
	ColumnLink
	ColumnID
	ColumnStatus
	ColumnAmount
	ColumnMethod
	ColumnFailure
	ColumnDescription
	ColumnCustomer
	ColumnDashboard
)

var columnNames = [...]string{"created", "type", "message", "source", "link", "id", "status", "amount",
	"method", "failure", "description", "customer", "dashboard"}

// ColumnNames are the columns' names, in the order --help lists them.
func ColumnNames() []string { return columnNames[:] }

func (c Column) String() string { return columnNames[c] }

// ParseColumn reads a column's name.
func ParseColumn(name string) (Column, error) {
	for i, n := range columnNames {
		if n == name {
			return Column(i), nil
		}
	}
	return 0, fmt.Errorf("no column %q: the columns are %s", cells.SanitizeLine(name), strings.Join(columnNames[:], ", "))
}

// ParseColumns reads a comma-separated list of column names, "id,amount";
// a name may not come twice.
func ParseColumns(s string) ([]Column, error) {
	var cols []Column
	for name := range strings.SplitSeq(s, ",") {
		c, err := ParseColumn(strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		for _, d := range cols {
			if d == c {
				return nil, fmt.Errorf("column %q is named twice", name)
			}
		}
		cols = append(cols, c)
	}
	return cols, nil
}

// FromResource says whether the column is read from the resource the
// event links to, which has to be fetched or held to be known. customer
// and dashboard fall back on what the event says (its customer source, its
// dashboard link).
func (c Column) FromResource() bool { return c >= ColumnStatus }

// NeedResources says whether any of cols is read from resources.
func NeedResources(cols []Column) bool {
	for _, c := range cols {
		if c.FromResource() {
			return true
		}
	}
	return false
}

// ResourceValues are what the columns show of a resource, as the API
// wrote them: not sanitized, for the data formats; "" for what it lacks.
type ResourceValues struct {
	ID, Status, Amount, Method, Failure, Description, Customer, Dashboard string
}

// maxValue is the most of one value ResourceValues keep: the table keeps
// them for every resource, so a body of 60 MB with a 60 MB description
// does not stay whole (Mollie's descriptions are 255 characters at most).
const maxValue = 1 << 20

// ParseValues reads what the columns show of an API object. The failure
// is the likeliest reason given: a card's, a direct debit's bank reason,
// a chargeback's, a status reason; the codes when no text came. A
// customer is its own customer. A field of an unexpected type is left
// empty.
func ParseValues(raw []byte) (ResourceValues, error) {
	type reason struct{ Code, Description, Message string }
	var o struct {
		Resource, ID, Status, Method, Description string
		CustomerID                                string `json:"customerId"`
		Amount                                    struct{ Currency, Value string }
		Details                                   struct{ FailureReason, BankReason, BankReasonCode string }
		Reason, StatusReason                      reason
		Links                                     struct{ Dashboard struct{ Href string } } `json:"_links"`
	}
	var typeErr *json.UnmarshalTypeError
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return ResourceValues{}, errors.New("the resource is not a JSON object")
	}
	if err := json.Unmarshal(raw, &o); err != nil && !errors.As(err, &typeErr) {
		return ResourceValues{}, fmt.Errorf("the resource is not a JSON object: %w", err)
	}
	v := ResourceValues{ID: o.ID, Status: o.Status, Method: o.Method, Description: o.Description,
		Customer: o.CustomerID, Dashboard: o.Links.Dashboard.Href}
	if o.Amount.Currency != "" && o.Amount.Value != "" {
		v.Amount = o.Amount.Currency + " " + o.Amount.Value
	}
	for _, f := range []string{o.Details.FailureReason, o.Details.BankReason, o.Reason.Description,
		o.StatusReason.Message, o.Details.BankReasonCode, o.Reason.Code, o.StatusReason.Code} {
		if f != "" {
			v.Failure = f
			break
		}
	}
	if o.Resource == "customer" {
		v.Customer = v.ID
	}
	for _, p := range []*string{&v.ID, &v.Status, &v.Amount, &v.Method, &v.Failure, &v.Description, &v.Customer, &v.Dashboard} {
		if len(*p) > maxValue {
			cut := maxValue
			for cut > 0 && !utf8.RuneStart((*p)[cut]) {
				cut--
			}
			*p = (*p)[:cut] + "…"
		}
	}
	return v, nil
}

// Value is the column's text for e and its resource r (nil when not
// known), as the event and the API wrote it: for the data formats, which
// sanitize it where they need to (Shown).
func (c Column) Value(e *Event, r *ResourceValues) string {
	if r == nil {
		r = &ResourceValues{}
	}
	switch c {
	case ColumnCreated:
		return e.Created.UTC().Format(time.RFC3339Nano)
	case ColumnType:
		return e.TypeText()
	case ColumnMessage:
		return e.Message
	case ColumnSource:
		return string(e.Source)
	case ColumnLink:
		return e.URL()
	case ColumnID:
		return cmp.Or(r.ID, ObjectID(e))
	case ColumnStatus:
		return r.Status
	case ColumnAmount:
		return r.Amount
	case ColumnMethod:
		return r.Method
	case ColumnFailure:
		return r.Failure
	case ColumnDescription:
		return r.Description
	case ColumnCustomer:
		return cmp.Or(r.Customer, customerOf(e))
	case ColumnDashboard:
		return cmp.Or(r.Dashboard, dashboardLink(e))
	}
	return ""
}

// Shown is Value made fit for a screen or a line of text: the message as
// Line has it, the rest sanitized.
func (c Column) Shown(e *Event, r *ResourceValues) string {
	if c == ColumnMessage {
		return string(e.Line)
	}
	return cells.SanitizeLine(c.Value(e, r))
}

// ObjectID is the ID of the object e is about: a webhook event's entityId,
// else the last path segment of its first link shaped like a Mollie ID
// (tr_…, re_…), else its source when that is one (a customer's), else "".
func ObjectID(e *Event) string {
	if e == nil {
		return ""
	}
	if e.EntityID != "" {
		return e.EntityID
	}
	if u, err := url.Parse(e.URL()); err == nil && e.URL() != "" {
		segs := strings.Split(u.Path, "/")
		for i := len(segs) - 1; i >= 0; i-- {
			if mollieID(segs[i]) {
				return segs[i]
			}
		}
	}
	if s := string(e.Source); mollieID(s) {
		return s
	}
	return ""
}

// mollieID reports whether s is shaped like a Mollie object ID: a short
// lower-case prefix, an underscore, letters and digits.
func mollieID(s string) bool {
	prefix, rest, ok := strings.Cut(s, "_")
	if !ok || len(prefix) < 2 || len(prefix) > 6 || rest == "" {
		return false
	}
	for _, c := range prefix {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	for _, c := range rest {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// customerOf is the customer e tells of: its source when that is a
// customer, else a customer's ID in its first link (…/customers/cst_…/…),
// else "".
func customerOf(e *Event) string {
	if s := string(e.Source); strings.HasPrefix(s, "cst_") && mollieID(s) {
		return s
	}
	if u, err := url.Parse(e.URL()); err == nil {
		for seg := range strings.SplitSeq(u.Path, "/") {
			if strings.HasPrefix(seg, "cst_") && mollieID(seg) {
				return seg
			}
		}
	}
	return ""
}

// dashboardLink is the href of e's first link into Mollie's dashboard, or
// "".
func dashboardLink(e *Event) string {
	for _, l := range e.Links {
		if strings.HasPrefix(l.Href, "https://www.mollie.com/dashboard/") {
			return l.Href
		}
	}
	return ""
}
