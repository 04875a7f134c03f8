package model

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/timefmt"
	"github.com/eventbrowser/eventbrowser/query"
)

// The property: for generated events and generated queries, the list shows
// exactly the events a plain filter written directly over the events
// keeps, and its counts and a chunk's Select agree with it.

var (
	propTypes = []int{200, 201, 220, 221, 229, 456, -1} // 456 shares 200's low byte
	// Named types, and a number kept as a named type's code is.
	propTypeNames = []string{"payment.failed", "payment.paid", "payment", "refund.refunded", "Payment.x"}
	propCodeType  = -1<<31 + 200
	propMessages  = []string{
		"Payment paid", "payment FAILED", "Ärger mit Zahlung", `Note added: "VIP"`,
		"Pay\x1b[31mment failed", "Mandate created", "", "type:200 in text", "a/b c",
	}
	propSources = []string{"cst_a", "cst_ab", "cst_b", "my file.json", "x*", "a,b"}
	propHrefs   = []string{
		"https://www.mollie.com/dashboard/org_1/customers/cst_a",
		"https://api.mollie.com/v2/payments/tr_Xy",
		"https://example.com/Mollie.COM/x", "", "mailto:x",
	}
	propTimes = []string{
		"2024-01-01T10:00:00Z", "2024-01-02T10:00:00.5+01:00", "2024-01-03T00:00:00Z",
		"2024-01-03T10:00:00.1234567891Z", // too many digits for a record: stored aside
		"2024-01-04t10:00:00z", "2023-12-31T23:59:59-05:00",
	}
	propWords   = []string{"pay", "PAID", "ärger", "ÄRGER", "vip", `"vip"`, "mit zahlung", "failed", "x", "", "type:200", "/b", "ä"}
	propRegexps = []string{"^Pay", "(?i)paid$", "a.b", "[ÄÖ]", "^$", `\d`}
	propLinks   = []string{"mollie.com/dashboard", "MOLLIE", "tr_", "api.mollie.com/v2/payments/tr_x", "x", ":"}
	propStatus  = []string{"paid", "failed", "canceled", ""}
)

