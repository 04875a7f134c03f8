package model

import (
	"unsafe"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/query"
)

// The fast decoder reads the two shapes big exports come in, a JSON array
// of events and NDJSON, straight into a Chunk, about twenty times faster
// than Decode. It knows only what events look like, customer events and
// next-gen webhook events (scan_webhook.go). An event it cannot read
// itself (an odd timestamp, a bad event, deep nesting) is handed to
// the reference decoder on its own, which reads it or says exactly what
// is wrong (resync.go), and reading goes on at the next event; any other
// shape (a customer object, a list response) is read whole by Decode.
// Differential fuzz tests hold the two to the same result.

// scanner reads events from data into c.
type scanner struct {
	data   []byte
	pos    int
	c      *Chunk
	src    string // the source of events without a "source" field
	srcID  uint32
	resID  uint32 // "event"
	buf    []byte // scratch for unescaped strings
	links  []scanLink
	events int

	printable    bool // the last string rawString read is printable ASCII
	keyPrintable bool // and the last key members read

	// owned: data is not written again while the chunk lives, so a long
	// message may stay where it is rather than be copied (streamer.owned).
	owned bool
	// at is where data starts in a file DecodeFile reads (an entity is
	// kept as its place there, not copied), or -1: a stream.
	at int64

	// container is set when an event had a key of a customer or a list
	// response ("events", "_embedded") or the resource "customer": as a
	// whole input, Decode reads such an object differently.
	container bool

	// Copies of an event's strings, reused from event to event, for when
	// they were unescaped into buf.
	msgBuf, resBuf, srcBuf, typBuf []byte

	webhookScratch
}

type scanLink struct {
	name, href, typ []byte
	rank            int8 // linkRank, for a webhook event's
}

// maxScanDepth is how deep the fast decoder follows unknown fields before it
// leaves the input to Decode, which has the nesting limit.
const maxScanDepth = 24

func newScanner(data []byte, source string, c *Chunk) *scanner {
	s := &scanner{data: data, src: source, at: -1}
	s.shapes = new(eventShapes)
	s.reset(c)
	return s
}

// reset has the scanner store its events in c from here on, as when a
// streamer hands a full chunk on and starts the next.
func (s *scanner) reset(c *Chunk) {
	s.c = c
	s.verbs = s.verbs[:0] // the chunk's type codes are its own
	s.memo.forget()       // and its links
	s.srcID = c.st.strs.id(cells.SanitizeLine(s.src))
	s.resID = c.st.strs.id("event")
}

// decodeFast reads data, which starts after any BOM, as an array of events
// or NDJSON into c, in one piece. It returns false, having perhaps added
// some events to c, when Decode must read the input instead.
func decodeFast(data []byte, source string, c *Chunk) bool {
	w := newStreamer(source, modeArray, stStart, DecodeOptions{}, nil)
	w.chunk, w.whole, w.buf = c, true, data
	used, err := w.feed(data, -1, true)
	return err == nil && used == len(data) && (w.mode == modeLines || w.state == stEnd) && w.events > 0
}

func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *scanner) next() byte {
	if s.pos < len(s.data) {
		s.pos++
		return s.data[s.pos-1]
	}
	return 0
}

func (s *scanner) ws() { s.pos = skipWS(s.data, s.pos) }

// wsLine skips white space other than newlines.
func (s *scanner) wsLine() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\r':
			s.pos++
		default:
			return
		}
	}
}

// event reads one event object at s.pos and adds it to the chunk. When the
// object is valid JSON but something in it is beyond the fast path, the
// reference event decoder reads it; when that finds a fault, event returns
// false.
func (s *scanner) event() bool {
	start := s.pos
	if ok, fast := s.fastEvent(); fast {
		return ok
	}
	// Slow path for this one event: find its end, then decode it as Decode
	// would.
	s.pos = start
	if !s.skipValue(1) {
		return false
	}
	e, ferr := decodeEvent(s.data[start:s.pos])
	if ferr != nil {
		return false
	}
	e.sourceOr(s.src)
	e.Finish()
	s.c.st.add(&e)
	s.events++
	return true
}

