package query

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// Parse reads a query. Terms are separated by spaces, and an event
// passes when every term holds:
//
//	word, "a phrase"    the message (as displayed) contains it, any case
//	/regexp/            the message matches the RE2 expression
//	type:222            the type is one of these: type:200,300 type:220..229
//	                    type:payment.failed, or a name that starts with the
//	                    part before a final *: type:payment.*
//	source:cst_8w*      the source is exactly this, or starts with the part
//	                    before a final *; several separated by commas
//	since:T, until:T    created at or after T, before T; T as ParseInstant
//	                    reads it, against now and loc
//	link:text           the first link's href contains it, any case
//	has:link            the event has a link
//	is:new              the event is new (model.List.IsNew)
//	is:marked           the event is marked (model.List.ToggleMark)
//	status:failed       the linked resource's status is one of these (see
//	                    model.List.SetStatus)
//	entity:tr_x         the event is of that object or of one that belongs
//	                    to it: its source is the ID, or a path segment of
//	                    one of its links is
//
// A ! before a term negates it. Double quotes make anything one value,
// spaces included (a backslash inside them takes the next character as it
// is), so "type:200" is text and source:"my file.json" one source. Field
// names ignore case. The error, a *Error, names the term and its
// position.
func Parse(s string, now time.Time, loc *time.Location) (Query, error) {
	q := Query{text: s, now: now, loc: loc}
	for i := skipQuerySpace(s, 0); i < len(s); i = skipQuerySpace(s, i) {
		end, reason := termEnd(s, i)
		if reason != "" {
			return Query{}, newError(s, i, len(s), reason, nil)
		}
		t, reason, err := parseTerm(s[i:end], now, loc)
		if reason != "" {
			return Query{}, newError(s, i, end, reason, err)
		}
		t.Pos = i
		q.terms = append(q.terms, t)
		i = end
	}
	return q, nil
}

func newError(s string, start, end int, reason string, err error) *Error {
	return &Error{Term: s[start:end], Offset: start, Column: utf8.RuneCountInString(s[:start]) + 1, Reason: reason, Err: err}
}

// isQuerySpace reports whether r separates terms.
func isQuerySpace(r rune) bool { return unicode.IsSpace(r) }

// skipQuerySpace returns the offset of the first non-space at or after i.
func skipQuerySpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isQuerySpace(r) {
			break
		}
		i += size
	}
	return i
}

// termEnd finds the end of the term starting at start: the first space
// outside quotes, or for a regexp the slash that closes it. reason is why
// there is none.
func termEnd(s string, start int) (end int, reason string) {
	i := start
	if i < len(s) && s[i] == '!' {
		i++
	}
	if i < len(s) && s[i] == '/' {
		for j := i + 1; j < len(s); j++ {
			switch s[j] {
			case '\\':
				j++ // an escaped slash does not close it
			case '/':
				if j+1 < len(s) && skipQuerySpace(s, j+1) == j+1 {
					return 0, "want a space after the regexp's closing /"
				}
				return j + 1, ""
			}
		}
		return 0, "unclosed regexp: end it with /"
	}
	quoted := false
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case quoted && r == '\\':
			i += size
			if i < len(s) {
				_, size = utf8.DecodeRuneInString(s[i:])
			} else {
				size = 0
			}
		case r == '"':
			quoted = !quoted
		case !quoted && isQuerySpace(r):
			return i, ""
		}
		i += size
	}
	if quoted {
		return 0, `unclosed quote: end it with "`
	}
	return i, ""
}

// fieldPrefix returns the length of the field name before the colon that
// starts s ("type:" gives 4), or 0 when s does not start with letters and a
// colon.
func fieldPrefix(s string) int {
	i := 0
	for i < len(s) && ('a' <= s[i] && s[i] <= 'z' || 'A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == 0 || i == len(s) || s[i] != ':' {
		return 0
	}
	return i
}

// parseTerm reads one term. reason, when not empty, is why it is wrong,
// and err the cause if there is one.
func parseTerm(raw string, now time.Time, loc *time.Location) (t Term, reason string, err error) {
	t.Raw = raw
	body, neg := strings.CutPrefix(raw, "!")
	t.Neg = neg
	switch n := fieldPrefix(body); {
	case body == "":
		return t, "want a term after !", nil
	case body[0] == '/':
		t.Field, t.Value = FieldRegexp, body[1:len(body)-1]
		if t.re, err = regexp.Compile(t.Value); err != nil {
			return t, "invalid regexp: " + regexpReason(err), err
		}
		return t, "", nil
	case n > 0:
		name := strings.ToLower(body[:n])
		for f, fn := range fieldNames {
			if fn == name && fn != "" {
				t.Field = Field(f)
				reason, err = t.parseValue(body[n+1:], now, loc)
				return t, reason, err
			}
		}
		return t, fmt.Sprintf("unknown field %q: want type, source, since, until, link, has, is, status or entity; to look for the text, put it in quotes", body[:n]), nil
	}
	t.Field = FieldText
	t.Value, _ = unquote(body)
	return t, "", nil
}

// regexpReason says what is wrong with a regexp, with the part in
// backquotes, or as a Go string when it holds what a terminal would act on.
func regexpReason(err error) string {
	var se *syntax.Error
	if !errors.As(err, &se) {
		return strconv.Quote(err.Error())
	}
	part := "`" + se.Expr + "`"
	if cells.SanitizeLine(se.Expr) != se.Expr || strings.Contains(se.Expr, "`") {
		part = strconv.Quote(se.Expr)
	}
	return se.Code.String() + ": " + part
}

