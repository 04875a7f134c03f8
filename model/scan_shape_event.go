package model

import (
	"unsafe"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/query"
)

// eventShape is where, in an event of a shape, each value fastEvent reads
// lies (scan_shape.go).
type eventShape struct {
	typeName, created, msg, source, resource, id, entityID shapeView
	embedded                                               shapeView
	wire                                                   [wireFields]shapeView
	dash                                                   bool // the entity has a dashboard link
	hasEmbedded                                            bool // an "_embedded" member, even null
	links                                                  []linkShape
	reads                                                  []shapeView // the views that are slots
}

type linkShape struct{ name, href, typ shapeView }

// shapeView is where a value lies in an event of a shape: from and to, each
// a part and how far after its literal's start. A view within the
// literals is the same bytes in every event of the shape; one of a slot
// is read from there. A view not set is a value the event has not.
type shapeView struct {
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

// eventByShape reads the event at s.pos into f and s.links when it is of
// a shape learned and its slots hold what fastEvent would accept there.
func (s *scanner) eventByShape(f *fastFields) bool {
	shape, end, ok := s.shapes.match(s.data, s.pos)
	if !ok {
		return false
	}
	v := shapeReader{data: s.data, at: &s.shapes.at}
	if s.shapes.high&0x8080808080808080 != 0 {
		// Some slot may not be ASCII: those fastEvent reads must be valid
		// UTF-8 (stringValue), else Decode reads the event.
		for _, view := range shape.reads {
			if !validText(v.bytes(view)) {
				return false
			}
		}
	}
	f.typeName, f.hasType = v.bytes(shape.typeName), true
	if !query.IsTypeName(f.typeName) {
		return false
	}
	nanos, off, form, strict := parseStrictTime(v.bytes(shape.created))
	if !strict {
		return false
	}
	f.r.nanos, f.r.offMin, f.r.tform, f.hasTime = nanos, off, form, true
	if f.msg, f.hasMsg = v.bytes(shape.msg), shape.msg.set; f.hasMsg {
		f.msgPrintable = cells.PrintableASCII(unsafe.String(unsafe.SliceData(f.msg), len(f.msg)))
	}
	f.source, f.hasSource = v.bytes(shape.source), shape.source.set
	f.resource, f.hasResource = v.bytes(shape.resource), shape.resource.set
	if string(f.resource) == "customer" {
		return false // a customer object, to Decode
	}
	f.eventResource = string(f.resource) == "event"
	f.id, f.entityID = v.bytes(shape.id), v.bytes(shape.entityID)
	f.hasEmbedded, f.embedded = shape.hasEmbedded, v.bytes(shape.embedded)
	s.dash = wireLink{}
	for k, field := range wireFieldsOf(&f.wire, &s.dash) {
		if b := v.bytes(shape.wire[k]); b != nil {
			*field = unsafe.String(unsafe.SliceData(b), len(b)) // as view: b is in s.data
		}
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
	return true
}

// shapeReader reads the views of an event of a shape whose start and
// slots are at at (eventShapes.at).
type shapeReader struct {
	data []byte
	at   *[2*maxShapeSlots + 1]int
}

// bytes is the value view is, nil when not set.
func (v *shapeReader) bytes(view shapeView) []byte {
	if !view.set {
		return nil
	}
	return v.data[v.at[2*view.from.part]+int(view.from.off) : v.at[2*view.to.part]+int(view.to.off)]
}

// recordShape is where, in event e of parts with slots at slots, what
// fastEvent read into f and links lies, or nil when a value is neither a
// slot nor in the literals (or not in e: unescaped), or when fastEvent's
// reading of it hangs on more than its bytes.
func recordShape(e []byte, parts []shapePart, slots []int, f *fastFields, links []scanLink) *eventShape {
	if f.typeName == nil || f.eventResource != (string(f.resource) == "event") {
		return nil
	}
	r := shapeRecorder{e: e, parts: parts, slots: slots, ok: true}
	shape := &eventShape{dash: f.wire.Links.Dashboard != nil, hasEmbedded: f.hasEmbedded}
	shape.typeName, shape.created = r.view(f.typeName), r.view(f.created)
	if f.hasMsg {
		shape.msg = r.view(f.msg)
	}
	if f.hasSource {
		shape.source = r.view(f.source)
	}
	if f.hasResource {
		shape.resource = r.view(f.resource)
	}
	shape.id, shape.entityID, shape.embedded = r.view(f.id), r.view(f.entityID), r.view(f.embedded)
	dash := f.wire.Links.Dashboard
	if dash == nil {
		dash = &wireLink{}
	}
	for k, field := range wireFieldsOf(&f.wire, dash) {
		shape.wire[k] = r.view(bytesOf(*field))
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
	reads []shapeView // the views made that are slots
}

// view is where b lies in the event: not set for nil or "", which a slot
// never is and a value in the literals need not be.
func (r *shapeRecorder) view(b []byte) shapeView {
	if len(b) == 0 {
		if b != nil {
			r.ok = false // present but empty: no slot says it
		}
		return shapeView{}
	}
	base := uintptr(unsafe.Pointer(unsafe.SliceData(r.e)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	if p < base || p+uintptr(len(b)) > base+uintptr(len(r.e)) {
		r.ok = false
		return shapeView{}
	}
	from, to := int(p-base), int(p-base)+len(b)
	for k := 0; k < len(r.slots); k += 2 {
		if r.slots[k] == from && r.slots[k+1] == to {
			v := shapeView{from: shapePos{int16(k / 2), int32(len(r.parts[k/2].lit))}, to: shapePos{int16(k/2) + 1, 0}, set: true}
			r.reads = append(r.reads, v)
			return v
		}
	}
	pf, okFrom := r.literalPos(from)
	pt, okTo := r.literalPos(to)
	if !okFrom || !okTo {
		r.ok = false
		return shapeView{}
	}
	return shapeView{from: pf, to: pt, set: true}
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
