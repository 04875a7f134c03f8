package model

import (
	"unicode/utf8"
	"unsafe"

	"github.com/eventbrowser/eventbrowser/internal/eventmsg"
)

// The fast decoder's part of next-gen webhook events (webhook.go). The
// entity in _embedded is passed over once: its bytes are kept for the
// chunk's Entities, and the fields a message and the dashboard link are
// made of are read on the way, as json.Unmarshal reads them into a
// wireEntity. What this reading is unsure of (a key json.Unmarshal would
// match regardless of case, a field of another kind than the API's, an
// escaped key) sends the event to decodeEvent, which says the last word.

// webhookScratch is what the scanner keeps from one webhook event to the
// next.
type webhookScratch struct {
	composeBuf []byte      // a webhook event's message as it is written
	verbs      []string    // eventmsg.Verb of the chunk's named types, by code
	dash       wireLink    // the dashboard link of the entity being read
	ordered    []*scanLink // an event's links in the order they are stored
	dashLink   scanLink    // the entity's dashboard link among them
	memo       linkMemo
	shapes     *eventShapes
}

// embedded reads an event's _embedded object: the entity in it, if any.
// A later _embedded replaces an earlier one, as a later "entity" in one
// does.
func (s *scanner) embedded(f *fastFields) bool {
	if s.next() != '{' {
		return false
	}
	f.embedded, f.wire = nil, wireEntity{}
	return s.members(func(key []byte) bool {
		if string(key) != "entity" {
			return s.skipValue(3)
		}
		f.embedded, f.wire = nil, wireEntity{}
		if s.isNull() {
			s.pos += 4
			return true
		}
		start := s.pos
		if !s.entity(&f.wire) {
			return false
		}
		f.embedded = s.data[start:s.pos]
		return true
	})
}

// The members of an entity json.Unmarshal reads into a wireEntity, by
// object.
var (
	entityNames       = fields("resource", "method", "description", "interval", "amount", "details", "statusReason", "reason", "_links")
	amountNames       = fields("currency", "value")
	detailsNames      = fields("failureReason", "failureMessage", "bankReasonCode", "bankReason")
	statusReasonNames = fields("code", "message")
	reasonNames       = fields("code", "description")
	entityLinksNames  = fields("dashboard")
	linkNames         = fields("href", "type")
)

// fieldNames are the members of an object json.Unmarshal reads into the
// fields of a struct, and for each length under 32 the first letters of
// those of that length, as bit c&31 of letter c, whatever its case: a key
// whose first byte is not among those of its length is none of them, even
// but for case (equalFoldASCII).
type fieldNames struct {
	list   []string
	firsts [32]uint32
}

func fields(names ...string) fieldNames {
	f := fieldNames{list: names}
	for _, n := range names {
		f.firsts[min(len(n), 31)] |= 1 << (n[0] & 31)
	}
	return f
}

// unnamed tells, cheaply, that the key members just read is none of
// names, even but for case, for most keys that are not: one of printable
// ASCII, shorter than 31 bytes, whose first letter is none of the first
// letters of the names of its length. False is no answer: otherMember
// gives it.
func (s *scanner) unnamed(key []byte, names *fieldNames) bool {
	if len(key) == 0 || len(key) >= 31 || !s.keyPrintable {
		return false
	}
	return names.firsts[len(key)]>>(key[0]&31)&1 == 0
}

// entity reads an entity object into w.
func (s *scanner) entity(w *wireEntity) bool {
	if s.next() != '{' {
		return false
	}
	const depth = 4 // event, _embedded, entity, member
	return s.members(func(key []byte) bool {
		if s.unnamed(key, &entityNames) { // most members: no need to look further
			return s.skipOther(depth)
		}
		switch string(key) {
		case "resource":
			return s.wireString(&w.Resource)
		case "method":
			return s.wireString(&w.Method)
		case "description":
			return s.wireString(&w.Description)
		case "interval":
			return s.wireString(&w.Interval)
		case "amount":
			return s.wireStrings(depth, amountNames, &w.Amount.Currency, &w.Amount.Value)
		case "details":
			d := &w.Details
			return s.wireStrings(depth, detailsNames, &d.FailureReason, &d.FailureMessage, &d.BankReasonCode, &d.BankReason)
		case "statusReason":
			return s.wireStrings(depth, statusReasonNames, &w.StatusReason.Code, &w.StatusReason.Message)
		case "reason":
			return s.wireStrings(depth, reasonNames, &w.Reason.Code, &w.Reason.Description)
		case "_links":
			return s.entityLinks(w)
		}
		return s.otherMember(key, entityNames, depth)
	})
}

// entityLinks reads an entity's _links: its dashboard link. Null there,
// unlike anywhere else in a wireEntity, takes away what was read.
func (s *scanner) entityLinks(w *wireEntity) bool {
	return s.nullOrMembers(func(key []byte) bool {
		if string(key) != "dashboard" {
			return s.otherMember(key, entityLinksNames, 5)
		}
		if s.isNull() {
			s.pos += 4
			w.Links.Dashboard = nil
			return true
		}
		if w.Links.Dashboard == nil {
			// Reused from event to event: nothing keeps a wireEntity.
			s.dash = wireLink{}
			w.Links.Dashboard = &s.dash
		}
		d := w.Links.Dashboard
		return s.wireStrings(5, linkNames, &d.Href, &d.Type)
	})
}

