package model

import (
	"bytes"
	"unsafe"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/query"
)

// eventShape is where, in an event of a shape, each value fastEvent reads
// lies (scan_shape.go).
type eventShape struct {
	typeName, created, msg, source, resource, id, entityID shapeView
	embedded                                               shapeSpan
	wire                                                   []wireView // the entity's fields it has
	dash                                                   bool       // the entity has a dashboard link
	hasEmbedded                                            bool       // an "_embedded" member, even null
	newline                                                bool       // its literals hold a newline
	links                                                  []linkShape
	reads                                                  []int16 // the slots of the values read
}

type linkShape struct{ name, href, typ shapeView }

type wireView struct {
	field int8 // in wireFieldsOf
	shapeView
}

// shapeView is a value fastEvent reads: a slot, or bytes of the shape's
// literals, which every event of the shape has. Neither: a value the event
// has not.
type shapeView struct {
	lit  []byte
	slot int16 // -1: none
}

// shapeSpan is where a value that may hold slots lies, the entity: from
// and to, each a part and how far after its literal's start.
type shapeSpan struct {
	from, to shapePos
	set      bool
}

type shapePos struct {
	part int16
	off  int32
}

// wireFields are the fields of a wireEntity an eventShape has views of.
const wireFields = 16

// wireFieldsOf are pointers to the fields of w an eventShape has views
// of, dash's among them: where entity reads the dashboard link's.
func wireFieldsOf(w *wireEntity, dash *wireLink) [wireFields]*string {
	return [wireFields]*string{&w.Resource, &w.Method, &w.Description, &w.Interval,
		&w.Amount.Currency, &w.Amount.Value,
		&w.Details.FailureReason, &w.Details.FailureMessage, &w.Details.BankReasonCode, &w.Details.BankReason,
		&w.StatusReason.Code, &w.StatusReason.Message, &w.Reason.Code, &w.Reason.Description,
		&dash.Href, &dash.Type}
}

// shapedEvent adds the event at s.pos, and returns its shape, when it is
// of a shape learned (eventByShape); else it returns nil.
func (s *scanner) shapedEvent() *eventShape {
	var f fastFields
	shape := s.eventByShape(&f)
	if shape != nil {
		s.container = s.container || f.hasEmbedded && !f.eventResource
		s.add(&f)
	}
	return shape
}

// eventByShape reads the event at s.pos into f and s.links, and returns its
// shape, when it is of a shape learned and its slots hold what fastEvent
// would accept there.
func (s *scanner) eventByShape(f *fastFields) *eventShape {
	shape, end, ok := s.shapes.match(s.data, s.pos)
	if !ok {
		return nil
	}
	v := shapeReader{data: s.data, at: s.shapes.at}
	if s.shapes.high&0x8080808080808080 != 0 {
		// Some slot may not be ASCII: those fastEvent reads must be valid
		// UTF-8 (stringValue), else Decode reads the event.
		for _, k := range shape.reads {
			if !validText(v.slot(k)) {
				return nil
			}
		}
	}
	f.typeName, f.hasType = v.bytes(shape.typeName), true
	if !query.IsTypeName(f.typeName) {
		return nil
	}
	nanos, off, form, strict := parseStrictTime(v.bytes(shape.created))
	if !strict {
		return nil
	}
	f.r.nanos, f.r.offMin, f.r.tform, f.hasTime = nanos, off, form, true
	if f.msg = v.bytes(shape.msg); f.msg != nil {
		f.hasMsg, f.msgPrintable = true, cells.PrintableASCII(unsafe.String(unsafe.SliceData(f.msg), len(f.msg)))
	}
	f.source, f.resource = v.bytes(shape.source), v.bytes(shape.resource)
	f.hasSource, f.hasResource = f.source != nil, f.resource != nil
	if string(f.resource) == "customer" {
		return nil // a customer object, to Decode
	}
	f.eventResource = string(f.resource) == "event"
	f.id, f.entityID = v.bytes(shape.id), v.bytes(shape.entityID)
	f.hasEmbedded = shape.hasEmbedded
	if shape.embedded.set {
		f.embedded = s.data[v.pos(shape.embedded.from):v.pos(shape.embedded.to)]
	}
	s.dash = wireLink{}
	fields := wireFieldsOf(&f.wire, &s.dash)
	for _, w := range shape.wire {
		b := v.bytes(w.shapeView)
		*fields[w.field] = unsafe.String(unsafe.SliceData(b), len(b)) // as s.view: in s.data, or the shape's
	}
	if shape.dash {
		f.wire.Links.Dashboard = &s.dash
	}
	s.links = s.links[:0]
	for _, l := range shape.links {
		s.links = append(s.links, scanLink{name: v.bytes(l.name), href: v.bytes(l.href), typ: v.bytes(l.typ)})
	}
	s.pos = end
	s.shapes.read++
	return shape
}

