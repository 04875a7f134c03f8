package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/internal/timefmt"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

// timeKeys are the table's keys of time and attention.
type timeKeys struct {
	Timeline, ZoomIn, ZoomOut, PrevBucket, NextBucket, Goto key.Binding
	Mark, NextMark, PrevMark, OnlyMarked                    key.Binding
}

func newTimeKeys() timeKeys {
	return timeKeys{
		Timeline:   key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "timeline")),
		ZoomIn:     key.NewBinding(key.WithKeys("z"), key.WithHelp("z/Z", "zoom in/out")),
		ZoomOut:    key.NewBinding(key.WithKeys("Z"), key.WithHelp("Z", "zoom out")),
		PrevBucket: key.NewBinding(key.WithKeys("["), key.WithHelp("[/]", "prev/next busy time")),
		NextBucket: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next busy time")),
		Goto:       key.NewBinding(key.WithKeys("@"), key.WithHelp("@", "go to a time")),
		Mark:       key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mark")),
		NextMark:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n/N", "next/prev mark")),
		PrevMark:   key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "prev mark")),
		OnlyMarked: key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "only marked")),
	}
}

// timeKey handles the table's keys of time and attention: the timeline (i,
// z, Z, [, ]), goto-time (@) and marks (m, n, N, M).
func (t *eventTable) timeKey(msg tea.KeyPressMsg) tea.Cmd {
	l, k, tm := t.list, &t.keys.timeKeys, &t.tline
	switch {
	case key.Matches(msg, k.Timeline):
		tm.on = !tm.on
		if tm.on && t.termHeight < timelineMinHeight {
			t.app.say(fmt.Sprintf("the timeline needs a terminal of %d rows or more", timelineMinHeight))
		}
	case key.Matches(msg, k.ZoomIn, k.ZoomOut):
		if !tm.shown || l.Len() == 0 {
			t.app.say("no timeline to zoom: i shows it")
			return nil
		}
		tm.zoom(key.Matches(msg, k.ZoomIn), time.Unix(0, l.NanosAt(l.Cursor())))
	case key.Matches(msg, k.PrevBucket, k.NextBucket):
		if !tm.shown {
			t.app.say("no timeline: i shows it")
		} else if !tm.jump(l, key.Matches(msg, k.PrevBucket)) {
			t.app.say("no events further that way on the timeline")
		}
	case key.Matches(msg, k.Goto):
		t.app.show(stateGoto)
	case key.Matches(msg, k.Mark):
		if e := l.Selected(); e != nil {
			if l.ToggleMark(l.SelectedID()) {
				t.app.say(fmt.Sprintf("marked (%d marked; n/N go through them, M shows only them)", l.MarkedCount()))
			} else {
				t.app.say(fmt.Sprintf("unmarked (%d marked)", l.MarkedCount()))
			}
		}
	case key.Matches(msg, k.NextMark, k.PrevMark):
		back := key.Matches(msg, k.PrevMark)
		if pos := l.NextMarked(l.Cursor(), back); pos >= 0 {
			l.SetCursor(pos)
		} else if l.MarkedCount() == 0 {
			t.app.say("no marked events: m marks one")
		} else {
			t.app.say(map[bool]string{false: "no marked event after this one", true: "no marked event before this one"}[back])
		}
	case key.Matches(msg, k.OnlyMarked):
		return t.app.setQuery(t.toggleMarked(l.Query()))
	}
	t.follow()
	return nil
}

// toggleMarked adds an is:marked term to q, or removes it, keeping the rest
// of the text as typed.
func (t *eventTable) toggleMarked(q query.Query) query.Query {
	var kept []string
	found := false
	for _, term := range q.Terms() {
		if term.Field == query.FieldIs && term.Value == "marked" && !term.Neg {
			found = true
			continue
		}
		kept = append(kept, term.Raw)
	}
	if !found {
		kept = append(kept, "is:marked")
	}
	nq, err := t.parse(strings.Join(kept, " "))
	if err != nil {
		return q // the terms parsed before: cannot happen
	}
	return nq
}

// timelineClick moves the cursor to the first event of the bucket under
// column x, when line y is on the timeline's bars; it reports whether it
// was.
func (t *eventTable) timelineClick(x, y int) bool {
	if !t.tline.shown {
		return false
	}
	top := 1 + t.pageSize() // under the header and the rows
	if y < top || y >= top+timelineRows {
		return false
	}
	if !t.tline.to(t.list, x) {
		t.app.say("no events in that bucket")
	}
	return true
}

// sinceMarked says how far e is from the nearest marked event, as the
// detail view shows it: "+3h 12m after the marked event of 2025-01-12
// 13:08"; "" when nothing else is marked.
func (c *common) sinceMarked(e *model.Event, id int) string {
	m, ok := c.list.NearestMarked(e.Created, id)
	if !ok {
		return ""
	}
	d := e.Created.Sub(m.Created)
	how := "after"
	sign := "+"
	if d < 0 {
		d, how, sign = -d, "before", "-"
	}
	return fmt.Sprintf("%s%s %s the marked event of %s", sign, timefmt.Span(d), how, m.Created.In(c.clock.loc).Format("2006-01-02 15:04"))
}
