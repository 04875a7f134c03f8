package model

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// The fast decoder reads the two shapes big exports come in, a JSON array
// of events and NDJSON, straight into a Chunk, about twenty times faster
// than Decode. It knows only what events look like. An event it cannot
// read itself (an odd timestamp, a bad event, deep nesting) is handed to
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

	printable bool // the last string rawString read is printable ASCII

	// owned: data is not written again while the chunk lives, so a long
	// message may stay where it is rather than be copied (streamer.owned).
	owned bool

	// container is set when an event had a key of a customer or a list
	// response ("events", "_embedded") or the resource "customer": as a
	// whole input, Decode reads such an object differently.
	container bool

	// Copies of an event's strings, reused from event to event, for when
	// they were unescaped into buf.
	msgBuf, resBuf, srcBuf []byte
}

type scanLink struct {
	name, href, typ []byte
}

// maxScanDepth is how deep the fast decoder follows unknown fields before it
// leaves the input to Decode, which has the nesting limit.
const maxScanDepth = 24

func newScanner(data []byte, source string, c *Chunk) *scanner {
	s := &scanner{data: data, src: source}
	s.reset(c)
	return s
}

// reset has the scanner store its events in c from here on, as when a
// streamer hands a full chunk on and starts the next.
func (s *scanner) reset(c *Chunk) {
	s.c = c
	s.srcID = c.st.strs.id(SanitizeLine(s.src))
	s.resID = c.st.strs.id("event")
}

// decodeFast reads data, which starts after any BOM, as an array of events
// or NDJSON into c, in one piece. It returns false, having perhaps added
// some events to c, when Decode must read the input instead.
func decodeFast(data []byte, source string, c *Chunk) bool {
	w := newStreamer(source, modeArray, stStart, DecodeOptions{}, nil)
	w.chunk, w.whole, w.buf = c, true, data
	used, err := w.feed(data, true)
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

func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

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
	if e.Source = SanitizeLine(e.Source); e.Source == "" {
		e.Source = SanitizeLine(s.src) // as Decode does
	}
	e.finish()
	s.c.st.add(&e)
	s.events++
	return true
}

// fastEvent reads a plain event. fast is false when the event needs the
// slow path; ok is whether it was added.
func (s *scanner) fastEvent() (ok, fast bool) {
	if s.next() != '{' {
		return false, true
	}
	var (
		r                        record
		hasType, hasTime, hasMsg bool
		msg, source, resource    []byte
		msgPrintable             bool
		hasSource, hasResource   bool
	)
	s.links = s.links[:0]
	// An empty object has no "type": the slow path says so.
	members := s.members(func(key []byte) bool {
		if s.isNull() {
			s.pos += 4 // a null field is as good as absent
			return true
		}
		switch string(key) {
		case "type":
			n, ok := s.integer()
			if !ok {
				return false
			}
			r.typ, hasType = n, true
		case "createdAt", "created_at":
			b, ok := s.stringValue()
			if !ok {
				return false
			}
			nanos, off, form, strict := parseStrictTime(b)
			if !strict {
				return false
			}
			r.nanos, r.offMin, r.tform, hasTime = nanos, off, form, true
		case "message":
			b, ok := s.stringValue()
			if !ok {
				return false
			}
			msg, hasMsg, msgPrintable = s.keep(b, &s.msgBuf), true, s.printable
		case "resource":
			b, ok := s.stringValue()
			if !ok {
				return false
			}
			resource, hasResource = s.keep(b, &s.resBuf), true
			s.container = s.container || string(resource) == "customer"
		case "source":
			if s.peek() == '"' {
				b, ok := s.stringValue()
				if !ok {
					return false
				}
				source, hasSource = s.keep(b, &s.srcBuf), true
			} else if !s.skipValue(2) {
				return false
			}
		case "_links", "links":
			if !s.linksValue() {
				return false
			}
		default:
			if string(key) == "events" || string(key) == "_embedded" {
				s.container = true
			}
			if !s.skipValue(2) {
				return false
			}
		}
		return true
	})
	if !members {
		return false, false
	}
	if !hasType || !hasTime || !hasMsg {
		return false, false
	}
	st := &s.c.st
	r.msg = s.messageID(msg, msgPrintable)
	r.src = s.srcID
	if hasSource {
		if clean := SanitizeLine(string(source)); clean != "" {
			r.src = st.strs.id(clean)
		}
	}
	r.res = s.resID
	if hasResource && len(resource) > 0 {
		r.res = st.strs.idBytes(resource)
	}
	r.link = uint32(len(st.links))
	// "url" first, the rest in input order.
	for pass := range 2 {
		for _, l := range s.links {
			if (string(l.name) == "url") == (pass == 0) && r.nlinks < 255 {
				st.addLinkBytes(l.name, l.typ, l.href)
				r.nlinks++
			}
		}
	}
	st.recs = append(st.recs, r)
	s.events++
	return true, true
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

// within reports whether b is a slice of data.
func within(b, data []byte) bool {
	if len(b) == 0 || len(data) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	return p >= lo && p < lo+uintptr(len(data))
}

func (s *scanner) isNull() bool {
	return s.pos+4 <= len(s.data) && string(s.data[s.pos:s.pos+4]) == "null"
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
			return s.skipValue(4)
		}
		return true
	})
	if !ok || !hasHref {
		return false
	}
	s.links = append(s.links, l)
	return true
}