// shapeReader reads the values of an event of a shape whose start and
// slots are at at (eventShapes.at).
type shapeReader struct {
	data []byte
	at   *[2*maxShapeSlots + 1]int
}

// bytes is the value view is in the event, nil when it has not.
func (v *shapeReader) bytes(view shapeView) []byte {
	if view.slot < 0 {
		return view.lit
	}
	return v.slot(view.slot)
}

func (v *shapeReader) slot(k int16) []byte { return v.data[v.at[2*k+1]:v.at[2*k+2]] }

func (v *shapeReader) pos(p shapePos) int { return v.at[2*p.part] + int(p.off) }

// recordShape is where, in event e of parts with slots at slots, what
// fastEvent read into f and links lies, or nil when a value is neither a
// slot nor in the literals (or not in e: unescaped), or when fastEvent's
// reading of it hangs on more than its bytes.
func recordShape(e []byte, parts []shapePart, slots []int, f *fastFields, links []scanLink) *eventShape {
	if f.typeName == nil || f.eventResource != (string(f.resource) == "event") {
		return nil
	}
	r := shapeRecorder{e: e, parts: parts, slots: slots, ok: true}
	shape := &eventShape{dash: f.wire.Links.Dashboard != nil, hasEmbedded: f.hasEmbedded, newline: bytes.IndexByte(e, '\n') >= 0}
	shape.typeName, shape.created = r.view(f.typeName), r.view(f.created)
	shape.msg, shape.source, shape.resource = r.viewIf(f.hasMsg, f.msg), r.viewIf(f.hasSource, f.source), r.viewIf(f.hasResource, f.resource)
	shape.id, shape.entityID = r.view(f.id), r.view(f.entityID)
	if f.embedded != nil {
		shape.embedded = r.span(f.embedded)
	}
	dash := f.wire.Links.Dashboard
	if dash == nil {
		dash = &wireLink{}
	}
	for k, field := range wireFieldsOf(&f.wire, dash) {
		if *field != "" {
			shape.wire = append(shape.wire, wireView{int8(k), r.view(bytesOf(*field))})
		}
	}
	for _, l := range links {
		shape.links = append(shape.links, linkShape{r.view(l.name), r.view(l.href), r.view(l.typ)})
	}
	if !r.ok {
		return nil
	}
	shape.reads = r.reads
	return shape
}

type shapeRecorder struct {
	e     []byte
	parts []shapePart
	slots []int
	ok    bool
	reads []int16 // the slots of the views made
}

// view is b as the value of a slot or as bytes of the literals; none for
// nil. An empty value is neither: no slot is.
func (r *shapeRecorder) view(b []byte) shapeView {
	if b == nil {
		return shapeView{slot: -1}
	}
	from, to, ok := r.offsets(b)
	if !ok || from == to {
		r.ok = false
		return shapeView{slot: -1}
	}
	for k := 0; k < len(r.slots); k += 2 {
		if r.slots[k] == from && r.slots[k+1] == to {
			r.reads = append(r.reads, int16(k/2))
			return shapeView{slot: int16(k / 2)}
		}
	}
	if sp := r.span(b); !sp.set || sp.from.part != sp.to.part {
		r.ok = false // not all in one literal
		return shapeView{slot: -1}
	}
	return shapeView{lit: []byte(string(b)), slot: -1}
}

// viewIf is b's view when has, else none.
func (r *shapeRecorder) viewIf(has bool, b []byte) shapeView {
	if !has {
		return shapeView{slot: -1}
	}
	return r.view(b)
}

// span is where b lies in the event, from a place in a literal to one.
func (r *shapeRecorder) span(b []byte) shapeSpan {
	from, to, ok := r.offsets(b)
	if !ok {
		r.ok = false
		return shapeSpan{}
	}
	pf, okFrom := r.literalPos(from)
	pt, okTo := r.literalPos(to)
	if !okFrom || !okTo {
		r.ok = false
		return shapeSpan{}
	}
	return shapeSpan{from: pf, to: pt, set: true}
}

// offsets is where b lies in the event, from and to.
func (r *shapeRecorder) offsets(b []byte) (int, int, bool) {
	base := uintptr(unsafe.Pointer(unsafe.SliceData(r.e)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	if len(b) == 0 || p < base || p+uintptr(len(b)) > base+uintptr(len(r.e)) {
		return 0, 0, false
	}
	return int(p - base), int(p-base) + len(b), true
}

// literalPos is x, a place in the event, as a place in a literal.
func (r *shapeRecorder) literalPos(x int) (shapePos, bool) {
	start := 0
	for k, p := range r.parts {
		if x >= start && x <= start+len(p.lit) {
			return shapePos{int16(k), int32(x - start)}, true
		}
		if p.kind == slotNone {
			break
		}
		start = r.slots[2*k+1]
	}
	return shapePos{}, false
}
