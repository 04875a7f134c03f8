package model

import (
	"context"
	"slices"

	"github.com/eventbrowser/eventbrowser/query"
)

// A FilterJob is the costly part of applying a query, the matching of its
// text and regexp terms against every distinct message, taken out of the
// list so that it can run on another goroutine while the list goes on
// showing (and taking events into) the view it has. Prepare makes one, Run
// does the work and Apply puts the result in force.
//
// The job reads only what the list never changes once written: the
// messages so far (the list adds messages, it never rewrites one) and the
// tables of matches it had, whose capacity is clipped so that the job's
// appends copy them.
type FilterJob struct {
	q     query.Query
	lines msgLines
	terms []termMatch
}

// Filtered is what a FilterJob worked out, for Apply.
type Filtered struct {
	q      query.Query
	tables map[matchKey][]bool
}

// Query is the query the result is for.
func (f *Filtered) Query() query.Query { return f.q }

// Prepare returns the job of applying q: what is left to match of its
// text and regexp terms, given what the list matched before.
func (l *List) Prepare(q query.Query) *FilterJob {
	j := &FilterJob{q: q, lines: l.st.lines.snapshot()}
	terms := q.Terms()
	for i := range terms {
		t := &terms[i]
		if t.Field != query.FieldText && t.Field != query.FieldRegexp {
			continue
		}
		tm := l.matches.pending(t, j.lines.len())
		tm.have = slices.Clip(tm.have)
		j.terms = append(j.terms, tm)
	}
	return j
}

// MatchAside leaves the matching of text and regexp terms against messages
// added to the list (and of a query set with SetQuery) to FilterJobs: until
// Apply brings their result, such messages pass no text term, so that
// events arriving under a costly regexp cost the caller no matching. The
// interface sets it; Prepare's job for the query in force says what is
// left, by its Cost.
func (l *List) MatchAside(on bool) { l.matches.aside = on }

// Query is the query the job works out.
func (j *FilterJob) Query() query.Query { return j.q }

// Cost is about how much work Run has to do, in bytes read (a regexp's
// count more), so that a caller can run a cheap job at once.
func (j *FilterJob) Cost() int {
	n := 0
	for i := range j.terms {
		n += j.terms[i].cost(&j.lines)
	}
	return n
}

// Run matches the terms against the messages. It reads nothing the list
// changes, so it may run on any goroutine; it stops with ctx's error soon
// after ctx is done.
func (j *FilterJob) Run(ctx context.Context) (*Filtered, error) {
	f := &Filtered{q: j.q, tables: make(map[matchKey][]bool, len(j.terms))}
	for i := range j.terms {
		tm := &j.terms[i]
		table, err := tm.run(ctx, &j.lines)
		if err != nil {
			return nil, err
		}
		f.tables[matchKey{tm.term.Field, tm.term.Value}] = table
	}
	return f, nil
}

// Apply puts the query of f in force, as SetQuery does, with the matches
// f worked out; messages added since the job was prepared are matched
// now. The caller drops a result that is no longer wanted (a newer query
// was typed) rather than applying it.
func (l *List) Apply(f *Filtered) {
	if l.matches.tables == nil {
		l.matches.tables = map[matchKey][]bool{}
	}
	for k, table := range f.tables {
		l.matches.tables[k] = table
	}
	l.SetQuery(f.q)
}
