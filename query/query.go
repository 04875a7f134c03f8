// Package query is the query language of -q and /: terms that select
// events by text, regexp, type, source, time, link, status and marks.
// It parses, formats and edits queries; what a query selects in a list is
// model's.
package query

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// A Query selects events: terms separated by spaces, every one of which
// must hold. The zero Query holds for every event. See Parse for the
// terms.
type Query struct {
	text  string // as typed
	terms []Term
	now   time.Time      // what relative times were read against, for rewrites
	loc   *time.Location // where dates are midnight
}

// Field is what a term looks at.
type Field uint8

const (
	FieldText   Field = iota // word or "a phrase": the message contains it, any case
	FieldRegexp              // /re/: the message matches
	FieldType                // type:220..229,300,payment.*
	FieldSource              // source:cst_8w*
	FieldSince               // since:T, inclusive
	FieldUntil               // until:T, exclusive
	FieldLink                // link:text: the first link's href contains it, any case
	FieldHas                 // has:link
	FieldIs                  // is:new, is:marked
	FieldStatus              // status:failed,canceled
	FieldEntity              // entity:tr_7UhSN1zuXS: the object's events and its parts'
)

// fieldNames are the names typed before the colon; text and regexp have
// none.
var fieldNames = [...]string{
	FieldType: "type", FieldSource: "source", FieldSince: "since", FieldUntil: "until",
	FieldLink: "link", FieldHas: "has", FieldIs: "is", FieldStatus: "status", FieldEntity: "entity",
}

// keywords are the values has: and is: take.
var keywords = map[Field][]string{FieldHas: {"link"}, FieldIs: {"new", "marked"}}

// Words returns what a query can say besides text and regexps, for
// documentation to be checked against: each field as written before its
// colon ("type:"), and each term that takes a keyword whole ("has:link").
func Words() []string {
	var out []string
	for f, name := range fieldNames {
		switch kw := keywords[Field(f)]; {
		case name == "":
		case kw != nil:
			for _, k := range kw {
				out = append(out, name+":"+k)
			}
		default:
			out = append(out, name+":")
		}
	}
	return out
}

// Term is one condition of a query.
type Term struct {
	Field Field
	Neg   bool   // written with a leading !: holds when the rest does not
	Raw   string // as typed, ! included
	Pos   int    // byte offset of Raw in the query's text

	// Value is the text of a text or link term, the expression of a regexp,
	// "link" for has:, "new" for is:, and the time as typed for since: and
	// until:.
	Value     string
	Types     []TypeRange // type:, its numbers
	TypeNames []Pattern   // type:, its names and prefixes of names
	Sources   []Pattern   // source:
	Statuses  []string    // status:, lower case
	At        time.Time   // since:, until:

	re *regexp.Regexp
}

// Regexp is the compiled expression of a regexp term; nil for the others.
func (t *Term) Regexp() *regexp.Regexp { return t.re }

// TypeRange is an inclusive range of event types; Lo == Hi for one type.
type TypeRange struct{ Lo, Hi int }

// Pattern is one value of source: or a named one of type:: the value is
// exactly Text, or, with Prefix, starts with it (source:cst_8w*,
// type:payment.*).
type Pattern struct {
	Text   string
	Prefix bool
}

// Matches reports whether s fits the pattern.
func (p Pattern) Matches(s string) bool {
	if p.Prefix {
		return strings.HasPrefix(s, p.Text)
	}
	return s == p.Text
}

// Error is a query that does not parse: which term, where, and why.
type Error struct {
	Term   string // the term as typed
	Offset int    // byte offset of the term in the query
	Column int    // 1-based position of the term in characters, for people
	Reason string
	Err    error // the cause, for a bad regexp or time; may be nil
}

func (e *Error) Error() string {
	term := e.Term
	if cells.SanitizeLine(term) != term || term == "" || strings.ContainsFunc(term, isQuerySpace) {
		term = strconv.Quote(term)
	}
	return fmt.Sprintf("%s at column %d: %s", term, e.Column, e.Reason)
}

func (e *Error) Unwrap() error { return e.Err }

// Text returns the query as it was typed.
func (q Query) Text() string { return q.text }

// Terms returns the query's terms in the order typed. They are shared:
// do not change them.
func (q Query) Terms() []Term { return q.terms }

// IsZero reports whether the query has no terms, and so holds for all.
func (q Query) IsZero() bool { return len(q.terms) == 0 }
