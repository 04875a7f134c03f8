package model

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/timefmt"
	"github.com/eventbrowser/eventbrowser/query"
)

// fieldErr is a fault inside one event, at offset off within it.
type fieldErr struct {
	off   int
	field string
	msg   string
}

// decodeEvent decodes one event object. raw is known to be valid JSON.
func decodeEvent(raw []byte) (Event, *fieldErr) {
	var e Event
	start := skipSpace(raw, 0)
	if raw[start] != '{' {
		return e, &fieldErr{off: start, msg: "event: want an object, got " + kindOf(raw[start:])}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.Token() // the '{'
	var hasType, hasCreated, hasMessage bool
	createdName := "createdAt"
	for dec.More() {
		tok, _ := dec.Token()
		key := tok.(string)
		off := valueStart(raw, int(dec.InputOffset()))
		var v json.RawMessage
		dec.Decode(&v)
		if string(v) == "null" {
			continue // as good as absent; a required field is then missing
		}
		bad := func(msg string) (Event, *fieldErr) {
			return e, &fieldErr{off: off, field: key, msg: fmt.Sprintf("field %q: %s", key, msg)}
		}
		switch key {
		case "resource":
			s, ok := stringValue(v)
			if !ok {
				return bad("want a string, got " + kindOf(v))
			}
			e.Resource = s
		case "type":
			n, name, msg := typeValue(v)
			if msg != "" {
				return bad(msg)
			}
			e.Type, e.TypeName, hasType = n, name, true
		case "createdAt", "created_at":
			t, s, msg := createdValue(v)
			if msg != "" {
				return bad(msg)
			}
			e.Created, e.CreatedRaw, hasCreated, createdName = t, s, true, key
		case "message":
			s, ok := stringValue(v)
			if !ok {
				return bad("want a string, got " + kindOf(v))
			}
			e.Message, hasMessage = s, true
		case "id", "entityId", "_embedded":
			if msg := e.webhookMember(key, v); msg != "" {
				return bad(msg)
			}
		case "source":
			// Not Mollie's: eventbrowser's own JSON output writes it when
			// events came from several sources, so a round trip keeps them.
			if s, ok := stringValue(v); ok {
				e.Source = cells.SafeLine(s)
			}
		case "_links", "links":
			links, msg := linksValue(v)
			if msg != "" {
				return bad(msg)
			}
			e.Links = links
		}
	}
	missing := func(field string) (Event, *fieldErr) {
		return e, &fieldErr{off: start, field: field, msg: fmt.Sprintf("missing field %q", field)}
	}
	switch {
	case !hasType:
		return missing("type")
	case !hasCreated:
		return missing(createdName)
	case !hasMessage && e.TypeName == "":
		return missing("message") // only a named type says what happened without one
	}
	e.finishWebhook(hasMessage)
	return e, nil
}

// createdValue reads a createdAt value: the instant, the text as written,
// or why it is not one eventbrowser holds.
func createdValue(v []byte) (t time.Time, s, msg string) {
	s, ok := stringValue(v)
	if !ok {
		return t, "", "want a string, got " + kindOf(v)
	}
	t, err := timefmt.Parse(s)
	if err != nil {
		return t, "", fmt.Sprintf("cannot parse %s as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z)", quoteExcerpt(s))
	}
	if !Held(t) {
		return t, "", fmt.Sprintf("%s is outside the years eventbrowser holds, 1900 to 2099 (UTC)", quoteExcerpt(s))
	}
	return t, s, ""
}

func stringValue(v []byte) (string, bool) {
	if len(v) == 0 || v[0] != '"' {
		return "", false
	}
	var s string
	err := json.Unmarshal(v, &s)
	return s, err == nil
}

// typeValue parses an event type: a JSON integer that fits in 32 bits, or
// a string that is a name (query.IsTypeName: "payment.failed"). 200.0, 2e2
// and "200" are refused, saying why, rather than guessed at.
func typeValue(v []byte) (n int, name, msg string) {
	const want = "want an integer or a name like payment.failed, got "
	if v[0] == '"' {
		s, _ := stringValue(v)
		if !query.IsTypeName(s) {
			return 0, "", want + "the string " + quoteExcerpt(s)
		}
		return 0, s, ""
	}
	if v[0] != '-' && (v[0] < '0' || v[0] > '9') {
		return 0, "", want + kindOf(v)
	}
	if bytes.ContainsAny(v, ".eE") {
		return 0, "", want + numberText(v)
	}
	i, err := strconv.ParseInt(string(v), 10, 32)
	if err != nil {
		return 0, "", want + numberText(v) + ", which is outside the 32-bit range"
	}
	return int(i), "", ""
}

// linksValue decodes an _links object: name → {href, type}, in input order
// with "url" moved first. Null entries (Mollie writes "next": null) are
// skipped.
func linksValue(v []byte) ([]Link, string) {
	if v[0] != '{' {
		return nil, "want an object, got " + kindOf(v)
	}
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.Token()
	var links []Link
	for dec.More() {
		tok, _ := dec.Token()
		name := tok.(string)
		var lv json.RawMessage
		dec.Decode(&lv)
		if string(lv) == "null" {
			continue
		}
		if lv[0] != '{' {
			return nil, fmt.Sprintf("link %q: want an object with \"href\", got %s", name, kindOf(lv))
		}
		var w struct {
			Href json.RawMessage `json:"href"`
			Type json.RawMessage `json:"type"`
		}
		json.Unmarshal(lv, &w)
		href, ok := stringValue(w.Href)
		if !ok {
			if len(w.Href) == 0 || string(w.Href) == "null" {
				return nil, fmt.Sprintf("link %q: missing \"href\"", name)
			}
			return nil, fmt.Sprintf("link %q: \"href\" wants a string, got %s", name, kindOf(w.Href))
		}
		typ, ok := stringValue(w.Type)
		if !ok && len(w.Type) > 0 && string(w.Type) != "null" {
			return nil, fmt.Sprintf("link %q: \"type\" wants a string, got %s", name, kindOf(w.Type))
		}
		links = append(links, Link{Name: name, Href: href, Type: typ})
	}
	// "url" first; a stable sort keeps everything else, and repeated "url"
	// entries, in input order, so printing and loading again changes nothing.
	slices.SortStableFunc(links, func(a, b Link) int {
		return cmp.Compare(b2i(b.Name == "url"), b2i(a.Name == "url"))
	})
	return links, ""
}

// kindOf names the JSON type of the value v starts with.
func kindOf(v []byte) string {
	if len(v) == 0 {
		return "nothing"
	}
	switch c := v[0]; {
	case c == '"':
		return "a string"
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	case c == '-' || (c >= '0' && c <= '9'):
		return "a number"
	}
	return excerpt(v)
}

// excerpt quotes the start of untrusted input for an error message; %q
// escapes anything that could reach a terminal as a control.
func excerpt(b []byte) string {
	const max = 40
	if len(b) > max {
		return fmt.Sprintf("%q…", b[:max])
	}
	return fmt.Sprintf("%q", b)
}

// numberText shows a JSON number literal (plain ASCII, so safe), shortened.
func numberText(v []byte) string {
	if len(v) > 24 {
		return string(v[:24]) + "…"
	}
	return string(v)
}

func quoteExcerpt(s string) string { return excerpt([]byte(s)) }
