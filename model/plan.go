package model

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"regexp/syntax"
	"slices"
	"strings"
	"unsafe"

	"github.com/eventbrowser/eventbrowser/internal/cells"
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

// messageTable tells, by message ID, whether the display line passes
// every text and regexp term; nil when nothing looks at the text. Each
// term's matches come from cache, when there is one.
func messageTable(lines *msgLines, terms []*query.Term, cache *matchCache) []bool {
	if len(terms) == 0 {
		return nil
	}
	if cache == nil {
		cache = &matchCache{}
	}
	cache.start()
	tables := make([][]bool, len(terms))
	for i, t := range terms {
		tables[i] = cache.matches(t, lines)
	}
	out := make([]bool, lines.len())
	for id := range out {
		ok := true
		for i, t := range terms {
			// A message not matched yet (left to a FilterJob) passes no term.
			ok = ok && id < len(tables[i]) && tables[i][id] != t.Neg
		}
		out[id] = ok
	}
	return out
}

// matchCache keeps which messages each text and regexp term matches, so
// that a keystroke in one term of a query does not match the others again,
// which for a regexp over many distinct messages is most of the work.
// Messages are only ever added, so a table grows with them. Tables the
// last filter did not use are dropped.
type matchCache struct {
	tables, last map[matchKey][]bool
	// aside leaves the matching of messages not matched yet to a
	// FilterJob: until its result is applied they pass no text term.
	aside bool
}

type matchKey struct {
	field query.Field
	value string
}

// start begins a filter: what the one before used is kept for it.
func (c *matchCache) start() {
	c.last, c.tables = c.tables, map[matchKey][]bool{}
}

// matches returns, by message ID, whether t (negation aside) matches.
func (c *matchCache) matches(t *query.Term, lines *msgLines) []bool {
	tm := c.pending(t, lines.len())
	table := tm.have
	if tm.within != nil && c.aside {
		table = nil
	} else if !c.aside {
		table, _ = tm.run(context.Background(), lines) // it cannot fail
	}
	c.tables[matchKey{t.Field, t.Value}] = table
	return table
}

// pending is what is left to match of t over n messages: what the cache
// knows of it, and for a word typed further, where it can only be.
func (c *matchCache) pending(t *query.Term, n int) termMatch {
	key := matchKey{t.Field, t.Value}
	table, ok := c.tables[key]
	if !ok {
		table = c.last[key]
	}
	tm := termMatch{term: t, lower: shownWord(t.Value), have: table}
	if !ok && table == nil && t.Field == query.FieldText {
		// Typing more of a word: only the messages that held the shorter
		// one can hold it.
		tm.within = c.narrower(tm.lower, n)
	}
	return tm
}

// termMatch is the matching of one term over the messages, as far as it
// is known: have holds the first len(have) messages' answers, and within,
// when not nil, the only messages that can match.
type termMatch struct {
	term   *query.Term
	lower  string // the term's text as shown, in lower case
	have   []bool
	within []bool
	// run's: a line held as a template made again (buf), a line not in
	// ASCII in lower case (lowered), and, for a word with no digits, which
	// matches a line as it matches the line's template, each template's
	// answer by table and number (0: not known yet, 1: no, 2: yes).
	buf, lowered []byte
	hits         [][]uint8
}

// checkEvery is how much matching goes between two looks at the context,
// so that a cancelled filter stops within some milliseconds: counted in
// messages, and a message more for every 64 bytes a word reads, or every
// 16 a regexp does.
const checkEvery = 1024

// run works the table out over lines. It appends to have; it stops with
// ctx's error once ctx is done.
func (tm *termMatch) run(ctx context.Context, lines *msgLines) ([]bool, error) {
	table, from := tm.have, len(tm.have)
	if tm.within != nil {
		table, from = make([]bool, 0, lines.len()), 0
	}
	work, shift := 0, 6
	if tm.term.Field == query.FieldRegexp {
		shift = 4
	}
	byTemplate := tm.digitBlind()
	for id := from; id < lines.len(); id++ {
		if work >= checkEvery {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			work = 0
		}
		if tm.within != nil && !tm.within[id] {
			table, work = append(table, false), work+1
			continue
		}
		b, blk, tmpl := lines.entry(uint32(id))
		if tmpl && byTemplate {
			table, work = append(table, tm.templateMatch(lines, blk, b)), work+1
			continue
		}
		if tmpl {
			tm.buf = lines.tmpl.fill(tm.buf[:0], blk, b)
			b = tm.buf
		}
		line := unsafe.String(unsafe.SliceData(b), len(b))
		work += 1 + len(searched(line))>>shift
		table = append(table, tm.match(line))
	}
	return table, nil
}