// fastFields is what fastEvent has read of an event's members so far.
type fastFields struct {
	r                        record
	hasType, hasTime, hasMsg bool
	msg, source, resource    []byte
	typeName                 []byte // when the type is a name
	msgPrintable             bool
	hasSource, hasResource   bool
	id, entityID             []byte // a webhook event's; nil when absent
	created                  []byte // the timestamp, as it came

	embedded []byte     // a webhook event's entity, in the input; nil when absent
	wire     wireEntity // what was read of it
	// An "_embedded" member makes a whole input of one object a list
	// response unless its resource is "event" (null is not, to Decode).
	hasEmbedded, eventResource bool
}

// fastEvent reads a plain event: by a shape learned when it is of one
// (shapedEvent), else member by member, learning a webhook event's shape.
// fast is false when the event needs the slow path; ok is whether it was
// added.
func (s *scanner) fastEvent() (ok, fast bool) {
	if len(s.shapes.roots) > 0 && s.shapedEvent() != nil {
		return true, true
	}
	start := s.pos
	if s.next() != '{' {
		return false, true
	}
	var f fastFields
	s.links = s.links[:0]
	// An empty object has no "type": the slow path says so. A shape is
	// learned of an event that leaves container as it was.
	container := s.container
	s.container = false
	ok = s.members(func(key []byte) bool { return s.member(key, &f) })
	learn := !s.container
	s.container = s.container || container
	if !ok || !f.hasType || !f.hasTime || !f.hasMsg && f.typeName == nil {
		return false, false
	}
	s.container = s.container || f.hasEmbedded && !f.eventResource
	if learn && f.typeName != nil {
		s.shapes.learn(s.data[start:s.pos], &f, s.links)
	}
	s.add(&f)
	return true, true
}

// member reads the value of the member named key into f; false sends the
// event to the slow path.
func (s *scanner) member(key []byte, f *fastFields) bool {
	if s.isNull() {
		s.pos += 4 // a null field is as good as absent, but to Decode's
		// reading of a whole input of one object
		f.eventResource = f.eventResource && string(key) != "resource"
		f.hasEmbedded = f.hasEmbedded || string(key) == "_embedded"
		s.container = s.container || string(key) == "events"
		return true
	}
	switch string(key) {
	case "type":
		if s.peek() == '"' {
			b, ok := s.stringValue()
			f.typeName, f.hasType = s.keep(b, &s.typBuf), true
			return ok && query.IsTypeName(b) // not a name: Decode says why
		}
		n, ok := s.integer()
		f.r.typ, f.typeName, f.hasType = n, nil, true
		if isTypeCode(n) {
			f.r.typ = s.c.st.typeCode(int(n), "")
		}
		return ok
	case "createdAt", "created_at":
		b, ok := s.stringValue()
		if !ok {
			return false
		}
		nanos, off, form, strict := parseStrictTime(b)
		f.r.nanos, f.r.offMin, f.r.tform, f.hasTime = nanos, off, form, true
		f.created = b
		return strict
	case "message":
		b, ok := s.stringValue()
		if !ok {
			return false
		}
		f.msg, f.hasMsg, f.msgPrintable = s.keep(b, &s.msgBuf), true, s.printable
	case "resource":
		b, ok := s.stringValue()
		if !ok {
			return false
		}
		f.resource, f.hasResource = s.keep(b, &s.resBuf), true
		f.eventResource = string(f.resource) == "event"
		s.container = s.container || string(f.resource) == "customer"
	case "source":
		if s.peek() != '"' {
			return s.skipValue(2)
		}
		b, ok := s.stringValue()
		if !ok {
			return false
		}
		f.source, f.hasSource = s.keep(b, &s.srcBuf), true
	case "_links", "links":
		return s.linksValue()
	case "id", "entityId":
		b, ok := s.stringValue()
		if key[0] == 'i' {
			f.id = s.keep(b, nil)
		} else {
			f.entityID = s.keep(b, nil)
		}
		return ok
	case "_embedded":
		f.hasEmbedded = true
		return s.embedded(f)
	default:
		if string(key) == "events" {
			s.container = true
		}
		return s.skipValue(2)
	}
	return true
}

