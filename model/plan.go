package model

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/eventbrowser/eventbrowser/query"
)

// A plan is a query compiled against a store into what is cheap to check
// per event: a table by distinct message for the text and regexp terms
// (so each is matched once per message, not once per event), a predicate
// by type, a table by interned source, a time range, and the few terms
// that must look at the event itself.
type plan struct {
	msgs         []bool // by message ID; nil when no term looks at the text
	typeOK       func(int32) bool
	srcs         []bool // by ID in store.strs; nil when no term looks at the source
	since, until int64  // [since, until) in Unix nanoseconds
	slow         []func(id int32) bool
}

// planEnv is what terms read from outside the store: the list's new
// events and resource statuses, and its cache of matches.
type planEnv struct {
	fresh  map[int32]struct{}
	marked map[int32]struct{}
	status func(id int) string
	cache  *matchCache // nil: none
}

// leaveOut names the terms a count ignores: the type panel's counts are
// under the rest of the query, the source panel's likewise.
type leaveOut uint8

const (
	leaveNone leaveOut = iota
	leaveTypes
	leaveSources
)

// compile makes the plan of q for the events of st.
func compile(st *segStore, q query.Query, env planEnv, leave leaveOut) plan {
	p := plan{since: -1 << 63, until: 1<<63 - 1}
	var texts, types, sources []*query.Term
	terms := q.Terms()
	for i := range terms {
		t := &terms[i]
		switch t.Field {
		case query.FieldText, query.FieldRegexp:
			texts = append(texts, t)
		case query.FieldType:
			types = append(types, t)
		case query.FieldSource:
			sources = append(sources, t)
		case query.FieldSince, query.FieldUntil:
			// !since:T is until:T, and !until:T is since:T.
			at := clampNanos(t.At)
			if (t.Field == query.FieldSince) != t.Neg {
				p.since = max(p.since, at)
			} else {
				p.until = min(p.until, at)
			}
		default:
			p.slow = append(p.slow, eventTest(t, st, env))
		}
	}
	p.msgs = messageTable(&st.lines, texts, env.cache)
	if leave != leaveTypes && len(types) > 0 {
		p.typeOK = func(typ int32) bool {
			num, name := st.typeOf(typ)
			for _, t := range types {
				if t.HasTypeOf(num, name) == t.Neg {
					return false
				}
			}
			return true
		}
	}
	if leave != leaveSources && len(sources) > 0 {
		p.srcs = make([]bool, len(st.strs.list))
		for id, s := range st.strs.list {
			ok := true
			for _, t := range sources {
				ok = ok && t.HasSource(s) != t.Neg
			}
			p.srcs[id] = ok
		}
	}
	return p
}

// eventTest returns the test of a term that looks at the event itself:
// link:, has:, is: and status:.
func eventTest(t *query.Term, st *segStore, env planEnv) func(id int32) bool {
	neg := t.Neg
	switch t.Field {
	case query.FieldLink:
		lower := strings.ToLower(t.Value)
		// Most hrefs share a few prefixes, so the prefix is tested once;
		// only when it does not hold is the whole href read.
		inPrefix := make([]bool, len(st.prefixes.list))
		for i, p := range st.prefixes.list {
			inPrefix[i] = containsFold(p, lower)
		}
		var buf []byte
		return func(id int32) bool {
			sg, i := st.at(id)
			r := &sg.recs[i]
			if r.nlinks == 0 {
				return neg
			}
			if inPrefix[st.heads.list[sg.links[r.link].headID()].prefix] {
				return !neg
			}
			buf = sg.href(&st.dict, r.link, i, buf[:0])
			return containsFold(string(buf), lower) != neg
		}
	case query.FieldHas:
		return func(id int32) bool { return (st.rec(id).nlinks > 0) != neg }
	case query.FieldIs:
		set := env.fresh
		if t.Value == "marked" {
			set = env.marked
		}
		return func(id int32) bool {
			_, ok := set[id]
			return ok != neg
		}
	case query.FieldEntity:
		return entityTest(t.Value, st, neg)
	case query.FieldStatus:
		if env.status == nil {
			return func(int32) bool { return neg } // no status known: no status matches
		}
		return func(id int32) bool {
			return slices.Contains(t.Statuses, strings.ToLower(env.status(int(id)))) != neg
		}
	}
	panic(fmt.Sprintf("model: no event test for field %d", t.Field))
}

// entityTest is entity:ID's test: the event's source is the ID (a
// customer's events), or its entityId is (a webhook event's), or a path
// segment of one of its links is (an object's events link to it, and a
// refund's, chargeback's or capture's to its payment's path as well).
func entityTest(entity string, st *segStore, neg bool) func(id int32) bool {
	src := -1
	for i, s := range st.strs.list {
		if s == entity {
			src = i
		}
	}
	var buf []byte
	code := appendIDCode(nil, entity)
	return func(id int32) bool {
		sg, i := st.at(id)
		r := &sg.recs[i]
		if int(r.src) == src || r.tform&formIDs != 0 && sg.ids.entityIs(i, code) {
			return !neg
		}
		for k := r.link; k < r.link+uint32(r.nlinks); k++ {
			buf = sg.href(&st.dict, k, i, buf[:0])
			if hasSegment(buf, entity) {
				return !neg
			}
		}
		return neg
	}
}

// hasSegment reports whether seg is a whole path segment of the URL href.
func hasSegment(href []byte, seg string) bool {
	for i := 0; ; {
		j := bytes.Index(href[i:], []byte(seg))
		if j < 0 {
			return false
		}
		j += i
		end := j + len(seg)
		if j > 0 && href[j-1] == '/' && (end == len(href) || href[end] == '/' || href[end] == '?' || href[end] == '#') {
			return true
		}
		i = j + 1
	}
}

// holds reports whether event id, whose record is r, passes the plan.
func (p *plan) holds(r *record, id int32) bool {
	if (p.msgs != nil && !p.msgs[r.msg]) || r.nanos < p.since || r.nanos >= p.until ||
		(p.typeOK != nil && !p.typeOK(r.typ)) || (p.srcs != nil && !p.srcs[r.src]) {
		return false
	}
	return p.holdsSlow(id)
}

// keepsAll reports whether the plan keeps every event without looking.
func (p *plan) keepsAll() bool {
	return p.msgs == nil && p.typeOK == nil && p.srcs == nil && p.since == -1<<63 && p.until == 1<<63-1 && len(p.slow) == 0
}

func (p *plan) holdsSlow(id int32) bool {
	for _, test := range p.slow {
		if !test(id) {
			return false
		}
	}
	return true
}

// typeList is the types among present that pass, for refilter's table;
// nil when all of them pass.
func (p *plan) typeList(present []int32) []int32 {
	if p.typeOK == nil {
		return nil
	}
	out := []int32{}
	for _, t := range present {
		if p.typeOK(t) {
			out = append(out, t)
		}
	}
	if len(out) == len(present) {
		return nil
	}
	return out
}
