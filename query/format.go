package query

import (
	"strconv"
	"strings"
)

// Writing queries back: each term the one way it reads back, quoted where
// it must be.

// String returns the query in canonical form: each term written the one
// way it reads back, separated by single spaces.
func (q Query) String() string {
	parts := make([]string, len(q.terms))
	for i := range q.terms {
		parts[i] = q.terms[i].String()
	}
	return strings.Join(parts, " ")
}

// String returns the term in canonical form.
func (t *Term) String() string {
	var b strings.Builder
	if t.Neg {
		b.WriteByte('!')
	}
	if t.Field > FieldRegexp {
		b.WriteString(fieldNames[t.Field])
		b.WriteByte(':')
	}
	switch t.Field {
	case FieldText:
		b.WriteString(QuoteText(t.Value))
	case FieldRegexp:
		b.WriteString("/" + t.Value + "/")
	case FieldType:
		for i, r := range t.Types {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(r.String())
		}
		for i, n := range t.TypeNames {
			if i > 0 || len(t.Types) > 0 {
				b.WriteByte(',')
			}
			b.WriteString(n.String())
		}
	case FieldSource:
		for i, p := range t.Sources {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(p.String())
		}
	case FieldStatus:
		for i, s := range t.Statuses {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(quoteItem(s, true))
		}
	default:
		b.WriteString(quoteItem(t.Value, false))
	}
	return b.String()
}

func (r TypeRange) String() string {
	if r.Lo == r.Hi {
		return strconv.Itoa(r.Lo)
	}
	return strconv.Itoa(r.Lo) + ".." + strconv.Itoa(r.Hi)
}

func (p Pattern) String() string {
	switch {
	case p.Prefix && p.Text == "":
		return "*"
	case p.Prefix:
		return quoteItem(p.Text, true) + "*"
	}
	s := quoteItem(p.Text, true)
	if strings.HasSuffix(s, "*") {
		s = quote(p.Text) // a star of the source itself, not a prefix
	}
	return s
}

// QuoteText writes s as a text term that reads back as s: bare when it
// can be, in double quotes when it holds a space or a quote, or would read
// as something else (!x, /x/, type:x).
func QuoteText(s string) string {
	if s == "" || s[0] == '!' || s[0] == '/' || fieldPrefix(s) > 0 {
		return quote(s)
	}
	return quoteItem(s, false)
}

// quoteItem writes a field's value, or one item of a list when list is
// set (so a comma is quoted too).
func quoteItem(s string, list bool) string {
	if s == "" {
		return `""`
	}
	for _, r := range s {
		if r == '"' || isQuerySpace(r) || (list && r == ',') {
			return quote(s)
		}
	}
	return s
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}
