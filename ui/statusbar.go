package ui

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/timefmt"
	"github.com/eventbrowser/eventbrowser/model"
)

// statusBar is the line under the view, as soft-serve's status bar is: a
// component that is fed its parts rather than one that reaches into every
// view. The root fills it from what it owns (the load, the list, the
// settings, the last message) and from the view in front (statusFeeder);
// render lays it out for a width and changes nothing. Text in it is
// sanitized already.
type statusBar struct {
	spinner string // the spinner's frame, drawn while loading or fetching
	profile string // the profile and mode in use, "shop-nl · live": never cut

	// How far loading is or how many events the query lets through, what
	// failed, what is new, what is being fetched: never cut.
	shown, total int  // the events the query lets through, and all loaded
	filtered     bool // a query is in force: the count says "shown of total"
	loading      bool
	progress     string // the load's own account of itself, "" when it gives none; it counts failures itself
	reading      string // an input the load still reads as it is written, "stdin"
	refreshing   bool   // the load is a refresh (r, --watch)
	filtering    bool   // a query is being worked out aside; the counts are the last one's
	failed       int    // the parts of the source that failed to load
	fresh        int    // the events new since they were last on screen
	fetching     int    // the linked resources being fetched
	capped       bool   // resources were not kept because of --max-held
	standing     string // the source's own account of itself (a receiver's file, its refusals)
	// With --expand, how far the statuses are: the resources fetched, and
	// of those asked for so far, and whether the search for more goes on.
	fetched, asked int
	searching      bool

	// What is in force: it gives way to the message.
	query string // the query in canonical form; shown when filtered
	sort  model.Sort
	watch time.Duration // 0: no --watch
	info  string        // the view's own part, "" for none: the timeline's bucket size
	into  string        // where the source keeps what it receives: "→ FILE"

	message string // what the last key did, or why a refresh failed: it wins the space
	note    string // the latest note from the source: older news, it takes what is left
	notes   int    // how many notes the load has sent, all of them under E
}

// statusFeeder is a view that adds a part of its own to the status line,
// after the sort and the watch: the table, the size of the timeline's
// buckets.
type statusFeeder interface {
	statusInfo() string // "" for nothing
}

// render lays the status line out in width cells. What the last key did
// wins the space: the query, the sort and the rest give way first, down to
// the counts, which are never cut. A note from the source takes only what
// is left.
func (s *statusBar) render(width int, st *styles) string {
	parts := s.counts()
	essentials := strings.Join(parts, " · ")
	essential := ansi.StringWidthWc(essentials)
	if s.filtered {
		parts = append(parts, s.query)
	}
	dir := "↑"
	if s.sort.Desc {
		dir = "↓"
	}
	parts = append(parts, "sort "+s.sort.Key.String()+" "+dir)
	if s.watch > 0 {
		parts = append(parts, "watch "+timefmt.Span(s.watch))
	}
	if s.into != "" {
		parts = append(parts, "→ "+s.into)
	}
	if s.info != "" {
		parts = append(parts, s.info)
	}
	summary := strings.Join(parts, " · ")
	msg := ""
	if s.message != "" {
		msg = " · " + s.message
		if room := width - ansi.StringWidthWc(msg); room > essential {
			summary = ansi.TruncateWc(summary, room, "…")
		} else {
			summary = essentials
		}
	} else if s.note != "" {
		msg = " · " + s.note
		if s.notes > 1 {
			// The count comes first, so that a cut note does not hide it.
			msg = fmt.Sprintf(" · %d notes (E): %s", s.notes, s.note)
		}
	}
	return ansi.TruncateWc(st.status.Render(summary)+st.muted.Render(msg), width, "…")
}

// counts are the parts that are never cut: the load's progress or the
// count of events, failures, new events and fetches.
func (s *statusBar) counts() []string {
	var parts []string
	if s.profile != "" {
		parts = append(parts, s.profile)
	}
	count := model.Thousands(s.total) + eventsWord(s.total)
	if s.filtered {
		count = fmt.Sprintf("%s of %s%s", model.Thousands(s.shown), model.Thousands(s.total), eventsWord(s.total))
	}
	switch {
	case s.loading && s.progress != "":
		parts = append(parts, s.spinner+" "+s.progress)
		if s.filtered {
			parts = append(parts, count)
		}
	case s.loading:
		verb := " loading… "
		switch {
		case s.reading != "":
			// A pipe that may never close: the table fills as it writes.
			verb = " reading " + s.reading + "… "
		case s.refreshing:
			verb = " refreshing… "
		}
		parts = append(parts, s.spinner+verb+count)
	default:
		parts = append(parts, count)
	}
	if s.failed > 0 && (!s.loading || s.progress == "") {
		parts = append(parts, model.Thousands(s.failed)+" failed (E)")
	}
	if s.filtering {
		parts = append(parts, "filtering…")
	}
	if s.fresh > 0 {
		parts = append(parts, model.Thousands(s.fresh)+" new")
	}
	if s.standing != "" {
		parts = append(parts, s.standing)
	}
	if s.capped {
		parts = append(parts, "--max-held reached")
	}
	switch {
	case s.fetching > 0 && s.loading:
	case s.fetching > 0 && s.asked > 0:
		more := ""
		if s.searching {
			more = "+"
		}
		parts = append(parts, s.spinner+" fetching linked "+model.Thousands(s.fetched)+"/"+model.Thousands(s.asked)+more)
	case s.fetching > 0:
		parts = append(parts, s.spinner+" fetching "+model.Thousands(s.fetching)+" linked")
	}
	return parts
}

// statusBar gathers the status line's parts: the root's own, and the view
// in front's.
func (m *Model) statusBar() statusBar {
	l, q, ld := m.list, m.list.Query(), &m.load
	s := statusBar{spinner: m.spinner.View(), profile: cells.SanitizeLine(m.cfg.Profile), shown: l.Len(), total: l.Total(), filtered: !q.IsZero(),
		loading: ld.loading, refreshing: ld.gen > 0, filtering: m.filter.cancel != nil, failed: len(ld.failures), fresh: l.NewCount(),
		fetching: m.res.pending(), sort: l.Sort(), watch: m.cfg.Watch,
		fetched: m.res.fetched(), asked: m.res.asked(), searching: m.res.searching(l), capped: m.res.reachedCap(),
		message: cmp.Or(m.message, ld.loadErr), note: ld.note, notes: len(ld.notes), standing: ld.status, into: ld.into}
	if ld.loading && ld.progress != nil {
		s.progress = ld.progress.String()
	}
	if ld.loading && ld.open != "" {
		s.reading = cells.SanitizeLine(ld.open)
	}
	if s.filtered {
		s.query = cells.SanitizeLine(q.String())
	}
	if v, ok := m.front().(statusFeeder); ok {
		s.info = v.statusInfo()
	}
	return s
}

// statusLine is the status line drawn for the screen's width.
func (m *Model) statusLine() string {
	s := m.statusBar()
	return s.render(m.width, &m.styles)
}

// eventsWord is " event" after a count of one and " events" after any
// other.
func eventsWord(n int) string {
	if n == 1 {
		return " event"
	}
	return " events"
}
