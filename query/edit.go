package query

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/eventbrowser/eventbrowser/internal/timefmt"
)

// What the panels need of a query: which types and sources its type: and
// source: terms let through, and the query with those terms replaced by a
// selection, the rest of the text as the user typed it.

// LimitsTypes reports whether the query has a type: term.
func (q Query) LimitsTypes() bool { return q.Has(FieldType) }

// LimitsSources reports whether the query has a source: term.
func (q Query) LimitsSources() bool { return q.Has(FieldSource) }

// LimitsStatuses reports whether the query has a status: term, which needs
// the statuses of linked resources (--expand).
func (q Query) LimitsStatuses() bool { return q.Has(FieldStatus) }

// Has reports whether the query has a term of field f.
func (q Query) Has(f Field) bool {
	return slices.ContainsFunc(q.terms, func(t Term) bool { return t.Field == f })
}

// AllowsType reports whether every type: term, negated or not, holds for
// the type num, or the named type name when that is not ""; true when
// there are none.
func (q Query) AllowsType(num int, name string) bool {
	for i := range q.terms {
		if t := &q.terms[i]; t.Field == FieldType && t.HasTypeOf(num, name) == t.Neg {
			return false
		}
	}
	return true
}

// AllowsSource reports whether every source: term holds for source s;
// true when there are none.
func (q Query) AllowsSource(s string) bool {
	for i := range q.terms {
		if t := &q.terms[i]; t.Field == FieldSource && t.HasSource(s) == t.Neg {
			return false
		}
	}
	return true
}

// HasType reports whether typ is in the ranges of a type: term, negation
// aside.
func (t *Term) HasType(typ int) bool {
	for _, r := range t.Types {
		if r.Lo <= typ && typ <= r.Hi {
			return true
		}
	}
	return false
}

// HasTypeOf reports whether an event's type, the number num or the name
// name when that is not "", is one of a type: term's, negation aside.
func (t *Term) HasTypeOf(num int, name string) bool {
	if name == "" {
		return t.HasType(num)
	}
	for _, n := range t.TypeNames {
		if n.Matches(name) {
			return true
		}
	}
	return false
}

// HasSource reports whether s fits a pattern of a source: term, negation
// aside.
func (t *Term) HasSource(s string) bool {
	for _, p := range t.Sources {
		if p.Matches(s) {
			return true
		}
	}
	return false
}

// WithTypes returns the query with its type: terms replaced by one that
// selects the types nums and the named types names: where the first of
// them stood, or at the end. No types removes them, selecting every type.
// The rest of the text is kept as typed.
func (q Query) WithTypes(nums []int, names []string) Query {
	return q.replace(FieldType, TypeTerm(nums, names))
}

// WithSources is WithTypes for source: terms; each source is selected
// exactly, not as a prefix.
func (q Query) WithSources(sources []string) Query {
	return q.replace(FieldSource, SourceTerm(sources))
}

// Without returns the query without its terms of field f, the rest of
// the text as typed: for example without status: terms, to narrow events
// before their statuses are known.
func (q Query) Without(f Field) Query { return q.replace(f, "") }

// TypeTerm writes a type: term for the types nums, runs of three or more
// as ranges, and the named types names: [200 220 221 222 300] and
// [payment.paid] is "type:200,220..222,300,payment.paid". No types gives
// "".
func TypeTerm(nums []int, names []string) string {
	if len(nums) == 0 && len(names) == 0 {
		return ""
	}
	t := NewTypeTerm(nums, names)
	return t.String()
}

// SourceTerm writes a source: term selecting exactly these sources; none
// gives "".
func SourceTerm(sources []string) string {
	if len(sources) == 0 {
		return ""
	}
	t := Term{Field: FieldSource}
	for _, s := range sources {
		t.Sources = append(t.Sources, Pattern{Text: s})
	}
	return t.String()
}

// replace puts term (none when "") where the first term of field f stands,
// or at the end, and removes the other terms of f with the spaces after
// them.
func (q Query) replace(f Field, term string) Query {
	var b strings.Builder
	last, placed := 0, false
	for _, t := range q.terms {
		if t.Field != f {
			continue
		}
		end := t.Pos + len(t.Raw)
		b.WriteString(q.text[last:t.Pos])
		if !placed && term != "" {
			b.WriteString(term)
			placed = true
			last = end
			continue
		}
		last = skipQuerySpace(q.text, end)
		if last == len(q.text) {
			// The last term: the spaces before it go, not those after.
			kept := strings.TrimRightFunc(b.String(), isQuerySpace)
			b.Reset()
			b.WriteString(kept)
			last = end
		}
	}
	b.WriteString(q.text[last:])
	text := b.String()
	if !placed && term != "" {
		if r, _ := utf8.DecodeLastRuneInString(text); text != "" && !isQuerySpace(r) {
			text += " "
		}
		text += term
	}
	return q.reparse(text)
}

// Absolute returns the query with every since: and until: that is a
// duration back from now or a date written as the instant it means, in
// RFC 3339, so that the query selects the same events whenever and
// wherever it is read again (as by a command to copy). The rest of the
// text is kept as typed.
func (q Query) Absolute() Query {
	var b strings.Builder
	last := 0
	for i := range q.terms {
		t := &q.terms[i]
		if t.Field != FieldSince && t.Field != FieldUntil {
			continue
		}
		if _, err := timefmt.Parse(t.Value); err == nil {
			continue
		}
		at := t.At.UTC()
		if at.Year() < 0 || at.Year() > 9999 {
			at = t.At // RFC 3339 has four-digit years: keep the zone that gives them
		}
		abs := *t
		abs.Value = at.Format(time.RFC3339Nano)
		b.WriteString(q.text[last:t.Pos])
		b.WriteString(abs.String())
		last = t.Pos + len(t.Raw)
	}
	if last == 0 {
		return q
	}
	b.WriteString(q.text[last:])
	return q.reparse(b.String())
}

// reparse reads text, a rewrite of q's, against q's now and zone.
func (q Query) reparse(text string) Query {
	out, err := Parse(text, q.now, q.loc)
	if err != nil {
		// The terms kept parsed before, and the new ones are canonical.
		panic("query: a rewritten query does not parse: " + err.Error())
	}
	return out
}
