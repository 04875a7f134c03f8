package model

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Decoded is what one input held.
type Decoded struct {
	Events []Event
	// Notes are things worth telling the user that are not errors, such as a
	// customer response without an "events" field.
	Notes []string

	// Skipped counts the events left out by DecodeOptions.SkipInvalid, and
	// SkipReasons holds why for the first MaxSkipReasons of them.
	Skipped     int
	SkipReasons []*DecodeError
}

// MaxSkipReasons is how many reasons for skipped events Decoded keeps.
const MaxSkipReasons = 5

// SkipNote says how many events were skipped and why, for the status line
// or stderr; "" when none were.
func (d Decoded) SkipNote() string {
	if d.Skipped == 0 || len(d.SkipReasons) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: skipped %d invalid event", d.SkipReasons[0].File, d.Skipped)
	if d.Skipped != 1 {
		b.WriteByte('s')
	}
	if len(d.SkipReasons) < d.Skipped {
		fmt.Fprintf(&b, "; the first %d: ", len(d.SkipReasons))
	} else {
		b.WriteString(": ")
	}
	for i, r := range d.SkipReasons {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(r.Error())
	}
	return b.String()
}

// DecodeOptions tune DecodeWith.
type DecodeOptions struct {
	// SkipInvalid leaves out events with field errors (and NDJSON lines that
	// are not valid JSON) and goes on, counting them in Decoded.Skipped,
	// instead of failing at the first. Broken JSON in an array or object
	// still fails the whole input: past it there is no telling where the
	// next event starts.
	SkipInvalid bool
	// MaxEventSize is the largest single JSON value (an event, or a
	// customer or list response read whole) the streaming decoders read;
	// 0 means DefaultMaxEventSize. A larger one is an error, or with
	// SkipInvalid an event skipped.
	MaxEventSize int64
	// Source is the source of the events that name none (no "source"
	// field, no customer ID around them); "" means the input's name, which
	// errors always give. Decode reads it; the streaming decoders, which
	// read files, always use the file's name.
	Source string
}

func (o DecodeOptions) maxEventSize() int64 {
	if o.MaxEventSize > 0 {
		return o.MaxEventSize
	}
	return DefaultMaxEventSize
}

// MaxDepth is how deeply objects and arrays may nest. The deepest shape
// eventbrowser reads, a list response, needs 9 levels (root, _embedded,
// customers, a customer, events, an event, _links, url, href); deeper input
// is not Mollie events, and refusing it up front keeps a hostile file from
// costing more than one pass over its bytes.
const MaxDepth = 32

// DecodeError says where an input is wrong and why.
type DecodeError struct {
	File  string
	Line  int
	Field string // the field at fault, "" when the error is not about one
	Msg   string // the reason, naming the field when there is one

	broken bool // the JSON itself is broken: SkipInvalid cannot get past it
}

