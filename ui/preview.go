package ui

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/model"
)

// The preview pane: the detail of the selected event beside the table,
// following the cursor. It shows by itself on a wide terminal; p shows or
// hides it at any width where the table keeps a usable width beside it.

// previewMode is what decides whether the preview shows: the terminal's
// width, or p.
type previewMode int

const (
	previewAuto previewMode = iota // from previewFrom columns up
	previewOn
	previewOff
)

const (
	previewFrom    = 160 // the terminal's width from which the preview shows by itself
	minTableBeside = 48  // the table's width beside the preview: created, type and a short message
	minPreview     = 28  // the narrowest preview
	maxPreview     = 100 // the widest preview; the table takes the rest
	// previewMessage is the most of a message the preview reads, so that
	// a message of megabytes costs a keystroke no more than a short one:
	// the pane shows the first lines, enter shows the whole.
	previewMessage = 16 << 10
)

// preview is the detail of the selected event, in a pane beside the
// table, drawn by a detail view of its own.
type preview struct {
	mode   previewMode
	width  int // the columns the table and the preview share
	shown  bool
	detail *detailView
	marks  int // the marked events when it was drawn: the Marks field depends on them
	// The event shown gets its resources fetched only once the cursor has
	// rested on it for previewRest: holding j does not send a request
	// for every event it passes. gen counts the events shown; settled
	// says the one shown has rested; waiting is the gen a tick is out for.
	gen, waiting int
	settled      bool
}

// previewRest is how long the cursor rests on an event before the preview
// fetches what the event links to.
const previewRest = 150 * time.Millisecond

// previewRestMsg says the cursor may have rested on the gen-th event shown.
type previewRestMsg struct{ gen int }

// rest is the tick after which the event shown has rested, if one is due.
func (p *preview) rest() tea.Cmd {
	if !p.shown || p.settled || p.waiting == p.gen {
		return nil
	}
	p.waiting = p.gen
	gen := p.gen
	return tea.Tick(previewRest, func(time.Time) tea.Msg { return previewRestMsg{gen} })
}

// rested takes the tick: the event is still the one shown, so it has
// rested.
func (p *preview) rested(msg previewRestMsg) { p.settled = p.settled || msg.gen == p.gen }

func newPreview(c *common) preview {
	d := newDetailView(c)
	d.maxMessage = previewMessage
	return preview{detail: d}
}

// previewKey is the table's key that shows or hides the preview.
func previewKey() key.Binding {
	return key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "preview pane"))
}

// ruleWidth is what separates the table and the preview: a line and a
// space.
const ruleWidth = 2

// split divides w columns between the table and the preview, the rule
// between them: the preview takes two fifths, but no more than leaves the
// table minTableBeside; pane is 0 where the preview does not show.
func (p *preview) split(w int) (table, pane int) {
	on := p.mode == previewOn || p.mode == previewAuto && w >= previewFrom
	if !on || w < minTableBeside+ruleWidth+minPreview {
		return w, 0
	}
	pane = min(max(w*2/5, minPreview), maxPreview, w-ruleWidth-minTableBeside)
	return w - ruleWidth - pane, pane
}

// toggle shows the preview if it is hidden and hides it if it shows; it
// says why when it cannot show.
func (p *preview) toggle(say func(string)) {
	if p.shown {
		p.mode = previewOff
		return
	}
	if need := minTableBeside + ruleWidth + minPreview; p.width < need {
		say("the preview needs a terminal of at least " + strconv.Itoa(need) + " columns")
		return
	}
	p.mode = previewOn
}

// follow sizes the pane and shows the selected event in it, when that, its
// place in the view or the marks have changed since it was drawn.
func (p *preview) follow(l *model.List, w, h int) {
	d := p.detail
	d.SetSize(w, h)
	id := l.SelectedID()
	if id < 0 {
		d.event, d.id, d.lines = nil, -1, nil
		return
	}
	// An event keeps its ID while it is in the list; Selected makes a
	// new copy of it each time, so it is read only when it is shown.
	pos, marks := position(l), l.MarkedCount()
	if d.event == nil || id != d.id || pos != d.pos || marks != p.marks {
		if id != d.id {
			p.gen, p.settled = p.gen+1, false
		}
		d.id, p.marks = id, marks
		d.show(l.Selected(), pos)
	}
}

// View draws the rows, and the preview beside them when it shows.
func (t *eventTable) View() string {
	if !t.preview.shown {
		return t.rows()
	}
	return t.preview.beside(t.rows(), t.width, t.styles)
}

// The table shows the resources of the event in the preview, fetched
// while it shows, as the detail view does, once the cursor rests on it.

func (t *eventTable) wantedResources() []string {
	if !t.preview.shown || !t.preview.settled {
		return nil
	}
	return t.preview.detail.wantedResources()
}

func (t *eventTable) wantedAgain() []string { return nil }

func (t *eventTable) resourcesChanged() { t.preview.detail.resourcesChanged() }

// beside draws the table's lines, each padded to width, and the preview's
// to their right, the rule between them.
func (p *preview) beside(table string, width int, st *styles) string {
	pane := strings.Split(p.detail.View(), "\n")
	rule := st.muted.Render("│") + " "
	var b strings.Builder
	i := 0
	for line := range strings.SplitSeq(table, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if w := textWidth(line); w > width {
			b.WriteString(ansi.TruncateWc(line, width, ""))
		} else {
			b.WriteString(line)
			writeSpaces(&b, width-w)
		}
		b.WriteString(rule)
		if i < len(pane) {
			b.WriteString(pane[i])
		}
		i++
	}
	return b.String()
}

// cutMessage is msg, or its first n bytes or fewer, ending on a whole
// character, and … when it is longer; n 0 keeps it whole.
func cutMessage(msg string, n int) string {
	if n <= 0 || len(msg) <= n {
		return msg
	}
	for n > 0 && !utf8.RuneStart(msg[n]) {
		n--
	}
	return msg[:n] + ellipsis
}
