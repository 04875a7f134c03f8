package model

import (
	"bytes"
	"slices"
)

// The links of an event, as the fast decoder stores them. A day of
// captured events has a few runs of links over and over: self and entity
// end in the event's own IDs, the dashboard page in its entity's, and the
// documentation is the same page. The store shares a run an earlier event
// has (segment.share); the scanner remembers the last few runs it stored
// and what they were made of (linkMemo), so that a webhook event whose
// links are one of those but for its own IDs is pointed at that run at
// once, its links neither cut, interned nor compared in the store again.

// addLinks stores the links of the event f holds, read into s.links, as
// r's: "url" first and the rest in input order; for a webhook event, as
// finishWebhook orders them, "url" first, then the dashboard page (the
// entity's when the event has none of its own), then the entity, then the
// rest in input order.
func (s *scanner) addLinks(f *fastFields, r *record) {
	st := &s.c.st
	links := s.orderLinks(f)
	r.link, r.nlinks = uint32(len(st.links)), uint8(len(links))
	memo := r.tform&formIDs != 0 && len(links) > 0 && s.memo.keyOf(links, f.id, f.entityID)
	if memo && s.memo.find(&st.segment, r) {
		return
	}
	for _, l := range links {
		st.addLinkBytes(l.name, l.typ, l.href, f.id, f.entityID)
	}
	st.share(r, false)
	if memo {
		s.memo.remember(&st.segment, r)
	}
}

// orderLinks returns the links addLinks stores, in order, at most 255.
func (s *scanner) orderLinks(f *fastFields) []*scanLink {
	out := s.ordered[:0]
	if f.typeName == nil || len(f.id)+len(f.entityID) == 0 && f.embedded == nil {
		for pass := range 2 {
			for i := range s.links {
				if l := &s.links[i]; (string(l.name) == "url") == (pass == 0) && len(out) < 255 {
					out = append(out, l)
				}
			}
		}
		s.ordered = out
		return out
	}
	dash, entityDash := f.wire.dashboard()
	for i := range s.links {
		s.links[i].rank = int8(linkRank(string(s.links[i].name)))
		entityDash = entityDash && s.links[i].rank != 1 // "dashboard"
	}
	for rank := range int8(4) {
		if rank == 1 && entityDash && len(out) < 255 {
			// Its strings are views of the input (scanner.view), which
			// addLinkBytes copies what it keeps of.
			s.dashLink = scanLink{name: bytesOf(dash.Name), typ: bytesOf(dash.Type), href: bytesOf(dash.Href)}
			out = append(out, &s.dashLink)
		}
		for i := range s.links {
			if l := &s.links[i]; l.rank == rank && len(out) < 255 {
				out = append(out, l)
			}
		}
	}
	s.ordered = out
	return out
}

// linkMemo is the scanner's memory of the last few runs of links it
// stored for webhook events, in its chunk's store.
type linkMemo struct {
	runs [4]memoRun
	next int    // the run to forget next
	key  []byte // the links of the event being added (keyOf)
}

// memoRun is a run of links in the store and what it was made of.
type memoRun struct {
	key   []byte // its links as keyOf writes them
	first uint32 // where it is in the store
	n     uint8  // how many links, 0 when none is remembered
	// The run as it was in the store: the store drops what an event that
	// turned out bad added, and may add others in its place.
	recs  []linkRec
	tails []byte
}

// keyOf writes into m.key the links of an event whose IDs are id and
// entity, each href without the ID it ends in, with the name of that
// ID's kind, each part after its length. It returns false when an ID
// holds a slash (where an href is cut for the store, prefixLen, would
// then depend on the IDs) or a part is 256 bytes or more.
func (m *linkMemo) keyOf(links []*scanLink, id, entity []byte) bool {
	if bytes.IndexByte(id, '/') >= 0 || bytes.IndexByte(entity, '/') >= 0 {
		return false
	}
	k := m.key[:0]
	for _, l := range links {
		stem, flag := cutID(l.href, id, entity)
		if len(l.name)|len(l.typ)|len(stem) > 255 {
			return false
		}
		k = append(append(k, byte(len(l.name))), l.name...)
		k = append(append(k, byte(len(l.typ))), l.typ...)
		k = append(append(k, byte(len(stem))), stem...)
		k = append(k, byte(flag>>30))
	}
	m.key = k
	return true
}

// find points r, whose links are in m.key, at a run remembered with the
// same links, still in st as it was.
func (m *linkMemo) find(st *segment, r *record) bool {
	for i := range m.runs {
		run := &m.runs[i]
		if run.n == r.nlinks && string(run.key) == string(m.key) && run.intact(st) {
			r.link = run.first
			return true
		}
	}
	return false
}

func (run *memoRun) intact(st *segment) bool {
	end := int(run.first) + int(run.n)
	return end <= len(st.links) && slices.Equal(st.links[run.first:end], run.recs) &&
		string(runTails(st, run.first, run.n)) == string(run.tails)
}

// remember remembers r's links, stored in st, as made of those in m.key.
func (m *linkMemo) remember(st *segment, r *record) {
	run := &m.runs[m.next]
	m.next = (m.next + 1) % len(m.runs)
	run.key = append(run.key[:0], m.key...)
	run.first, run.n = r.link, r.nlinks
	run.recs = append(run.recs[:0], st.links[r.link:r.link+uint32(r.nlinks)]...)
	run.tails = append(run.tails[:0], runTails(st, r.link, r.nlinks)...)
}

// forget forgets every run: the scanner stores in another chunk.
func (m *linkMemo) forget() {
	for i := range m.runs {
		m.runs[i].n = 0
	}
}

// runTails is what the arena holds of the tails of the n links from
// first: a run's tails lie one after another.
func runTails(st *segment, first uint32, n uint8) []byte {
	end := uint32(len(st.arena))
	if k := first + uint32(n); int(k) < len(st.links) {
		end = st.links[k].off
	}
	return st.arena[st.links[first].off:end]
}