// digitBlind reports whether the term matches a line exactly when it
// matches the line with other ASCII digits in it: a word with none, or a
// regexp none of whose parts can match one. Such a term matches a line
// held as a template as it matches the template (templateMatch).
func (tm *termMatch) digitBlind() bool {
	switch tm.term.Field {
	case query.FieldText:
		return !strings.ContainsAny(tm.lower, "0123456789")
	case query.FieldRegexp:
		re, err := syntax.Parse(tm.term.Regexp().String(), syntax.Perl)
		return err == nil && !matchesDigit(re)
	}
	return false
}

// matchesDigit reports whether any part of re can match an ASCII digit.
// What else re does is the same on either side of a digit and of a '0':
// both are word characters to \b, and neither is a line's end.
func matchesDigit(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true
	case syntax.OpLiteral:
		return slices.ContainsFunc(re.Rune, func(r rune) bool { return r >= '0' && r <= '9' })
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= '9' && re.Rune[i+1] >= '0' {
				return true
			}
		}
		return false
	}
	return slices.ContainsFunc(re.Sub, matchesDigit)
}

// templateMatch reports whether a digit-blind term matches the line held
// as the template and digits b in block blk: whether it matches the
// template, the line with its digits made '0'. Shown drops no digit, and
// a word without one, or a regexp that matches none, matches no byte of
// one, so where it matches one of them, it matches the other.
func (tm *termMatch) templateMatch(lines *msgLines, blk int, b []byte) bool {
	form := int(lines.tmpl.forms[blk])
	text, _ := lines.tmpl.of(blk, b)
	num, _ := binary.Uvarint(b)
	for len(tm.hits) <= form {
		tm.hits = append(tm.hits, nil)
	}
	hits := tm.hits[form]
	if int(num) >= len(hits) {
		hits = slices.Grow(hits, len(lines.tmpl.tables[form])-len(hits))[:len(lines.tmpl.tables[form])]
		tm.hits[form] = hits
	}
	if hits[num] == 0 {
		hits[num] = 1
		if tm.match(text) {
			hits[num] = 2
		}
	}
	return hits[num] == 2
}

// match reports whether the term (negation aside) matches a display line,
// as the screen shows it.
func (tm *termMatch) match(line string) bool {
	line = cells.Shown(searched(line))
	if tm.term.Field == query.FieldRegexp {
		return tm.term.Regexp().MatchString(line)
	}
	return containsFoldIn(line, tm.lower, &tm.lowered)
}

// cost is about how much work run has left: the bytes it reads, a
// regexp's counting regexpCost times a word's.
func (tm *termMatch) cost(lines *msgLines) int {
	n := 0
	from := len(tm.have)
	if tm.within != nil {
		from = 0
	}
	for id := from; id < lines.len(); id++ {
		if tm.within == nil || tm.within[id] {
			n += min(lines.lineLen(uint32(id)), MatchPrefix)
		}
	}
	if tm.term.Field == query.FieldRegexp {
		n *= regexpCost
	}
	return n
}

// regexpCost is how much more a regexp costs per byte than a word, about:
// Go's regexps run in linear time, but slower by this much for the worst
// of them.
const regexpCost = 64

// narrower returns the matches of a word the last filter used that lower
// contains, so that every message lower matches is among them; nil when
// there is none over n messages.
func (c *matchCache) narrower(lower string, n int) []bool {
	for k, table := range c.last {
		if k.field == query.FieldText && k.value != "" && len(table) == n && strings.Contains(lower, shownWord(k.value)) {
			return table
		}
	}
	return nil
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