// add stores the event f holds, with the links read into s.links.
func (s *scanner) add(f *fastFields) {
	st := &s.c.st
	r := f.r
	r.src = s.srcID
	if f.hasSource {
		if clean := cells.SanitizeLine(string(f.source)); clean != "" {
			r.src = st.strs.id(clean)
		}
	}
	if f.typeName != nil {
		r.typ = st.typeCodeBytes(f.typeName)
	}
	if f.hasMsg {
		r.msg = s.messageID(f.msg, f.msgPrintable)
	} else {
		r.msg = s.composed(f, r.typ)
	}
	r.res = s.resID
	if f.hasResource && len(f.resource) > 0 {
		r.res = st.strs.idBytes(f.resource)
	}
	if len(f.id)+len(f.entityID) > 0 {
		r.tform |= formIDs
		addIDs(&st.ids, int32(len(st.recs)), f.id, f.entityID)
	}
	if f.embedded != nil {
		st.addEntity(s.entityOf(len(st.recs), f.embedded))
	}
	s.addLinks(f, &r)
	st.recs = append(st.recs, r)
	s.events++
}

// keep returns b if it lies in the input, which outlives the event, or else
// (an unescaped string in s.buf, which the next string overwrites) a copy in
// *into, or a new slice when into is nil.
func (s *scanner) keep(b []byte, into *[]byte) []byte {
	if len(b) == 0 || len(s.buf) == 0 || &b[0] != &s.buf[0] {
		return b
	}
	if into == nil {
		return append([]byte(nil), b...)
	}
	*into = append((*into)[:0], b...)
	return *into
}

// messageID interns msg. A long one is not looked at more than it must
// be: in owned data it is not copied (one of hundreds of megabytes would be
// in memory twice), and when printable, rawString has already found that
// it needs no sanitizing.
func (s *scanner) messageID(msg []byte, printable bool) uint32 {
	if len(msg) < longString {
		return s.c.st.msgIDBytes(msg)
	}
	var m string
	if s.owned && within(msg, s.data) {
		m = unsafe.String(unsafe.SliceData(msg), len(msg))
	} else {
		m = string(msg)
	}
	if printable {
		return s.c.st.msgIDLine(m, m)
	}
	return s.c.st.msgID(m)
}

func (s *scanner) isNull() bool {
	data, i := s.data, s.pos
	return i >= 0 && i < len(data)-3 && data[i] == 'n' && string(data[i:i+4]) == "null"
}

// linksValue reads an _links object of {href, type} entries.
func (s *scanner) linksValue() bool {
	if s.next() != '{' {
		return false
	}
	s.links = s.links[:0] // a repeated _links replaces the earlier one
	return s.members(func(name []byte) bool {
		if s.isNull() {
			s.pos += 4
			return true
		}
		return s.link(name)
	})
}

// link reads one {"href": …, "type": …} entry.
func (s *scanner) link(name []byte) bool {
	if s.next() != '{' {
		return false
	}
	l := scanLink{name: name}
	hasHref := false
	ok := s.members(func(key []byte) bool {
		null := s.isNull()
		switch {
		case null && string(key) == "href":
			return false
		case null:
			s.pos += 4
			if string(key) == "type" {
				l.typ = nil
			}
		case string(key) == "href":
			b, ok := s.stringValue()
			if !ok {
				return false
			}
			l.href, hasHref = s.keep(b, nil), true
		case string(key) == "type":
			b, ok := s.stringValue()
			if !ok {
				return false
			}
			l.typ = s.keep(b, nil)
		default:
			return s.otherMember(key, linkNames, 4) // "HREF" is an href to Decode
		}
		return true
	})
	if !ok || !hasHref {
		return false
	}
	s.links = append(s.links, l)
	return true
}