func (e *DecodeError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

var bom = []byte("\xef\xbb\xbf")

// Decode reads events from data, detecting its shape from the content:
//   - a JSON array of events;
//   - a customer object with an "events" array (GET /v2/customers/{id}?include=events);
//     its events get the customer ID as their source;
//   - a list response with _embedded.customers[].events or _embedded.events;
//   - NDJSON, one event per line (blank lines and CRLF allowed).
//
// name is used in errors and as the source of events that have no customer.
// Data must already be decompressed. An empty input or [] is zero events.
// Input nested deeper than MaxDepth is an error. The first invalid event
// fails the whole input; see DecodeWith to skip invalid events instead.
func Decode(name string, data []byte) (Decoded, error) {
	return DecodeWith(name, data, DecodeOptions{})
}

// DecodeWith is Decode with options.
func DecodeWith(name string, data []byte, o DecodeOptions) (Decoded, error) {
	d := &decoder{name: name, data: bytes.TrimPrefix(data, bom), opts: o, line: 1}
	return d.decode()
}

type decoder struct {
	name string
	data []byte
	opts DecodeOptions
	out  Decoded

	// lineOff and line cache the line number at an offset, so that counting
	// lines over a file of increasing offsets stays linear.
	lineOff, line int
}

func (d *decoder) decode() (Decoded, error) {
	i := skipSpace(d.data, 0)
	if i == len(d.data) {
		d.note("%s: empty, no events", d.name)
		return d.out, nil
	}
	var err error
	switch d.data[i] {
	case '[':
		if _, deep := scanValue(d.data, i); deep >= 0 {
			err = d.tooDeep(deep)
		} else {
			err = d.eventArray(d.data, 0, d.source())
		}
	case '{':
		err = d.object()
	default:
		err = d.errAt(i, "", fmt.Sprintf("not JSON events: want an array or an object, got %s", excerpt(d.data[i:])))
	}
	if err != nil {
		return Decoded{}, d.opts.hint(err)
	}
	if len(d.out.Events) == 0 && len(d.out.Notes) == 0 && d.out.Skipped == 0 {
		d.note("%s: no events", d.name)
	}
	return d.out, nil
}

// hint says, on an error that stops an input read with SkipInvalid, why
// skipping could not get past it.
func (o DecodeOptions) hint(err error) error {
	var de *DecodeError
	if o.SkipInvalid && errors.As(err, &de) && de.broken {
		de.Msg += " (--skip-invalid cannot help: past broken JSON there is no telling where the next event starts)"
	}
	return err
}

// skip records err as the reason an event is left out and reports true, if
// the options say to skip invalid events; else it reports false.
func (d *decoder) skip(err error) bool {
	var de *DecodeError
	if !d.opts.SkipInvalid || !errors.As(err, &de) {
		return false
	}
	d.out.Skipped++
	if len(d.out.SkipReasons) < MaxSkipReasons {
		d.out.SkipReasons = append(d.out.SkipReasons, de)
	}
	return true
}

func (d *decoder) tooDeep(off int) error {
	return d.errAt(off, "", fmt.Sprintf("nesting deeper than %d levels: not Mollie events", MaxDepth))
}

func (d *decoder) note(format string, args ...any) {
	d.out.Notes = append(d.out.Notes, fmt.Sprintf(format, args...))
}

// object handles input that starts with '{': one customer or list response,
// or NDJSON when more values follow the first.
func (d *decoder) object() error {
	start := skipSpace(d.data, 0)
	// One pass over the brackets finds where the first value ends, and
	// whether it nests too deeply, before encoding/json reads any of it.
	end, deep := scanValue(d.data, start)
	if skipSpace(d.data, end) < len(d.data) {
		// More values follow. A first value that spans lines means
		// pretty-printed events one after another (jq '.events[]'), which
		// NDJSON's one-event-per-line reading would take for cut-off lines.
		if bytes.IndexByte(d.data[start:end], '\n') >= 0 && !brokenFirstLine(d.data[start:]) {
			return d.stream()
		}
		return d.ndjson()
	}
	if brokenFirstLine(d.data[start:]) {
		return d.ndjson() // NDJSON whose first line is broken: skipped like any other
	}
	if deep >= 0 {
		return d.tooDeep(deep)
	}
	fields, _, err := d.objectFields(d.data, 0, "")
	if err != nil {
		return err
	}
	has := func(k string) bool { _, ok := fields[k]; return ok }
	switch {
	case has("events") || has("_embedded"):
		return d.container(fields, d.source())
	case stringField(fields, "resource") == "customer": // before the event case: a customer has a createdAt too
		id := SanitizeLine(stringField(fields, "id"))
		if id == "" {
			id = d.name
		}
		d.note("%s: customer %s has no \"events\" field: Mollie returns a customer's events only with ?include=events, and only on accounts where that option is enabled", d.name, SanitizeLine(id))
		return nil
	case has("type") || has("createdAt") || has("created_at") || has("message"):
		return d.event(d.data[start:end], start, d.source()) // a single event, maybe pretty-printed
	}
	return d.errAt(skipSpace(d.data, 0), "", "not JSON events: want an array of events, a customer with \"events\", a list with \"_embedded\", or NDJSON")
}

// container decodes the events of a customer object or a list response.
func (d *decoder) container(fields map[string]span, source string) error {
	if id := SanitizeLine(stringField(fields, "id")); id != "" {
		source = id
	}
	if ev, ok := fields["events"]; ok && !ev.isNull() {
		if err := d.eventArray(ev.raw, ev.start, source); err != nil {
			return err
		}
	} else if ok {
		return nil
	}
	emb, ok := fields["_embedded"]
	if !ok || emb.isNull() {
		return nil
	}
	inner, _, err := d.objectFields(emb.raw, emb.start, "_embedded")
	if err != nil {
		return err
	}
	if ev, ok := inner["events"]; ok && !ev.isNull() {
		if err := d.eventArray(ev.raw, ev.start, source); err != nil {
			return err
		}
	}
	cs, ok := inner["customers"]
	if !ok || cs.isNull() {
		return nil
	}
	customers, err := d.arrayElems(cs.raw, cs.start, "_embedded.customers")
	if err != nil {
		return err
	}
	missing := 0
	for _, c := range customers {
		cf, _, err := d.objectFields(c.raw, c.start, "_embedded.customers")
		if err != nil {
			return err
		}
		if _, ok := cf["events"]; !ok {
			missing++
			continue
		}
		if err := d.container(cf, d.source()); err != nil {
			return err
		}
	}
	if missing > 0 {
		d.note("%s: %d of %d customers have no \"events\" field: Mollie returns a customer's events only with ?include=events, and only on accounts where that option is enabled", d.name, missing, len(customers))
	}
	return nil
}

// eventArray decodes a JSON array of events found at offset base.
func (d *decoder) eventArray(raw []byte, base int, source string) error {
	elems, err := d.arrayElems(raw, base, "events")
	if err != nil {
		return err
	}
	for _, el := range elems {
		if err := d.event(el.raw, el.start, source); err != nil {
			return err
		}
	}
	return nil
}

// ndjson decodes the whole input as one event per line.
func (d *decoder) ndjson() error {
	off := 0
	for off < len(d.data) {
		end := bytes.IndexByte(d.data[off:], '\n')
		if end < 0 {
			end = len(d.data)
		} else {
			end += off
		}
		line := bytes.TrimSpace(d.data[off:end])
		if len(line) > 0 {
			if err := d.ndjsonLine(line, skipSpace(d.data, off)); err != nil && !d.skip(err) {
				return err
			}
		}
		off = end + 1
	}
	return nil
}

// ndjsonLine decodes one NDJSON line found at offset start.
func (d *decoder) ndjsonLine(line []byte, start int) error {
	if deep := scanDepth(line); deep >= 0 {
		return d.tooDeep(start + deep)
	}
	if !json.Valid(line) {
		var v json.RawMessage
		err := json.Unmarshal(line, &v)
		return d.jsonErr(err, start, line)
	}
	return d.event(line, start, d.source())
}

// stream decodes the whole input as JSON values one after another, each an
// event, however they are laid out over lines.
func (d *decoder) stream() error {
	dec := json.NewDecoder(bytes.NewReader(d.data))
	for {
		start := skipSpace(d.data, int(dec.InputOffset()))
		if start == len(d.data) {
			return nil
		}
		if _, deep := scanValue(d.data, start); deep >= 0 {
			return d.tooDeep(deep)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return d.jsonErr(err, start, d.data[start:])
		}
		if err := d.event(v, start, d.source()); err != nil {
			return err
		}
	}
}

// source is what events that name none come from.
func (d *decoder) source() string { return cmp.Or(d.opts.Source, d.name) }

// event decodes one event object found at offset start and appends it, or
// skips it if it is invalid and the options say so.
func (d *decoder) event(raw []byte, start int, source string) error {
	e, ferr := decodeEvent(raw)
	if ferr != nil {
		if err := d.errAt(start+ferr.off, ferr.field, ferr.msg); !d.skip(err) {
			return err
		}
		return nil
	}
	// A source from the input is untrusted text too. One that is nothing
	// once sanitized counts as absent, or the event would have no source
	// to show, and a round trip through the JSON output would change it.
	if e.Source = SanitizeLine(e.Source); e.Source == "" {
		e.Source = SanitizeLine(source)
	}
	e.finish()
	d.out.Events = append(d.out.Events, e)
	return nil
}

// span is one JSON value inside the input: its bytes and where they start.
type span struct {
	raw   []byte
	start int
}

func (s span) isNull() bool { return string(s.raw) == "null" }

func stringField(fields map[string]span, key string) string {
	var s string
	if f, ok := fields[key]; ok {
		_ = json.Unmarshal(f.raw, &s) // a non-string is as good as absent here
	}
	return s
}

// objectFields splits the object in raw (at offset base) into its fields. It
// also returns the offset just past the object, relative to base's input.
// field names the object in errors; "" for the top level.
func (d *decoder) objectFields(raw []byte, base int, field string) (map[string]span, int, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	start := skipSpace(raw, 0)
	if err := d.expectDelim(dec, '{', raw, base, field); err != nil {
		return nil, 0, err
	}
	fields := map[string]span{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, 0, d.jsonErr(err, base+start, raw[start:])
		}
		key, _ := tok.(string)
		vstart := valueStart(raw, int(dec.InputOffset()))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, 0, d.jsonErr(err, base+start, raw[start:])
		}
		fields[key] = span{raw: v, start: base + vstart}
	}
	if _, err := dec.Token(); err != nil {
		return nil, 0, d.jsonErr(err, base+start, raw[start:])
	}
	return fields, base + int(dec.InputOffset()), nil
}

