package query

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Building a query from parts parsed apart, as the command line's flags
// are, without writing them out and reading them again.

// NewTypeTerm is a type: term selecting the types nums, runs of three or
// more as ranges ([200 220 221 222 300] is type:200,220..222,300), and the
// named types names, in byte order.
func NewTypeTerm(nums []int, names []string) Term {
	t := Term{Field: FieldType}
	for _, n := range slices.Compact(slices.Sorted(slices.Values(names))) {
		t.TypeNames = append(t.TypeNames, Pattern{Text: n})
	}
	t.Types = typeRanges(nums)
	return t
}

// JoinTypes is one type: term selecting what the terms ts select, in the
// order NewTypeTerm writes: single numbers in runs, ranges among them by
// their first number, then names and prefixes in byte order, each once.
// It joins the --type flags.
func JoinTypes(ts ...Term) Term {
	var nums []int
	var ranges []TypeRange
	var names []Pattern
	for _, t := range ts {
		for _, r := range t.Types {
			if r.Lo == r.Hi {
				nums = append(nums, r.Lo)
			} else {
				ranges = append(ranges, r)
			}
		}
		names = append(names, t.TypeNames...)
	}
	out := Term{Field: FieldType, Types: append(typeRanges(nums), ranges...)}
	slices.SortStableFunc(out.Types, func(a, b TypeRange) int { return cmp.Compare(a.Lo, b.Lo) })
	out.Types = slices.Compact(out.Types)
	slices.SortFunc(names, func(a, b Pattern) int {
		return cmp.Or(strings.Compare(a.Text, b.Text), cmp.Compare(b2i(a.Prefix), b2i(b.Prefix)))
	})
	out.TypeNames = slices.Compact(names)
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// typeRanges writes types as ranges, runs of three or more as one.
func typeRanges(types []int) []TypeRange {
	var out []TypeRange
	types = slices.Clone(types)
	slices.Sort(types)
	types = slices.Compact(types)
	for i := 0; i < len(types); {
		j := i
		for j+1 < len(types) && types[j+1] == types[j]+1 {
			j++
		}
		if j-i < 2 {
			j = i // two in a row read better as two
		}
		out = append(out, TypeRange{types[i], types[j]})
		i = j + 1
	}
	return out
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