func genEvent(r *rand.Rand) Event {
	created := propTimes[r.IntN(len(propTimes))]
	tm, err := timefmt.Parse(created)
	if err != nil {
		panic(err)
	}
	e := Event{
		Type: propTypes[r.IntN(len(propTypes))], Created: tm, CreatedRaw: created,
		Message: propMessages[r.IntN(len(propMessages))], Source: cells.Line(propSources[r.IntN(len(propSources))]),
	}
	for range r.IntN(3) {
		e.Links = append(e.Links, Link{Name: "url", Href: propHrefs[r.IntN(len(propHrefs))], Type: "text/html"})
	}
	switch r.IntN(8) {
	case 0, 1:
		e.Type, e.TypeName = 0, pick(r, propTypeNames)
	case 2:
		e.Type = propCodeType
	}
	e.Finish()
	return e
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// genTerm writes one term of the language.
func genTerm(r *rand.Rand) string {
	var s string
	switch r.IntN(10) {
	case 0:
		s = query.QuoteText(pick(r, propWords))
	case 1:
		s = "/" + pick(r, propRegexps) + "/"
	case 2:
		var items []string
		for range 1 + r.IntN(3) {
			lo := pick(r, propTypes)
			if name := pick(r, propTypeNames); r.IntN(3) == 0 {
				if r.IntN(2) == 0 {
					name = name[:1+r.IntN(len(name))] + "*"
				}
				items = append(items, name)
			} else if r.IntN(3) == 0 {
				items = append(items, fmt.Sprintf("%d..%d", lo, lo+r.IntN(30)))
			} else {
				items = append(items, fmt.Sprint(lo))
			}
		}
		s = "type:" + strings.Join(items, ",")
	case 3:
		var items []string
		for range 1 + r.IntN(2) {
			src := pick(r, propSources)
			if r.IntN(2) == 0 {
				src = src[:r.IntN(len(src)+1)]
				items = append(items, query.Pattern{Text: src, Prefix: true}.String())
			} else {
				items = append(items, (&query.Pattern{Text: src}).String())
			}
		}
		s = "source:" + strings.Join(items, ",")
	case 4:
		s = "since:" + pick(r, propTimes)
	case 5:
		s = "until:" + pick(r, propTimes)
	case 6:
		s = "link:" + query.QuoteText(pick(r, propLinks))
	case 7:
		s = "has:link"
	case 8:
		s = "is:new"
	case 9:
		s = "status:" + pick(r, propStatus[:3])
		if r.IntN(2) == 0 {
			s += "," + pick(r, propStatus[:3])
		}
	}
	if r.IntN(3) == 0 {
		s = "!" + s
	}
	return s
}

// world is what the reference filter knows besides the events.
type world struct {
	fresh  map[int]bool
	status func(id int) string // nil: none known
}

// refHolds is the language written plainly over one built event: each
// parsed term's values checked with the strings and time packages, the
// regexp compiled anew, and none of the plan's tables, caches or runs.
func refHolds(t *testing.T, term query.Term, e *Event, id int, w world) bool {
	lower := strings.ToLower
	var ok bool
	switch term.Field {
	case query.FieldText:
		ok = strings.Contains(lower(string(e.Line)), lower(term.Value))
	case query.FieldRegexp:
		ok = regexp.MustCompile(term.Value).MatchString(string(e.Line))
	case query.FieldType:
		for _, r := range term.Types {
			ok = ok || (e.TypeName == "" && r.Lo <= e.Type && e.Type <= r.Hi)
		}
		for _, n := range term.TypeNames {
			ok = ok || (e.TypeName != "" && (e.TypeName == n.Text || n.Prefix && strings.HasPrefix(e.TypeName, n.Text)))
		}
	case query.FieldSource:
		for _, p := range term.Sources {
			ok = ok || string(e.Source) == p.Text || (p.Prefix && strings.HasPrefix(string(e.Source), p.Text))
		}
	case query.FieldSince:
		ok = !e.Created.Before(term.At)
	case query.FieldUntil:
		ok = e.Created.Before(term.At)
	case query.FieldLink:
		ok = len(e.Links) > 0 && strings.Contains(lower(e.Links[0].Href), lower(term.Value))
	case query.FieldHas:
		ok = len(e.Links) > 0
	case query.FieldIs:
		ok = w.fresh[id]
	case query.FieldStatus:
		ok = w.status != nil && slices.Contains(term.Statuses, lower(w.status(id)))
	default:
		t.Fatalf("no reference for %v", term.Field)
	}
	return ok != term.Neg
}

func refPasses(t *testing.T, q query.Query, e *Event, id int, w world, skip query.Field) bool {
	for _, term := range q.Terms() {
		if term.Field != skip && !refHolds(t, term, e, id, w) {
			return false
		}
	}
	return true
}

func TestQueryProperty(t *testing.T) {
	smallSegments(t) // chunks of a few events are segments of their own
	r := rand.New(rand.NewPCG(12, 12))
	const skipNone = query.Field(255)
	queries, split := 0, 0 // queries, and those that kept some events but not all
	for round := range 150 {
		// Events arrive three ways: appended, as a chunk, and merged (so
		// some are new); some new ones are then seen.
		var events []Event
		l := NewList()
		w := world{fresh: map[int]bool{}}
		batch := func() []Event {
			b := make([]Event, r.IntN(40))
			for i := range b {
				b[i] = genEvent(r)
			}
			return b
		}
		l.Append(batch()...)
		c := &Chunk{}
		for _, e := range batch() {
			c.Add(&e)
		}
		l.AppendChunks(c)
		before := l.Total()
		l.MergeChunks(chunkOf(batch()))
		for id := before; id < l.Total(); id++ {
			w.fresh[id] = true
		}
		for id := range w.fresh {
			if r.IntN(3) == 0 {
				l.MarkSeen(id)
				delete(w.fresh, id)
			}
		}
		for id := range l.Total() {
			events = append(events, *l.Event(id))
		}
		if round%2 == 0 {
			statuses := map[int]string{}
			for id := range events {
				statuses[id] = pick(r, []string{"paid", "Failed", "canceled", ""})
			}
			w.status = func(id int) string { return statuses[id] }
			l.SetStatus(w.status)
		}
		l.SetSort(pick(r, []Sort{DefaultSort, {Key: SortCreated}, {Key: SortType}, {Key: SortType, Desc: true}, {Key: SortMessage, Desc: true}}))

		for range 30 {
			terms := make([]string, 1+r.IntN(4))
			for i := range terms {
				terms[i] = genTerm(r)
			}
			text := strings.Join(terms, " ")
			q, err := query.Parse(text, queryNow, queryZone)
			if err != nil {
				t.Fatalf("a generated query does not parse: %v", err)
			}
			l.SetQuery(q)

			var want []int
			for id := range events {
				if refPasses(t, q, &events[id], id, w, skipNone) {
					want = append(want, id)
				}
			}
			queries++
			if len(want) > 0 && len(want) < len(events) {
				split++
			}
			got := ids(l)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, query %q over %d events: the list shows %v, the reference %v", round, text, len(events), got, want)
			}

			// Type and source counts are under the rest of the query.
			wantTypes, wantSources := map[string]int{}, map[string]int{}
			for id := range events {
				e := &events[id]
				wantTypes[e.TypeText()] += 0
				wantSources[string(e.Source)] += 0
				if refPasses(t, q, e, id, w, query.FieldType) {
					wantTypes[e.TypeText()]++
				}
				if refPasses(t, q, e, id, w, query.FieldSource) {
					wantSources[string(e.Source)]++
				}
			}
			gotTypes := map[string]int{}
			for _, tc := range l.TypeCounts() {
				gotTypes[tc.TypeText()] = tc.Count
			}
			if fmt.Sprint(gotTypes) != fmt.Sprint(wantTypes) {
				t.Fatalf("query %q: TypeCounts %v, want %v", text, gotTypes, wantTypes)
			}
			gotSources := map[string]int{}
			for _, sc := range l.SourceCounts() {
				gotSources[string(sc.Source)] = sc.Count
			}
			if fmt.Sprint(gotSources) != fmt.Sprint(wantSources) {
				t.Fatalf("query %q: SourceCounts %v, want %v", text, gotSources, wantSources)
			}

			// Print mode's Select: nothing is new there and no status is
			// known.
			all := &Chunk{}
			for i := range events {
				all.Add(&events[i])
			}
			sel := all.Select(q)
			var gotSel, wantSel []string
			for i := range sel.Len() {
				e := sel.Event(i)
				gotSel = append(gotSel, fmt.Sprintf("%+v", e))
			}
			for id := range events {
				if refPasses(t, q, &events[id], id, world{}, skipNone) {
					wantSel = append(wantSel, fmt.Sprintf("%+v", events[id]))
				}
			}
			if !slices.Equal(gotSel, wantSel) {
				t.Fatalf("query %q: Select keeps %d events, the reference %d:\n%q\nwant\n%q", text, len(gotSel), len(wantSel), gotSel, wantSel)
			}
		}
	}
	// Agreeing on nothing or everything shows little.
	if split < queries/3 {
		t.Errorf("only %d of %d queries kept some events but not all", split, queries)
	}
}
