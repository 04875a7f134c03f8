package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/eventbrowser/eventbrowser/model"
)

// detailView shows one event in full in a scrollable viewport, either as
// labelled fields or as its raw JSON.
type detailView struct {
	keys   *keyMap
	styles *styles
	clock  clock

	vp    viewport.Model
	event *model.Event
	pos   string // "12 of 340", for the title
	raw   bool
	width int
}

func newDetailView(keys *keyMap, st *styles, c clock) *detailView {
	return &detailView{keys: keys, styles: st, clock: c, vp: viewport.New(0, 0)}
}

// show puts e in the view, scrolled to the top.
func (d *detailView) show(e *model.Event, pos string) {
	d.event, d.pos = e, pos
	d.render()
	d.vp.GotoTop()
}

func (d *detailView) SetSize(w, h int) {
	d.width = w
	d.vp.Width, d.vp.Height = w, h
	d.render()
}

// Update scrolls; it reports whether it used the message.
func (d *detailView) Update(msg tea.KeyMsg) bool {
	k := d.keys
	switch {
	case key.Matches(msg, k.Up):
		d.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		d.vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		d.vp.PageUp()
	case key.Matches(msg, k.PageDown):
		d.vp.PageDown()
	case key.Matches(msg, k.Top):
		d.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		d.vp.GotoBottom()
	case key.Matches(msg, k.Raw):
		d.raw = !d.raw
		d.render()
		d.vp.GotoTop()
	default:
		return false
	}
	return true
}

func (d *detailView) View() string { return d.vp.View() }

// render lays the event out for the current width. It runs when the event,
// the mode or the width changes, not on every frame.
func (d *detailView) render() {
	if d.event == nil || d.width <= 0 {
		return
	}
	if d.raw {
		d.vp.SetContent(d.styles.title.Render("Event "+d.pos+" · raw JSON") + "\n\n" + wrap(model.Reveal(model.IndentJSON(d.event)), d.width))
		return
	}
	e := d.event
	var b strings.Builder
	b.WriteString(d.styles.title.Render("Event "+d.pos) + "\n\n")
	field := func(label, value string) {
		fmt.Fprintf(&b, "%s %s\n", d.styles.label.Render(fmt.Sprintf("%-9s", label)), value)
	}
	field("Type", strconv.Itoa(e.Type))
	field("Resource", model.SanitizeLine(e.Resource))
	field("Created", e.Created.In(d.clock.loc).Format(timeLayout+" MST")+
		d.styles.muted.Render("  ("+relativeTime(d.clock.now(), e.Created)+", sent as "+model.SanitizeLine(e.CreatedRaw)+")"))
	field("Source", model.SanitizeLine(e.Source))
	b.WriteString("\n" + d.styles.label.Render("Message") + "\n")
	b.WriteString(wrap(model.SanitizeText(e.Message), d.width) + "\n\n")
	if len(e.Links) == 0 {
		b.WriteString(d.styles.label.Render("Links") + d.styles.muted.Render("  none") + "\n")
	} else {
		b.WriteString(d.styles.label.Render("Links") + "\n")
		for i, l := range e.Links {
			n := " "
			if i < 9 {
				n = strconv.Itoa(i + 1)
			}
			line := fmt.Sprintf("%s  %s  %s", n, model.SanitizeLine(l.Name), model.SanitizeLine(l.Href))
			if l.Type != "" {
				line += d.styles.muted.Render("  " + model.SanitizeLine(l.Type))
			}
			if err := model.CheckURL(l.Href); err != nil {
				line += d.styles.err.Render("  (not openable: " + err.Error() + ")")
			}
			b.WriteString(wrap(line, d.width) + "\n")
		}
	}
	d.vp.SetContent(b.String())
}

// wrap breaks s into lines of at most width cells, at spaces where it can.
func wrap(s string, width int) string {
	return lipgloss.NewStyle().Width(max(1, width)).Render(s)
}
