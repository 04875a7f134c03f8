// Package output writes events for scripts: tsv, csv, json, ndjson and a
// width-fitted table, all at once (Print) or as they are read (Printer).
package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// Format is a way of printing events for scripts and people.
type Format int

const (
	FormatTSV Format = iota
	FormatTable
	FormatJSON
	FormatNDJSON
	FormatCSV
)

var formatNames = [...]string{"tsv", "table", "json", "ndjson", "csv"}

// FormatNames lists the formats by name, as --output takes them.
func FormatNames() []string { return formatNames[:] }

func (f Format) String() string { return formatNames[f] }

// ParseFormat reads an --output value.
func ParseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if s == n {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("unknown output format %q: want tsv, csv, json, ndjson or table", s)
}

// Options tune Print.
type Options struct {
	WithSource bool // json, ndjson: add "source" (when events come from several sources)
	Width      int  // table: the width to fit; 0 means 120
	// Resource, when set, gives the resource an event links to (--expand,
	// or resource columns): its JSON, nil if none, and its columns' values,
	// nil when not known. Without Columns, json and ndjson embed it as
	// "_embedded": {"resource": …}, and tsv, csv and table gain a status
	// column.
	Resource func(*model.Event) (raw []byte, r *model.ResourceValues)
	// Raw, when set, gives the JSON object an event was read from (a
	// webhook event as it is in its file, its entity embedded), nil when
	// not known: json and ndjson write it as it is, when nothing is added
	// to the event (no Resource, no Columns).
	Raw func(*model.Event) []byte
	// Columns, when set, are the columns every format prints, in order:
	// tsv, csv and table as they do theirs, json and ndjson as an object
	// keyed by the columns' names, the values as the event and the API
	// wrote them.
	Columns []model.Column
	// NoHeader leaves out csv's header row: a --watch print after the
	// first, whose rows go under the same header.
	NoHeader bool
}

// Print writes events in format f.
//   - tsv: no header; created-at (RFC 3339, UTC, the fraction it had), type,
//     message, first link's href, source. Text is sanitized: no controls,
//     escapes or bidi overrides, tabs and newlines become spaces.
//   - table: the same columns with a header, fitted to the width.
//   - csv: the same columns as RFC 4180 CSV under a header row, with
//     formulas defused for spreadsheets (see csvRows).
//   - json: one array of events in Mollie's wire shape, strings exactly as
//     loaded, which loads back into the same events; one whose JSON is
//     known (Options.Raw, Chunk.Raw) as it was read.
//   - ndjson: the same objects, one a line.
func Print(w io.Writer, f Format, events iter.Seq[*model.Event], o Options) error {
	if f == FormatTable {
		bw := bufio.NewWriterSize(w, 64<<10)
		printTable(bw, events, o)
		return bw.Flush()
	}
	p := NewPrinter(w, f, o)
	for e := range events {
		if err := p.Write(e); err != nil {
			return err
		}
	}
	return p.Close()
}

// appendJSON appends e as json and ndjson write it: as raw, the JSON it
// was read from, or else o.Raw's, when that is known and nothing is added
// to the event; a long message may go to w straight (see appendJSON).
func (o Options) appendJSON(b []byte, e *model.Event, raw []byte, w *bufio.Writer) []byte {
	if len(o.Columns) > 0 {
		return o.appendColumnsJSON(b, e, w)
	}
	if o.Resource == nil {
		if raw == nil && o.Raw != nil {
			raw = o.Raw(e)
		}
		if raw = oneLine(raw); raw != nil {
			return appendRaw(b, raw, e, o.WithSource)
		}
		return appendJSON(b, e, o.WithSource, w)
	}
	res, _ := o.Resource(e)
	return EmbedResource(b, e, o.WithSource, res)
}

// AppendEvent appends e as json and ndjson write it: as it was read, when
// o.Raw knows that, else its fields (AppendJSON), without a newline.
func (o Options) AppendEvent(b []byte, e *model.Event) []byte { return o.appendJSON(b, e, nil, nil) }

func appendTSV(b []byte, e *model.Event) []byte {
	b = e.Created.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, '\t')
	b = appendType(b, e)
	b = append(b, '\t')
	b = append(b, e.Line...)
	b = append(b, '\t')
	b = append(b, cells.SanitizeLine(e.URL())...)
	b = append(b, '\t')
	b = append(b, e.Source...)
	return append(b, '\n')
}

// appendType appends the type as tsv, csv and table write it: the
// number, or the name.
func appendType(b []byte, e *model.Event) []byte {
	if e.TypeName == "" {
		return strconv.AppendInt(b, int64(e.Type), 10)
	}
	return append(b, typeText(e)...)
}

// typeText is e.TypeText for display. A name as the decoders read it is
// plain ASCII; one set by a source is sanitized all the same.
func typeText(e *model.Event) string {
	if e.TypeName == "" {
		return strconv.Itoa(e.Type)
	}
	return cells.SanitizeLine(e.TypeName)
}

// AppendJSON appends e in Mollie's wire shape (resource, a webhook event's
// id, type, a webhook event's entityId, createdAt with its original text,
// message, _links), plus "source" when withSource is set. A webhook event's
// message, written from its entity, is written out, so it loads back the
// same without the entity, which is not kept. Strings are kept exactly as loaded: this is data, not display, so
// decoding the output gives the same event back.
func AppendJSON(b []byte, e *model.Event, withSource bool) []byte {
	return appendJSON(b, e, withSource, nil)
}