// members reads an object's members after its '{', calling member with
// s.pos at each value, which member must read. It returns false at
// anything it leaves to Decode (an escaped key, bad syntax) or when member
// does.
func (s *scanner) members(member func(key []byte) bool) bool {
	s.ws()
	if s.peek() == '}' {
		s.pos++
		return true
	}
	for {
		s.ws()
		key, plain := s.rawString()
		if !plain {
			return false
		}
		s.ws()
		if s.next() != ':' {
			return false
		}
		s.ws()
		if !member(key) {
			return false
		}
		s.ws()
		switch s.next() {
		case ',':
			continue
		case '}':
			return true
		}
		return false
	}
}

// rawString reads a string with no escapes and valid UTF-8, returning its
// bytes; plain is false for anything else. It looks at eight bytes at a
// time for the first that is a quote, a backslash, a control or not
// printable ASCII, and says in s.printable whether the string is all
// printable ASCII, with nothing to sanitize.
func (s *scanner) rawString() (b []byte, plain bool) {
	if s.next() != '"' {
		return nil, false
	}
	data, start := s.data, s.pos
	i := start
	for i+8 <= len(data) {
		if m := special(binary.LittleEndian.Uint64(data[i:])); m != 0 {
			i += bits.TrailingZeros64(m) >> 3
			break
		}
		i += 8
	}
	s.printable = true
	for ; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			b = data[start:i]
			s.pos = i + 1
			return b, s.printable || utf8.Valid(b)
		case c == '\\' || c < 0x20:
			s.printable = false
			return nil, false
		case c >= 0x7f:
			s.printable = false
		}
	}
	s.printable = false
	return nil, false
}

// special marks, in the high bit of each byte of x, the bytes that are a
// quote, a backslash, below 0x20 or above 0x7e. The lowest mark is exact;
// marks above it may be false (borrows and carries), which the byte loop
// sorts out.
func special(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	zero := func(v uint64) uint64 { return (v - ones) &^ v }
	return (zero(x^(ones*'"')) | zero(x^(ones*'\\')) | (x-ones*0x20)&^x | x | (x + ones)) & highs
}

// stringValue reads a string value, unescaping it. The bytes returned are
// valid until the next call.
func (s *scanner) stringValue() ([]byte, bool) {
	if s.peek() != '"' {
		return nil, false
	}
	start := s.pos
	if b, plain := s.rawString(); plain {
		return b, true
	}
	s.pos = start + 1
	s.buf = s.buf[:0]
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return s.buf, true
		case c < 0x20:
			return nil, false
		case c == '\\':
			if !s.escape() {
				return nil, false
			}
			continue
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(s.data[s.pos:])
			if r == utf8.RuneError && size == 1 {
				return nil, false // invalid UTF-8: encoding/json has rules of its own; leave it to Decode
			}
			s.buf = append(s.buf, s.data[s.pos:s.pos+size]...)
			s.pos += size
			continue
		}
		s.buf = append(s.buf, c)
		s.pos++
	}
	return nil, false
}