// arrayElems splits the array in raw (at offset base) into its elements.
func (d *decoder) arrayElems(raw []byte, base int, field string) ([]span, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	start := skipSpace(raw, 0)
	if err := d.expectDelim(dec, '[', raw, base, field); err != nil {
		return nil, err
	}
	var elems []span
	for dec.More() {
		vstart := valueStart(raw, int(dec.InputOffset()))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, d.jsonErr(err, base+start, raw[start:])
		}
		elems = append(elems, span{raw: v, start: base + vstart})
	}
	if _, err := dec.Token(); err != nil {
		return nil, d.jsonErr(err, base+start, raw[start:])
	}
	if rest := skipSpace(raw, int(dec.InputOffset())); base == 0 && rest < len(raw) {
		return nil, &DecodeError{File: d.name, Line: d.lineAt(rest), Msg: "unexpected data after the JSON array: " + excerpt(raw[rest:]), broken: true}
	}
	return elems, nil
}

func (d *decoder) expectDelim(dec *json.Decoder, want json.Delim, raw []byte, base int, field string) error {
	start := skipSpace(raw, 0)
	tok, err := dec.Token()
	if err != nil {
		return d.jsonErr(err, base+start, raw[start:])
	}
	if got, ok := tok.(json.Delim); !ok || got != want {
		what := "an array"
		if want == '{' {
			what = "an object"
		}
		msg := fmt.Sprintf("want %s, got %s", what, kindOf(raw[start:]))
		if field != "" {
			msg = fmt.Sprintf("field %q: %s", field, msg)
		}
		return d.errAt(base+start, field, msg)
	}
	return nil
}

