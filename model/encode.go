package model

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// AppendJSON appends e in Mollie's wire shape (resource, type, createdAt
// with its original text, message, _links), plus "source" when withSource
// is set. Strings are kept exactly as loaded: this is data, not display, so
// decoding the output gives the same event back.
func AppendJSON(b []byte, e *Event, withSource bool) []byte {
	b = append(b, `{"resource":`...)
	b = appendString(b, e.Resource)
	b = append(b, `,"type":`...)
	b = strconv.AppendInt(b, int64(e.Type), 10)
	b = append(b, `,"createdAt":`...)
	b = appendString(b, e.CreatedRaw)
	b = append(b, `,"message":`...)
	b = appendString(b, e.Message)
	if len(e.Links) > 0 {
		b = append(b, `,"_links":{`...)
		for i, l := range e.Links {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, l.Name)
			b = append(b, `:{"href":`...)
			b = appendString(b, l.Href)
			if l.Type != "" {
				b = append(b, `,"type":`...)
				b = appendString(b, l.Type)
			}
			b = append(b, '}')
		}
		b = append(b, '}')
	}
	if withSource {
		b = append(b, `,"source":`...)
		b = appendString(b, e.Source)
	}
	return append(b, '}')
}

// IndentJSON returns e as indented JSON, for the detail view's raw mode.
func IndentJSON(e *Event) string {
	var out bytes.Buffer
	json.Indent(&out, AppendJSON(nil, e, false), "", "  ")
	return out.String()
}

// appendString appends s as a JSON string. Unlike json.Marshal it leaves <,
// > and & alone (nothing here is embedded in HTML); invalid UTF-8 becomes
// U+FFFD, as encoding/json does.
func appendString(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte{'\n'})...)
}
