package output

import (
	"bytes"
	"encoding/json"

	"github.com/eventbrowser/eventbrowser/model"
)

// EmbedResource appends an event's JSON (AppendJSON) with the resource it
// links to as "_embedded": {"resource": …}. raw must be a JSON object; its
// C1 and bidi controls are escaped as the event's are.
func EmbedResource(b []byte, e *model.Event, withSource bool, raw []byte) []byte {
	b = AppendJSON(b, e, withSource)
	if raw == nil {
		return b
	}
	var compact bytes.Buffer
	if json.Compact(&compact, raw) != nil {
		return b
	}
	b = append(b[:len(b)-1], `,"_embedded":{"resource":`...)
	b = append(b, escapeRunes(compact.Bytes())...)
	return append(b, "}}"...)
}