// jsonErr turns an encoding/json error met while reading raw, which starts at
// offset start of the input, into a DecodeError with the line of the fault.
//
// A json.Decoder's SyntaxError.Offset is no position in its input: it leaves
// out the bytes that Token and More consumed, and counts the bad byte in some
// errors but not in others. So the fault is found again with json.Unmarshal,
// whose Offset is always just past the bad byte in raw.
func (d *decoder) jsonErr(err error, start int, raw []byte) error {
	var syn *json.SyntaxError
	end := start + len(raw)
	off, msg := start, "invalid JSON: "+err.Error()
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		off, msg = end, "unexpected end of input: the JSON is cut off"
	case errors.As(err, &syn):
		if rescan := json.Unmarshal(raw, new(json.RawMessage)); rescan != nil && errors.As(rescan, &syn) {
			off = start + max(int(syn.Offset)-1, 0)
		}
		off, msg = min(off, len(d.data)), "invalid JSON: "+syn.Error()
		if bomAt(d.data, off) {
			msg = midBOM
		}
		if syn.Error() == "unexpected end of JSON input" {
			off, msg = end, "unexpected end of input: the JSON is cut off"
		}
	}
	return &DecodeError{File: d.name, Line: d.lineAt(off), Msg: msg, broken: true}
}

// midBOM says what is wrong with a byte-order mark past a file's start,
// which encoding/json calls an invalid character 'ï'.
const midBOM = "a byte-order mark (U+FEFF) in the middle of the file, where JSON cannot have one: a file joined from others? Remove it (only the very start may hold one)"

// bomAt reports whether data holds a UTF-8 byte-order mark at off.
func bomAt(data []byte, off int) bool {
	return off >= 0 && off+len(bom) <= len(data) && bytes.Equal(data[off:off+len(bom)], bom)
}

func (d *decoder) errAt(off int, field, msg string) error {
	return &DecodeError{File: d.name, Line: d.lineAt(off), Field: field, Msg: msg}
}

