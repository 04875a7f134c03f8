package model

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/eventmsg"
)

// Next-gen webhook events, as Mollie POSTs them and GET /v2/events/{id}
// returns them: {"resource":"event","id":"event_…","type":"payment.paid",
// "entityId":"tr_…","createdAt":…,"_embedded":{"entity":{…}},"_links":
// {"self":…,"entity":…,"documentation":…}}. They have no message: one is
// written from the type and the entity, as a rebuilt history writes its
// events' (eventmsg), and the entity's dashboard page leads the links.

// wireEntity is what an event's message and first link are made of, of
// the object in its _embedded.entity. A field of another kind than the
// API's is left out (json.Unmarshal goes on past it).
type wireEntity struct {
	Resource    string `json:"resource"`
	Method      string `json:"method"`
	Description string `json:"description"`
	Interval    string `json:"interval"`
	Amount      struct {
		Currency string `json:"currency"`
		Value    string `json:"value"`
	} `json:"amount"`
	Details struct {
		FailureReason  string `json:"failureReason"`
		FailureMessage string `json:"failureMessage"`
		BankReasonCode string `json:"bankReasonCode"`
		BankReason     string `json:"bankReason"`
	} `json:"details"`
	StatusReason struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"statusReason"`
	Reason struct {
		Code        string `json:"code"`
		Description string `json:"description"`
	} `json:"reason"`
	Links struct {
		Dashboard *wireLink `json:"dashboard"`
	} `json:"_links"`
}

type wireLink struct {
	Href string `json:"href"`
	Type string `json:"type"`
}

// webhookMember reads a member only webhook events have into e, or says
// why it cannot.
func (e *Event) webhookMember(key string, v []byte) (msg string) {
	if key == "_embedded" {
		e.Entity, msg = embeddedValue(v)
		return msg
	}
	s, ok := stringValue(v)
	switch {
	case !ok:
		return "want a string, got " + kindOf(v)
	case key == "id":
		e.ID = s
	default:
		e.EntityID = s
	}
	return ""
}

// embeddedValue reads an event's _embedded: the entity in it, nil when
// there is none ("simple" payloads carry only the entityId).
func embeddedValue(v []byte) (entity []byte, msg string) {
	if v[0] != '{' {
		return nil, "want an object, got " + kindOf(v)
	}
	var fields map[string]json.RawMessage
	json.Unmarshal(v, &fields)
	ent := fields["entity"]
	switch {
	case len(ent) == 0 || string(ent) == "null":
		return nil, ""
	case ent[0] != '{':
		return nil, `"entity" wants an object, got ` + kindOf(ent)
	}
	return ent, ""
}

// isWebhook tells whether e is a webhook event: one with a named type and
// an ID, an entity ID or an entity.
func (e *Event) isWebhook() bool {
	return e.TypeName != "" && (e.ID != "" || e.EntityID != "" || e.Entity != nil)
}

// finishWebhook fills what a webhook event does not say itself: the
// message, when it has none, from its type and entity; and the entity's
// dashboard page, when it has one and the event no dashboard link, as its
// first link, before the API entity link, as a rebuilt history's events
// link it. A customer event is left as it is.
func (e *Event) finishWebhook(hasMessage bool) {
	var w wireEntity
	if e.Entity != nil {
		json.Unmarshal(e.Entity, &w)
	}
	if !hasMessage {
		e.Message = w.message(e.TypeName)
	}
	if !e.isWebhook() {
		return
	}
	if dash, ok := w.dashboard(); ok && !slices.ContainsFunc(e.Links, isDashboard) {
		e.Links = slices.Insert(e.Links, 0, dash)
	}
	// "url" first (customer events'), then the dashboard page, then the
	// entity; the rest in input order.
	slices.SortStableFunc(e.Links, func(a, b Link) int { return linkRank(a.Name) - linkRank(b.Name) })
}

// message is the message of an event of type name that came without one,
// about the entity w.
func (w *wireEntity) message(name string) string {
	p := w.parts()
	d, _ := eventmsg.Describe(w.kind(name), &p)
	return d.Message(name, eventmsg.Verb(name))
}

// appendMessage is message appended to dst, verb eventmsg.Verb(name), as
// the fast decoder writes it: in place, keeping none of w's strings.
func (w *wireEntity) appendMessage(dst []byte, name, verb string) []byte {
	p := w.parts()
	return eventmsg.AppendMessage(dst, w.kind(name), name, verb, &p)
}

// kind is what the entity is: its resource, or else the first part of the
// type's name.
func (w *wireEntity) kind(name string) string {
	if w.Resource != "" {
		return w.Resource
	}
	kind, _, _ := strings.Cut(name, ".")
	return kind
}

// parts are what a message is made of, of the entity.
func (w *wireEntity) parts() eventmsg.Parts {
	return eventmsg.Parts{Method: w.Method, Description: w.Description, Interval: w.Interval,
		Amount:        eventmsg.Money{Currency: w.Amount.Currency, Value: w.Amount.Value},
		FailureReason: w.Details.FailureReason, FailureMessage: w.Details.FailureMessage,
		BankReasonCode: w.Details.BankReasonCode, BankReason: w.Details.BankReason,
		StatusCode: w.StatusReason.Code, StatusMessage: w.StatusReason.Message,
		ReasonCode: w.Reason.Code, ReasonDescription: w.Reason.Description}
}

// dashboard is the link to the entity's dashboard page, when it has one.
func (w *wireEntity) dashboard() (Link, bool) {
	dash := w.Links.Dashboard
	if dash == nil || dash.Href == "" {
		return Link{}, false
	}
	return Link{Name: "dashboard", Href: dash.Href, Type: dash.Type}, true
}

func isDashboard(l Link) bool { return l.Name == "dashboard" }

// linkRank orders a webhook event's links.
func linkRank(name string) int {
	switch name {
	case "url":
		return 0
	case "dashboard":
		return 1
	case "entity":
		return 2
	}
	return 3
}