// appendJSON is AppendJSON, writing through w, when it is not nil, what b
// holds before a long run of plain text and the run itself, so a long
// message is not copied into b.
func appendJSON(b []byte, e *model.Event, withSource bool, w *bufio.Writer) []byte {
	b = append(b, `{"resource":`...)
	b = appendString(b, e.Resource)
	if e.ID != "" {
		b = append(b, `,"id":`...)
		b = appendString(b, e.ID)
	}
	b = append(b, `,"type":`...)
	if e.TypeName != "" {
		b = appendString(b, e.TypeName) // a string, which decodes back as a name
	} else {
		b = strconv.AppendInt(b, int64(e.Type), 10)
	}
	if e.EntityID != "" {
		b = append(b, `,"entityId":`...)
		b = appendString(b, e.EntityID)
	}
	b = append(b, `,"createdAt":`...)
	b = appendString(b, e.CreatedRaw)
	b = append(b, `,"message":`...)
	b = appendStringTo(b, e.Message, w)
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
		b = appendString(b, string(e.Source))
	}
	return append(b, '}')
}

// appendRaw appends raw, the JSON object e was read from (a webhook
// event as a receiver stored it, its entity embedded), on one line
// (oneLine), as it is but for its C1 and bidi controls, escaped as the
// event's are, and e's source added when withSource.
func appendRaw(b []byte, raw []byte, e *model.Event, withSource bool) []byte {
	if !withSource || len(raw) < 2 {
		return append(b, escapeRunes(raw)...)
	}
	b = append(b, escapeRunes(raw[:len(raw)-1])...) // up to its closing brace
	if len(bytes.TrimSpace(raw[1:len(raw)-1])) > 0 {
		b = append(b, ',')
	}
	b = append(b, `"source":`...)
	b = appendString(b, string(e.Source))
	return append(b, '}')
}

// oneLine is raw, a JSON object, on one line: compacted when it spans
// several; nil when it is not valid JSON, or not valid UTF-8 (a lone byte
// 0x9B is a CSI to some terminals), and the event's own fields are
// written instead, invalid bytes as U+FFFD.
func oneLine(raw []byte) []byte {
	if raw == nil || !utf8.Valid(raw) {
		return nil
	}
	if bytes.IndexByte(raw, '\n') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return raw
	}
	var compact bytes.Buffer
	if json.Compact(&compact, raw) != nil {
		return nil
	}
	return compact.Bytes()
}

// IndentJSON returns e as indented JSON, for the detail view's raw mode.
func IndentJSON(e *model.Event) string {
	var out bytes.Buffer
	json.Indent(&out, AppendJSON(nil, e, false), "", "  ")
	return out.String()
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Unlike encoding/json it leaves <,
// > and & alone (nothing here goes into HTML); like it, it escapes controls,
// U+2028 and U+2029, and turns invalid UTF-8 into U+FFFD. It also escapes
// C1 controls and bidi controls (escapedRune), which a terminal showing the
// output would obey: the decoded string is the same.
func appendString(b []byte, s string) []byte { return appendStringTo(b, s, nil) }

// escapedRune tells the characters beyond ASCII that JSON output writes as
// \u escapes: U+2028 and U+2029, which end a line in JavaScript, C1
// controls (U+0080–U+009F, an 8-bit CSI among them) and bidi controls.
func escapedRune(r rune) bool {
	return r == '\u2028' || r == '\u2029' || r >= 0x80 && r <= 0x9f || cells.IsBidi(r)
}

// firstEscaped is where b first holds a character escapedRune tells, or
// -1. Each starts with one of three bytes in UTF-8, which are never inside
// another character: 0xC2 (C1 controls), 0xD8 (U+061C) or 0xE2 (U+2028,
// U+2029 and the other bidi controls); bytes.IndexByte finds them many
// bytes at a time, and only from the first are characters decoded.
func firstEscaped(b []byte) int {
	from := -1
	for _, lead := range [...]byte{0xc2, 0xd8, 0xe2} {
		if j := bytes.IndexByte(b, lead); j >= 0 && (from < 0 || j < from) {
			from = j
		}
	}
	if from < 0 {
		return -1
	}
	if j := bytes.IndexFunc(b[from:], escapedRune); j >= 0 {
		return from + j
	}
	return -1
}

// appendRuneEscape appends r, below U+10000, as \uXXXX.
func appendRuneEscape(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}

// escapeRunes rewrites, in valid JSON b, the characters escapedRune tells
// as \u escapes. Valid JSON holds such characters only inside strings, so
// the values are unchanged.
func escapeRunes(b []byte) []byte {
	i := firstEscaped(b)
	if i < 0 {
		return b
	}
	out := append([]byte(nil), b[:i]...)
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if escapedRune(r) {
			out = appendRuneEscape(out, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// plainRun is where, from i on, s first holds a byte a JSON string must
// escape or that starts a multi-byte character: a long message is mostly
// plain text, looked at eight bytes at a time.
func plainRun(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		x := cells.Word(s, i)
		if cells.Special(x) != 0 {
			break
		}
	}
	for i < len(s) && s[i] >= 0x20 && s[i] != '"' && s[i] != '\\' && s[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// longRun is the plain text from which appendStringTo writes through w.
const longRun = 64 << 10

// appendStringTo is appendString, writing a long run of plain text through
// w when it is not nil, after what b holds.
func appendStringTo(b []byte, s string, w *bufio.Writer) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i = plainRun(s, i+1)
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if escapedRune(r) {
			b = append(b, s[start:i]...)
			b = appendRuneEscape(b, r)
			i += size
			start = i
			continue
		}
		i += size
	}
	if w != nil && len(s)-start > longRun {
		w.Write(b)
		w.WriteString(s[start:])
		return append(b[:0], '"')
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