// parseValue reads what follows the field name and colon.
func (t *Term) parseValue(v string, now time.Time, loc *time.Location) (reason string, err error) {
	name := fieldNames[t.Field]
	switch t.Field {
	case FieldType:
		for _, item := range splitItems(v) {
			if reason := t.addType(item); reason != "" {
				return reason, nil
			}
		}
	case FieldSource:
		for _, item := range splitItems(v) {
			p := Pattern{Text: item.text, Prefix: item.star}
			if p.Prefix {
				p.Text = p.Text[:len(p.Text)-1]
			}
			if item.text == "" {
				return "want a source, like source:cst_8wmqcHMN4U or source:cst_8w*", nil
			}
			t.Sources = append(t.Sources, p)
		}
	case FieldStatus:
		for _, item := range splitItems(v) {
			s := item.text
			if s == "" {
				return "want a status, like status:failed or status:failed,canceled", nil
			}
			t.Statuses = append(t.Statuses, strings.ToLower(s))
		}
	case FieldSince, FieldUntil:
		t.Value, _ = unquote(v)
		if t.At, err = ParseInstant(t.Value, now, loc); err != nil {
			return err.Error(), err
		}
	case FieldLink:
		if t.Value, _ = unquote(v); t.Value == "" {
			return "want text to look for in the first link, like link:mollie.com/dashboard", nil
		}
	case FieldEntity:
		if t.Value, _ = unquote(v); t.Value == "" || strings.ContainsAny(t.Value, "/?#") {
			return "want an object's ID, like entity:tr_7UhSN1zuXS or entity:cst_8wmqcHMN4U", nil
		}
	case FieldHas, FieldIs:
		s, _ := unquote(v)
		i := slices.IndexFunc(keywords[t.Field], func(k string) bool { return strings.EqualFold(s, k) })
		if i < 0 {
			var want []string
			for _, k := range keywords[t.Field] {
				want = append(want, name+":"+k)
			}
			return "want " + strings.Join(want, " or "), nil
		}
		t.Value = keywords[t.Field][i]
	}
	return "", nil
}

// wantType says what a type: item may be.
const wantType = "want a type number, a range like 220..229, a name like payment.failed or a prefix like payment.*"

// addType reads one item of type:: a number, a range, a name or a prefix
// of names.
func (t *Term) addType(it item) (reason string) {
	r, ok := parseTypeRange(it.text)
	switch {
	case ok && r.Lo > r.Hi:
		return fmt.Sprintf("%q is an empty range: the first number must not be above the second", it.text)
	case ok:
		t.Types = append(t.Types, r)
	case it.star && (it.text == "*" || IsTypeName(it.text[:len(it.text)-1]+"x")):
		t.TypeNames = append(t.TypeNames, Pattern{Text: it.text[:len(it.text)-1], Prefix: true})
	case IsTypeName(it.text):
		t.TypeNames = append(t.TypeNames, Pattern{Text: it.text})
	case it.text == "":
		return wantType
	default:
		return fmt.Sprintf("%q is not a type: %s", it.text, wantType)
	}
	return ""
}

// parseTypeRange reads "222" or "220..229".
func parseTypeRange(s string) (TypeRange, bool) {
	lo, hi, isRange := strings.Cut(s, "..")
	a, err := strconv.ParseInt(lo, 10, 32)
	if err != nil {
		return TypeRange{}, false
	}
	if !isRange {
		return TypeRange{int(a), int(a)}, true
	}
	b, err := strconv.ParseInt(hi, 10, 32)
	if err != nil {
		return TypeRange{}, false
	}
	return TypeRange{int(a), int(b)}, true
}

// item is one value of a comma-separated list, unquoted; star is set when
// it ends in a * outside quotes.
type item struct {
	text string
	star bool
}

// splitItems splits a field's value at the commas outside quotes.
func splitItems(v string) []item {
	var out []item
	quoted := false
	start := 0
	for i := 0; i <= len(v); i++ {
		switch {
		case i == len(v) || (!quoted && v[i] == ','):
			text, star := unquote(v[start:i])
			out = append(out, item{text, star})
			start = i + 1
		case quoted && v[i] == '\\':
			i++
		case v[i] == '"':
			quoted = !quoted
		}
	}
	return out
}

// unquote removes double quotes and the backslashes inside them. star
// reports that s ends in a * outside quotes (the * stays in text).
func unquote(s string) (text string, star bool) {
	if !strings.Contains(s, `"`) {
		return s, strings.HasSuffix(s, "*")
	}
	var b strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case c == '"':
			quoted = !quoted
		default:
			b.WriteByte(c)
		}
		star = !quoted && c == '*' && i == len(s)-1
	}
	return b.String(), star
}

// ParseTypes reads the value of --type as type: reads its value, except
// that spaces around items and empty items are let be: "200,300",
// "220..229,payment.*", `"payment.failed"`. The result is a type: term.
func ParseTypes(s string) (Term, error) {
	t := Term{Field: FieldType}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		text, star := unquote(f)
		if reason := t.addType(item{text, star}); reason != "" {
			return Term{}, fmt.Errorf("bad type %q: %s", f, strings.TrimPrefix(reason, strconv.Quote(f)+" is not a type: "))
		}
	}
	if len(t.Types) == 0 && len(t.TypeNames) == 0 {
		return Term{}, fmt.Errorf("no types in %q: %s, separated by commas", s, wantType)
	}
	return t, nil
}