// escape reads one backslash escape into s.buf, as encoding/json does:
// lone surrogates become U+FFFD.
func (s *scanner) escape() bool {
	if s.pos+1 >= len(s.data) {
		return false
	}
	c := s.data[s.pos+1]
	s.pos += 2
	switch c {
	case '"', '\\', '/':
		s.buf = append(s.buf, c)
	case 'b':
		s.buf = append(s.buf, '\b')
	case 'f':
		s.buf = append(s.buf, '\f')
	case 'n':
		s.buf = append(s.buf, '\n')
	case 'r':
		s.buf = append(s.buf, '\r')
	case 't':
		s.buf = append(s.buf, '\t')
	case 'u':
		r, ok := s.hex4()
		if !ok {
			return false
		}
		if utf16.IsSurrogate(r) {
			r2 := utf8.RuneError
			if s.pos+1 < len(s.data) && s.data[s.pos] == '\\' && s.data[s.pos+1] == 'u' {
				save := s.pos
				s.pos += 2
				lo, ok := s.hex4()
				if !ok {
					return false
				}
				if dec := utf16.DecodeRune(r, lo); dec != utf8.RuneError {
					r2 = dec
				} else {
					s.pos = save // not a pair: the next escape stands alone
				}
			}
			r = r2
		}
		s.buf = utf8.AppendRune(s.buf, r)
	default:
		return false
	}
	return true
}

func (s *scanner) hex4() (rune, bool) {
	if s.pos+4 > len(s.data) {
		return 0, false
	}
	var r rune
	for _, c := range s.data[s.pos : s.pos+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	s.pos += 4
	return r, true
}

// integer reads a JSON integer that fits in 32 bits; fractions, exponents
// and anything else are left to Decode, which says why they are refused.
func (s *scanner) integer() (int32, bool) {
	neg := false
	if s.peek() == '-' {
		neg = true
		s.pos++
	}
	start := s.pos
	var n int64
	for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
		n = n*10 + int64(s.data[s.pos]-'0')
		if n > 1<<31 {
			return 0, false
		}
		s.pos++
	}
	digits := s.pos - start
	if digits == 0 || (digits > 1 && s.data[start] == '0') {
		return 0, false
	}
	switch s.peek() {
	case '.', 'e', 'E':
		return 0, false
	}
	if neg {
		n = -n
	}
	if n > 1<<31-1 || n < -1<<31 {
		return 0, false
	}
	return int32(n), true
}

// skipValue passes over one JSON value, checking its syntax, at nesting depth
// depth. It returns false for invalid JSON or nesting past maxScanDepth.
func (s *scanner) skipValue(depth int) bool {
	if depth > maxScanDepth {
		return false
	}
	s.ws()
	switch c := s.peek(); {
	case c == '{':
		s.pos++
		s.ws()
		if s.peek() == '}' {
			s.pos++
			return true
		}
		for {
			s.ws()
			// Not members(): a skipped object may have escaped keys, which
			// are valid JSON, and skipValue must not send it to the slow path.
			if s.peek() != '"' || !s.skipString() {
				return false
			}
			s.ws()
			if s.next() != ':' || !s.skipValue(depth+1) {
				return false
			}
			s.ws()
			switch s.next() {
			case ',':
				continue
			case '}':
				return true
			}
			return false
		}
	case c == '[':
		s.pos++
		s.ws()
		if s.peek() == ']' {
			s.pos++
			return true
		}
		for {
			if !s.skipValue(depth + 1) {
				return false
			}
			s.ws()
			switch s.next() {
			case ',':
				continue
			case ']':
				return true
			}
			return false
		}
	case c == '"':
		return s.skipString()
	case c == '-' || (c >= '0' && c <= '9'):
		return s.skipNumber()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return false
}

func (s *scanner) literal(word string) bool {
	if s.pos+len(word) <= len(s.data) && string(s.data[s.pos:s.pos+len(word)]) == word {
		s.pos += len(word)
		return true
	}
	return false
}

// skipString passes over a string, checking its escapes; invalid UTF-8 is
// valid JSON to encoding/json, so it is allowed here too.
func (s *scanner) skipString() bool {
	s.pos++ // '"'
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if s.pos+1 >= len(s.data) {
				return false
			}
			switch s.data[s.pos+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.pos += 2
			case 'u':
				s.pos += 2
				if _, ok := s.hex4(); !ok {
					return false
				}
			default:
				return false
			}
			continue
		}
		s.pos++
	}
	return false
}

// skipNumber passes over a number in JSON's grammar.
func (s *scanner) skipNumber() bool {
	if s.peek() == '-' {
		s.pos++
	}
	digits := func() int {
		start := s.pos
		for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
			s.pos++
		}
		return s.pos - start
	}
	start := s.pos
	n := digits()
	if n == 0 || (n > 1 && s.data[start] == '0') {
		return false
	}
	if s.peek() == '.' {
		s.pos++
		if digits() == 0 {
			return false
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.pos++
		if c := s.peek(); c == '+' || c == '-' {
			s.pos++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}
