package ui

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// statusLine says how far loading is or how many events match, what
// failed, what is new, the query and sort in force, and the latest
// message.
func (m *Model) statusLine() string {
	l, q, ld := m.list, m.list.Query(), &m.load
	var parts []string
	filtered := !q.IsZero()
	count := model.Thousands(l.Total()) + " events"
	if filtered {
		count = fmt.Sprintf("%s of %s events", model.Thousands(l.Len()), model.Thousands(l.Total()))
	}
	switch {
	case ld.loading && ld.progress != nil:
		// The progress counts failures itself.
		parts = append(parts, m.spinner.View()+" "+ld.progress.String())
		if filtered {
			parts = append(parts, count)
		}
	case ld.loading:
		verb := " loading… "
		switch {
		case ld.open != "":
			// A pipe that may never close: the table fills as it writes.
			verb = " reading " + cells.SanitizeLine(ld.open) + "… "
		case ld.gen > 0:
			verb = " refreshing… "
		}
		parts = append(parts, m.spinner.View()+verb+count)
	default:
		parts = append(parts, count)
	}
	if n := len(ld.failures); n > 0 && (!ld.loading || ld.progress == nil) {
		parts = append(parts, model.Thousands(n)+" failed (E)")
	}
	if n := l.NewCount(); n > 0 {
		parts = append(parts, model.Thousands(n)+" new")
	}
	if n := m.res.pending(); n > 0 && !ld.loading {
		parts = append(parts, m.spinner.View()+" fetching "+model.Thousands(n)+" linked")
	}
	essentials := strings.Join(parts, " · ") // counts, failures, new: never cut
	essential := ansi.StringWidth(essentials)
	if filtered {
		// The query as it applies, in its canonical form.
		parts = append(parts, cells.SanitizeLine(q.String()))
	}
	dir := "↑"
	if l.Sort().Desc {
		dir = "↓"
	}
	parts = append(parts, "sort "+l.Sort().Key.String()+" "+dir)
	if m.cfg.Watch > 0 {
		parts = append(parts, "watch "+shortDuration(m.cfg.Watch))
	}
	if m.state == stateTable && m.table.tline.shown {
		parts = append(parts, m.table.tline.status)
	}
	// What the last key did, or a failed refresh, wins the space: the filters
	// and sort give way first, down to the counts. A note from the source is
	// older news and takes only what is left.
	summary := strings.Join(parts, " · ")
	msg := ""
	if text := cmp.Or(m.message, ld.loadErr); text != "" {
		msg = " · " + text
		if room := m.width - ansi.StringWidth(msg); room > essential {
			summary = ansi.Truncate(summary, room, "…")
		} else {
			summary = essentials
		}
	} else if ld.note != "" {
		msg = " · " + ld.note
	}
	return ansi.Truncate(m.styles.status.Render(summary)+m.styles.muted.Render(msg), m.width, "…")
}

// shortDuration writes d without zero tails: 30s, 5m, 1h, 1m30s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
