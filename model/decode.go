package model

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"
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
func (d Decoded) SkipNote() string { return d.skipNote(nil) }

// skipNote is SkipNote with each reason worded by explain (nil: its own
// text).
func (d Decoded) skipNote(explain func(error) string) string {
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
		if explain != nil {
			b.WriteString(explain(r))
		} else {
			b.WriteString(r.Error())
		}
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
	// Explain words the reasons events were skipped for, in the note that
	// says so; nil means each error's own text. A command adds its flags'
	// names with it: a value over MaxEventSize is over --max-event-size.
	Explain func(error) string
	// PlaceEvents has the streaming decoders say where each webhook event
	// (one with an ID) is in the file, or keep a copy of one read from a
	// stream (Chunk.EventPlaceAt), so that a printer can write it as it
	// was read, its entity embedded.
	PlaceEvents bool
	// Decoded, if not nil, is handed each chunk the streaming decoders
	// emit as soon as it is decoded, on the goroutine that decoded it: a
	// big file's second half, emitted after the first, comes here while
	// the first is read. A source lets go there what a waiting chunk need
	// not keep (Chunk.DropEntities). Halves that do not join (the cut fell
	// inside a value) hand over second-half chunks that are never emitted.
	Decoded func(*Chunk)
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
	File   string
	Line   int
	Field  string // the field at fault, "" when the error is not about one
	Msg    string // the reason, naming the field when there is one
	Err    error  // the cause when there is one of its own type, a *TooBigError
	Broken bool   // the JSON itself is broken: SkipInvalid cannot get past it
}

func (e *DecodeError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

func (e *DecodeError) Unwrap() error { return e.Err }

var bom = []byte("\xef\xbb\xbf")

// Decode reads events from data, detecting its shape from the content:
//   - a JSON array of events;
//   - a customer object with an "events" array (GET /v2/customers/{id}?include=events);
//     its events get the customer ID as their source;
//   - a list response with _embedded.customers[].events or _embedded.events;
//   - NDJSON, one event per line (blank lines and CRLF allowed);
//   - a single event, such as a webhook event as Mollie POSTs it.
//
// Webhook events (a named type, "id", "entityId", "_embedded.entity") may
// be mixed with customer events in any of these; see webhook.go.
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
		return Decoded{}, err
	}
	if len(d.out.Events) == 0 && len(d.out.Notes) == 0 && d.out.Skipped == 0 {
		d.note("%s: no events", d.name)
	}
	return d.out, nil
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
	case stringField(fields, "resource") == "event" && !has("events"):
		return d.event(d.data[start:end], start, d.source()) // a webhook event has an _embedded of its own
	case has("events") || has("_embedded"):
		return d.container(fields, d.source())
	case stringField(fields, "resource") == "customer": // before the event case: a customer has a createdAt too
		id := cells.SanitizeLine(stringField(fields, "id"))
		if id == "" {
			id = d.name
		}
		d.note("%s: customer %s has no \"events\" field: Mollie returns a customer's events only with ?include=events, and only on accounts where that option is enabled", d.name, cells.SanitizeLine(id))
		return nil
	case has("type") || has("createdAt") || has("created_at") || has("message"):
		return d.event(d.data[start:end], start, d.source()) // a single event, maybe pretty-printed
	}
	return d.errAt(skipSpace(d.data, 0), "", "not JSON events: want an array of events, a customer with \"events\", a list with \"_embedded\", or NDJSON")
}

// container decodes the events of a customer object or a list response.
func (d *decoder) container(fields map[string]span, source string) error {
	if id := cells.SanitizeLine(stringField(fields, "id")); id != "" {
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
	e.sourceOr(source)
	e.Finish()
	d.out.Events = append(d.out.Events, e)
	return nil
}
