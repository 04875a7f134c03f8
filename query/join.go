package query

import (
	"slices"
	"strings"
	"time"
)

// Building a query from parts parsed apart, as the command line's flags
// are, without writing them out and reading them again.

// NewTypeTerm is a type: term selecting types, runs of three or more as
// ranges: [200 220 221 222 300] is type:200,220..222,300.
func NewTypeTerm(types []int) Term {
	types = slices.Clone(types)
	slices.Sort(types)
	types = slices.Compact(types)
	t := Term{Field: FieldType}
	for i := 0; i < len(types); {
		j := i
		for j+1 < len(types) && types[j+1] == types[j]+1 {
			j++
		}
		if j-i < 2 {
			j = i // two in a row read better as two
		}
		t.Types = append(t.Types, TypeRange{types[i], types[j]})
		i = j + 1
	}
	return t
}

// NewTextTerm is a term that holds when the message contains text, any
// case, or with neg when it does not.
func NewTextTerm(text string, neg bool) Term {
	return Term{Field: FieldText, Neg: neg, Value: text}
}

// NewTimeTerm is a since: or until: term, as f says, for the instant at,
// which value is as typed.
func NewTimeTerm(f Field, value string, at time.Time) Term {
	return Term{Field: f, Value: value, At: at}
}

// Join is the query whose terms are those of qs, then terms, every
// one of which must hold, read against now and loc. Its text is the text
// of each query as typed (an empty one left out), then each term in
// canonical form, separated by spaces.
func Join(now time.Time, loc *time.Location, qs []Query, terms ...Term) Query {
	out := Query{now: now, loc: loc}
	var b strings.Builder
	add := func(text string) int {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		pos := b.Len()
		b.WriteString(text)
		return pos
	}
	for _, q := range qs {
		if q.text == "" {
			continue
		}
		pos := add(q.text)
		for _, t := range q.terms {
			t.Pos += pos
			out.terms = append(out.terms, t)
		}
	}
	for _, t := range terms {
		t.Raw = t.String()
		t.Pos = add(t.Raw)
		out.terms = append(out.terms, t)
	}
	out.text = b.String()
	return out
}
