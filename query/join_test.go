package query

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestJoinQuery builds queries from parts and holds them to the query
// their text parses to: the same text, terms and positions.
func TestJoinQuery(t *testing.T) {
	at := func(s string) time.Time {
		v, err := ParseInstant(s, queryNow, queryZone)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name  string
		qs    []string
		terms []Term
		text  string // what the joined query's text must be
	}{
		{"nothing", nil, nil, ""},
		{"one query, as typed", []string{`type:200   "a b"`}, nil, `type:200   "a b"`},
		{"queries, an empty one left out", []string{"paid", "", "!/x y/ source:cst_8w*"}, nil, "paid !/x y/ source:cst_8w*"},
		{"a query of spaces is kept", []string{" ", "paid"}, nil, "  paid"},
		{"types in runs", nil, []Term{NewTypeTerm([]int{300, 222, 220, 221, 200, 200, -1}, nil)}, "type:-1,200,220..222,300"},
		{"types and names", nil, []Term{NewTypeTerm([]int{200}, []string{"refund.refunded", "payment.paid", "payment.paid"})}, "type:200,payment.paid,refund.refunded"},
		{"names only", nil, []Term{NewTypeTerm(nil, []string{"payment.paid"})}, "type:payment.paid"},
		{"two types in a row stay two", nil, []Term{NewTypeTerm([]int{201, 200}, nil)}, "type:200,201"},
		{"text that needs quotes", nil, []Term{NewTextTerm(`type:200 "x"`, false)}, `"type:200 \"x\""`},
		{"text negated", nil, []Term{NewTextTerm("mandate", true)}, "!mandate"},
		{"text that reads as a negation", nil, []Term{NewTextTerm("!x", true)}, `!"!x"`},
		{"text with a backslash", nil, []Term{NewTextTerm(`a\b`, false)}, `a\b`},
		{"times", nil, []Term{NewTimeTerm(FieldSince, "7d", at("7d")), NewTimeTerm(FieldUntil, "2024-05-22T15:11:19+02:00", at("2024-05-22T15:11:19+02:00"))},
			"since:7d until:2024-05-22T15:11:19+02:00"},
		{"queries then terms", []string{`"a b" !is:new`, "type:1..5"}, []Term{NewTypeTerm([]int{300, 200}, nil), NewTextTerm("Pay", false), NewTimeTerm(FieldSince, "2024-03-20", at("2024-03-20"))},
			`"a b" !is:new type:1..5 type:200,300 Pay since:2024-03-20`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var qs []Query
			for _, s := range tt.qs {
				qs = append(qs, mustQuery(t, s))
			}
			got := Join(queryNow, queryZone, qs, tt.terms...)
			want := mustQuery(t, tt.text)
			if got.Text() != tt.text {
				t.Errorf("text %q, want %q", got.Text(), tt.text)
			}
			strip := func(ts []Term) []Term {
				ts = slices.Clone(ts)
				for i := range ts {
					ts[i].re = nil
				}
				return ts
			}
			if g, w := strip(got.Terms()), strip(want.Terms()); !reflect.DeepEqual(g, w) {
				t.Errorf("terms\n%+v\nwant\n%+v", g, w)
			}
			for _, term := range got.Terms() {
				if term.Field == FieldRegexp && term.re == nil {
					t.Errorf("%s lost its compiled regexp", term.Raw)
				}
				if got.Text()[term.Pos:term.Pos+len(term.Raw)] != term.Raw {
					t.Errorf("%s is not at %d of %q", term.Raw, term.Pos, got.Text())
				}
			}
			// Rewrites read the text again against the same now and zone.
			if g, w := got.WithTypes([]int{7}, []string{"a.b"}).String(), want.WithTypes([]int{7}, []string{"a.b"}).String(); g != w {
				t.Errorf("WithTypes gives %q, want %q", g, w)
			}
			if g, w := got.Absolute().String(), want.Absolute().String(); g != w || strings.Contains(g, "7d") {
				t.Errorf("Absolute gives %q, want %q", g, w)
			}
		})
	}
}