// wireStrings reads an object of strings, at nesting depth depth, as
// json.Unmarshal reads it into a struct of string fields: the member named
// names[i] into *into[i], a later one over an earlier one; null, there as
// here, changes nothing.
func (s *scanner) wireStrings(depth int, names fieldNames, into ...*string) bool {
	return s.nullOrMembers(func(key []byte) bool {
		if s.unnamed(key, &names) {
			return s.skipOther(depth + 1)
		}
		for i, name := range names.list {
			if string(key) == name {
				return s.wireString(into[i])
			}
		}
		return s.otherMember(key, names, depth+1)
	})
}

// nullOrMembers reads null, which changes nothing (to json.Unmarshal as
// here), or an object, handing member each key.
func (s *scanner) nullOrMembers(member func(key []byte) bool) bool {
	if s.isNull() {
		s.pos += 4
		return true
	}
	if s.next() != '{' {
		return false
	}
	return s.members(member)
}

// wireString reads a string into *into; null changes nothing.
func (s *scanner) wireString(into *string) bool {
	if s.isNull() {
		s.pos += 4
		return true
	}
	b, ok := s.stringValue()
	if ok {
		*into = s.view(b)
	}
	return ok
}

// view is b as a string, not copied when it lies in the input: a
// wireEntity's strings live while its event is read, and what is made of
// them (the message, the dashboard link) copies what it keeps. One that
// was unescaped into the scratch buffer, which the next string
// overwrites, is copied.
func (s *scanner) view(b []byte) string {
	if !within(b, s.data) {
		return string(b)
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// composed adds the message of a webhook event of type typ that came
// without one, written from its type and entity (eventmsg) into a block
// of text shared with other messages (msgLines), and not looked up
// (dict.msgLooseBytes). Made of a type name and sanitized parts, it shows
// as it is: SanitizeLine would give it back unchanged.
func (s *scanner) composed(f *fastFields, typ int32) uint32 {
	_, name := s.c.st.typeOf(typ)
	s.composeBuf = f.wire.appendMessage(s.composeBuf[:0], name, s.verb(typ, name))
	return s.c.st.msgLooseBytes(s.composeBuf)
}

// verb is eventmsg.Verb(name) for the type typ is the code of, made once a
// chunk.
func (s *scanner) verb(typ int32, name string) string {
	if !isTypeCode(typ) {
		return eventmsg.Verb(name)
	}
	i := int(typ - typeCodeBase)
	for len(s.verbs) <= i {
		s.verbs = append(s.verbs, "")
	}
	if s.verbs[i] == "" {
		s.verbs[i] = eventmsg.Verb(name)
	}
	return s.verbs[i]
}

// otherMember passes over the value of a member that is none of names,
// at nesting depth depth, key the one members just read. json.Unmarshal matches a key to a field
// regardless of case, and of some non-ASCII letters too (K, the Kelvin
// sign, is a k to it): a key that is names' but for case, or that is not
// ASCII, is left to it.
func (s *scanner) otherMember(key []byte, names fieldNames, depth int) bool {
	if !s.keyPrintable {
		for _, c := range key {
			if c >= utf8.RuneSelf {
				return false
			}
		}
	}
	for _, name := range names.list {
		if equalFoldASCII(key, name) {
			return false
		}
	}
	return s.skipOther(depth)
}

// skipOther passes over the value of a member that is none of those read,
// at nesting depth depth.
func (s *scanner) skipOther(depth int) bool {
	if data, i := s.data, s.pos; i < len(data) && data[i] == '"' { // most are: no need for skipValue's loop
		if j := quoteEnd(data, i+1); j < len(data) && data[j] == '"' {
			s.pos = j + 1 // most strings: stringEnd's first step, inlined
			return true
		}
		var ok bool
		s.pos, ok = stringEnd(data, i)
		return ok
	}
	return s.skipValue(depth)
}

// equalFoldASCII reports whether the ASCII strings a and b are equal but
// for case.
func equalFoldASCII(a []byte, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if lower := x | 0x20; lower != y|0x20 || lower < 'a' || lower > 'z' {
			return false
		}
	}
	return true
}

// entityOf is the entity b, read for event i, for the chunk's Entities:
// where it lies in an input that can be read again, or else a copy (the
// buffer it is in is read into again), an allocation of its own as
// decodeEvent's are, so one that source.Held keeps keeps no other.
func (s *scanner) entityOf(i int, b []byte) Entity {
	if s.at >= 0 && within(b, s.data) {
		off := int64(uintptr(unsafe.Pointer(unsafe.SliceData(b))) - uintptr(unsafe.Pointer(unsafe.SliceData(s.data))))
		return Entity{Event: i, Off: s.at + off, Len: len(b)}
	}
	return Entity{Event: i, Off: -1, Raw: append([]byte(nil), b...)}
}

// bytesOf is s as bytes, for reading only.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// within reports whether b is a slice of data.
func within(b, data []byte) bool {
	if len(b) == 0 || len(data) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	return p >= lo && p < lo+uintptr(len(data))
}
