package model

import (
	"context"
	"regexp/syntax"
	"slices"
	"strings"
	"unsafe"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/query"
)

// The text and regexp terms of a plan, matched once per message rather
// than once per event: by message ID, a table of whether each passes
// (messageTable), what the last filters matched kept for the next
// keystroke (matchCache), and the matching itself, which a FilterJob may
// run on another goroutine (termMatch).

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
	num, text, _ := lines.tmpl.of(blk, b)
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