// lineAt returns the 1-based line of byte offset off in d.data.
func (d *decoder) lineAt(off int) int {
	off = min(off, len(d.data))
	if off < d.lineOff {
		d.lineOff, d.line = 0, 1
	}
	d.line += bytes.Count(d.data[d.lineOff:off], []byte{'\n'})
	d.lineOff = off
	return d.line
}

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
			n, msg := intValue(v)
			if msg != "" {
				return bad(msg)
			}
			e.Type, hasType = n, true
		case "createdAt", "created_at":
			s, ok := stringValue(v)
			if !ok {
				return bad("want a string, got " + kindOf(v))
			}
			t, err := ParseTime(s)
			if err != nil {
				return bad(fmt.Sprintf("cannot parse %s as an RFC 3339 timestamp (like 2024-03-20T09:13:37Z)", quoteExcerpt(s)))
			}
			e.Created, e.CreatedRaw, hasCreated, createdName = t, s, true, key
		case "message":
			s, ok := stringValue(v)
			if !ok {
				return bad("want a string, got " + kindOf(v))
			}
			e.Message, hasMessage = s, true
		case "source":
			// Not Mollie's: eventbrowser's own JSON output writes it when
			// events came from several sources, so a round trip keeps them.
			if s, ok := stringValue(v); ok {
				e.Source = s
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
	case !hasMessage:
		return missing("message")
	}
	return e, nil
}

func stringValue(v []byte) (string, bool) {
	if len(v) == 0 || v[0] != '"' {
		return "", false
	}
	var s string
	err := json.Unmarshal(v, &s)
	return s, err == nil
}

// intValue parses an event type: a JSON integer that fits in 32 bits. 200.0,
// 2e2 and "200" are refused, saying why, rather than guessed at.
func intValue(v []byte) (int, string) {
	if v[0] == '"' {
		s, _ := stringValue(v)
		return 0, "want an integer, got the string " + quoteExcerpt(s)
	}
	if v[0] != '-' && (v[0] < '0' || v[0] > '9') {
		return 0, "want an integer, got " + kindOf(v)
	}
	if bytes.ContainsAny(v, ".eE") {
		return 0, fmt.Sprintf("want an integer, got %s", numberText(v))
	}
	n, err := strconv.ParseInt(string(v), 10, 32)
	if err != nil {
		return 0, fmt.Sprintf("want an integer, got %s, which is outside the 32-bit range", numberText(v))
	}
	return int(n), ""
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

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueStart skips whitespace and the ':' or ',' before a value.
func valueStart(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == ':' || b[i] == ',') {
		i++
	}
	return i
}

// scanValue walks the object or array that starts at data[i], counting
// brackets outside strings, and returns the offset just past its closing
// bracket (len(data) if it has none) and the offset of the first bracket
// nested deeper than MaxDepth, or -1. It does not check that the JSON is
// valid: that is encoding/json's job once the input is known to be shallow
// enough. One pass, and no recursion however deep the input. Any other
// value cannot nest: scanValue returns at once, leaving it to the decoder,
// so that a stream of many small values is not scanned to its end for each.
func scanValue(data []byte, i int) (end, deep int) {
	if i >= len(data) || (data[i] != '[' && data[i] != '{') {
		return i, -1
	}
	depth, deep := 0, -1
	for ; i < len(data); i++ {
		switch data[i] {
		case '"':
			i = endOfString(data, i+1)
		case '[', '{':
			if depth++; depth > MaxDepth && deep < 0 {
				deep = i
			}
		case ']', '}':
			if depth--; depth <= 0 {
				return i + 1, deep
			}
		}
	}
	return len(data), deep
}

// scanDepth is scanValue over all of b, whatever it holds: the offset of
// the first bracket nested deeper than MaxDepth, or -1.
func scanDepth(b []byte) int { return scanDepthFrom(b, 0) }

// scanDepthFrom is scanDepth for b found depth levels down.
func scanDepthFrom(b []byte, depth int) int {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			i = endOfString(b, i+1)
		case '[', '{':
			if depth++; depth > MaxDepth {
				return i
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return -1
}

// endOfString returns the offset of the quote that ends the JSON string
// whose contents start at i, or len(b) if it is not closed. A quote is
// escaped when an odd number of backslashes stands before it.
func endOfString(b []byte, i int) int {
	for {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			return len(b)
		}
		q += i
		n := 0
		for j := q - 1; j >= i && b[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return q
		}
		i = q + 1
	}
}
