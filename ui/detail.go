package ui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/timefmt"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/source"
)

const stateDetail state = "detail"

// detailView shows one event in full, either as labelled fields or as its
// raw JSON, wrapped to the width and scrolled a screen at a time. A message
// may be megabytes long: it is sanitized and wrapped once, in one pass, when
// the event, the mode or the width changes, and a frame draws only the
// lines on screen.
type detailView struct {
	*common
	hyperlinks bool // mark openable links with OSC 8, so a click opens them

	event *model.Event
	id    int    // the event's ID in the list
	pos   string // "12 of 340", for the title
	raw   bool
	text  string   // the event's message, sanitized; set by show
	json  []string // the lines of the event's raw JSON, controls revealed; set on the first J
	base  []string // the event's lines, wrapped; the resources' follow them
	// maxMessage is the most of a message shown, cut with …; 0 shows it
	// all. The preview reads no more than it can show.
	maxMessage int
	pager
	keys detailKeys
}

// detailKeys are the detail view's own keys; it scrolls with the global
// ones.
type detailKeys struct {
	Raw, OpenN key.Binding
	// Next and Prev step through the table's events: not j/k, which
	// scroll here as in every view that scrolls; n/N are the table's
	// marks, which the detail view has not.
	Next, Prev key.Binding
	linkKeys
}

func newDetailView(c *common) *detailView {
	return &detailView{common: c, hyperlinks: hyperlinks(c.cfg.Getenv), keys: detailKeys{
		Raw:      key.NewBinding(key.WithKeys("J"), key.WithHelp("J", "raw JSON")),
		OpenN:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "open link N")),
		Next:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n/p", "next/prev event")),
		Prev:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "previous event")),
		linkKeys: newLinkKeys(),
	}}
}

// focus shows the selected event, scrolled to the top.
func (d *detailView) focus() {
	if e := d.list.Selected(); e != nil {
		d.id = d.list.SelectedID()
		d.show(e, position(d.list))
	}
}

// show puts e in the view, scrolled to the top.
func (d *detailView) show(e *model.Event, pos string) {
	d.event, d.pos = e, pos
	d.text, d.json = cells.Shown(cells.SanitizeText(cutMessage(e.Message, d.maxMessage))), nil
	d.render()
	d.top = 0
}

func (d *detailView) SetSize(w, h int) {
	if w == d.width && h == d.height {
		return
	}
	rewrap := w != d.width
	d.width, d.height = w, h
	if rewrap {
		d.render()
	}
	d.scroll(0)
}

func (d *detailView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		d.wheel(msg)
	case tea.KeyPressMsg:
		k := &d.keys
		switch {
		case key.Matches(msg, d.global.Back):
			d.app.show(stateTable)
		case key.Matches(msg, k.Open):
			return d.openPage(d.event)
		case key.Matches(msg, k.OpenRaw):
			return d.openLink(d.event, 0)
		case key.Matches(msg, k.OpenN):
			n, _ := strconv.Atoi(msg.String())
			return d.openLink(d.event, n-1)
		case key.Matches(msg, k.Copy):
			return d.copyLink(d.event)
		case key.Matches(msg, k.Raw):
			d.raw = !d.raw
			d.render()
			d.top = 0
		case key.Matches(msg, k.Next):
			d.step(1)
		case key.Matches(msg, k.Prev):
			d.step(-1)
		default:
			d.scrollKey(msg, d.global)
		}
	}
	return nil
}

// step shows the event by events after the one shown (before it, for a
// negative by) in the table, as filtered and sorted, moving the table's
// cursor with it; at either end it stays, and says so.
func (d *detailView) step(by int) {
	l := d.list
	switch c := l.Cursor() + by; {
	case c < 0:
		d.app.say("this is the first event")
	case c >= l.Len():
		d.app.say("this is the last event")
	default:
		l.SetCursor(c)
		d.focus()
	}
}

func (d *detailView) ShortHelp() []key.Binding {
	k, g := &d.keys, d.global
	return []key.Binding{scrollHelp, k.Next, k.Open, k.OpenN, k.Raw, k.Copy, g.Back, g.Help, g.Quit}
}

func (d *detailView) FullHelp() [][]key.Binding {
	k, g := &d.keys, d.global
	return [][]key.Binding{{g.Up, g.Down, g.PageUp, g.PageDown, g.Top, g.Bottom, g.SelectText}, {k.Next, k.Open, k.OpenRaw, k.OpenN, k.Raw, k.Copy}, {g.Back, g.Help, g.Quit}}
}

// piece is a part of a paragraph, with how it is shown.
type piece struct {
	text  string
	style *lipgloss.Style // nil: as it is
	href  string          // a URL the text links to (OSC 8), or ""
}

// render lays the event out for the current width, then the resources it
// links to. It runs when the event, the mode or the width changes, not on
// every frame.
func (d *detailView) render() {
	d.lines = nil
	if d.event == nil || d.width <= 0 {
		return
	}
	d.renderEvent()
	d.base = d.lines
	d.renderResources()
}

// wantedResources are the API URLs of the event's links, fetched while
// the view is in front.
func (d *detailView) wantedResources() []string {
	if d.event == nil {
		return nil
	}
	return d.res.urls(d.event)
}

// wantedAgain are the API URLs of the event's resources whose JSON was
// not kept, in the raw view, which shows it.
func (d *detailView) wantedAgain() []string {
	if d.event == nil || !d.raw {
		return nil
	}
	var out []string
	for _, u := range d.res.urls(d.event) {
		if x := d.res.entries[u]; u != "" && x != nil && x.done && x.err == nil && x.json == nil && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// resourcesChanged lays out the resources again, when one has arrived.
func (d *detailView) resourcesChanged() {
	if d.event == nil || d.width <= 0 || d.base == nil {
		return
	}
	d.renderResources()
	d.scroll(0)
}

// renderResources lays out the resources after the event's lines: in the
// raw view their JSON, else a section for each link.
func (d *detailView) renderResources() {
	d.lines = d.base[:len(d.base):len(d.base)]
	e, st, r := d.event, d.styles, d.res
	urls := r.urls(e)
	if d.raw {
		for i, u := range urls {
			if x := r.entries[u]; u != "" && x != nil && x.done && x.err == nil && !slices.Contains(urls[:i], u) {
				d.para()
				d.para(piece{text: "Resource " + source.CarriedURL(u) + " · raw JSON", style: &st.title})
				lines := x.json
				if lines == nil {
					lines = r.again[u]
				}
				if lines == nil {
					d.para(piece{text: "fetching it again …", style: &st.muted})
				}
				for _, line := range lines {
					d.para(piece{text: line})
				}
			}
		}
		return
	}
	if len(e.Links) == 0 {
		return
	}
	d.para()
	d.para(piece{text: "Resources", style: &st.label})
	for i, u := range urls {
		n := strconv.Itoa(i + 1)
		if i >= 9 {
			n = " "
		}
		n += "  "
		x := r.entries[u]
		switch j := slices.Index(urls[:i], u); {
		case u == "":
			d.para(piece{text: n}, piece{text: "not fetched: " + source.ErrNotResource.Error(), style: &st.muted})
		case j >= 0:
			d.para(piece{text: n}, piece{text: "the same as " + strconv.Itoa(j+1), style: &st.muted})
		case r.fetcher == nil, x != nil && x.done && errors.Is(x.err, source.ErrNoKey):
			d.para(piece{text: n}, piece{text: "set " + source.KeyEnv + " to fetch this " + source.ResourceKind(u), style: &st.muted})
		case x == nil || !x.done:
			d.para(piece{text: n + "fetching " + source.CarriedURL(u) + " …", style: &st.muted})
		case x.err != nil:
			d.para(piece{text: n + source.ResourceKind(u) + " " + source.CarriedURL(u)}, piece{text: "  " + cells.SanitizeLine(d.cfg.Explain(x.err)), style: &st.err})
		default:
			head := strings.TrimSpace(x.res.Kind + " " + x.res.ID)
			d.para(piece{text: n}, piece{text: head, style: &st.label}, piece{text: "  " + source.CarriedURL(u), style: &st.muted})
			for _, f := range x.res.Fields {
				d.para(piece{text: fmt.Sprintf("   %-13s", f.Label), style: &st.label}, piece{text: " " + f.Value})
			}
		}
	}
}

// renderEvent lays out the event itself.
func (d *detailView) renderEvent() {
	st := d.styles
	if d.raw {
		if d.json == nil {
			// Line by line, Reveal finds most lines plain and returns
			// them as they are; the whole, newlines and all, it would
			// copy rune by rune.
			for line := range strings.SplitSeq(output.IndentJSON(d.event), "\n") {
				d.json = append(d.json, cells.Reveal(line))
			}
		}
		d.para(piece{text: "Event " + d.pos + " · raw JSON", style: &st.title})
		d.para()
		for _, line := range d.json {
			d.para(piece{text: line})
		}
		return
	}
	e := d.event
	d.para(piece{text: "Event " + d.pos, style: &st.title})
	d.para()
	field := func(label string, value ...piece) {
		d.para(append([]piece{{text: fmt.Sprintf("%-9s", label), style: &st.label}, {text: " "}}, value...)...)
	}
	field("Type", piece{text: d.withGlyph(e, d.typeText(e, d.cfg.TypeNames), false), style: &st.outcomes[d.outcome(e)]})
	field("Resource", piece{text: cells.SanitizeLine(e.Resource)})
	if e.ID != "" {
		field("ID", piece{text: cells.SanitizeLine(e.ID)})
	}
	if e.EntityID != "" {
		field("Entity", piece{text: cells.SanitizeLine(e.EntityID)})
	}
	field("Created",
		piece{text: e.Created.In(d.clock.loc).Format(timeLayout + " MST")},
		piece{text: "  (" + timefmt.Ago(d.clock.now(), e.Created) + ", sent as " + cells.SanitizeLine(e.CreatedRaw) + ")", style: &st.muted})
	field("Source", piece{text: string(e.Source)})
	if d.list.IsMarked(d.id) || d.list.MarkedCount() > 0 {
		var marks []string
		if d.list.IsMarked(d.id) {
			marks = append(marks, "marked")
		}
		if since := d.sinceMarked(e, d.id); since != "" {
			marks = append(marks, since)
		}
		if len(marks) > 0 {
			field("Marks", piece{text: strings.Join(marks, "; ")})
		}
	}
	d.para()
	d.para(piece{text: "Message", style: &st.label})
	d.para(piece{text: d.text})
	d.para()
	if len(e.Links) == 0 {
		d.para(piece{text: "Links", style: &st.label}, piece{text: "  none", style: &st.muted})
		return
	}
	d.para(piece{text: "Links", style: &st.label})
	for i, l := range e.Links {
		n := " "
		if i < 9 {
			n = strconv.Itoa(i + 1)
		}
		p := []piece{{text: n + "  " + cells.SanitizeLine(l.Name) + "  "}, {text: cells.SanitizeLine(l.Href)}}
		if d.hyperlinks && canHyperlink(l.Href) {
			p[1].href = l.Href
		}
		if l.Type != "" {
			p = append(p, piece{text: "  " + cells.SanitizeLine(l.Type), style: &st.muted})
		}
		if err := cells.CheckURL(l.Href); err != nil {
			p = append(p, piece{text: "  (not openable: " + err.Error() + ")", style: &st.err})
		}
		d.para(p...)
	}
}

// para wraps pieces as one paragraph (newlines in them start new lines)
// and adds the lines; no pieces add an empty line. Styles and links are
// applied line by line, after wrapping, so that each line stands alone: a
// line scrolled out of view takes no open style or link with it.
func (d *detailView) para(pieces ...piece) {
	if len(pieces) == 1 && pieces[0].style == nil && pieces[0].href == "" {
		// Plain text, a message above all: the lines are parts of it.
		text := pieces[0].text
		for _, s := range cells.Wrap(text, d.width) {
			d.lines = append(d.lines, text[s.Start:s.End])
		}
		return
	}
	var all strings.Builder
	for _, p := range pieces {
		all.WriteString(p.text)
	}
	text := all.String()
	for _, s := range cells.Wrap(text, d.width) {
		var line strings.Builder
		start := 0
		for _, p := range pieces {
			end := start + len(p.text)
			if a, b := max(start, s.Start), min(end, s.End); a < b {
				line.WriteString(p.show(text[a:b]))
			}
			start = end
		}
		d.lines = append(d.lines, line.String())
	}
}

// show returns part of p's text as p is shown. A link is lipgloss'
// hyperlink (OSC 8); its URL passed model.CanHyperlink, so that it cannot
// end the sequence early.
func (p piece) show(part string) string {
	if p.style == nil && p.href == "" {
		return part
	}
	st := lipgloss.NewStyle()
	if p.style != nil {
		st = *p.style
	}
	if p.href != "" {
		st = st.Hyperlink(p.href)
	}
	return st.Render(part)
}
