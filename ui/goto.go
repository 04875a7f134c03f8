package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/query"
)

const stateGoto state = "goto"

// gotoView is the prompt of @, under the table: it takes a time as
// --since does (RFC 3339, a date, a duration back from now) and moves the
// cursor to the event nearest that instant in the view. A time it cannot
// read is said under the prompt, and nothing moves.
type gotoView struct {
	*common
	promptBar
	keys gotoKeys
}

// gotoKeys are the time prompt's keys; every other key is text.
type gotoKeys struct{ Go, Cancel key.Binding }

// gotoHint is what the empty prompt says it takes.
const gotoHint = "a time: 2025-01-12T13:08:00Z, 2025-01-12 or 36h ago"

// SetSize fits the prompt, and its hint, cut with … where it is too wide.
func (g *gotoView) SetSize(w, h int) {
	g.promptBar.SetSize(w, h)
	g.input.Placeholder = cells.Truncate(gotoHint, max(1, w-3), "…")
}

func newGotoView(c *common) *gotoView {
	in := textinput.New()
	in.Prompt = "@"
	in.Placeholder = gotoHint
	in.CharLimit = 64
	return &gotoView{common: c, promptBar: promptBar{table: c.app.table, input: in, st: c.styles}, keys: gotoKeys{
		Go:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}}
}

func (g *gotoView) focus() {
	g.open()
}

func (g *gotoView) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, g.keys.Cancel):
			g.close()
			return nil
		case key.Matches(km, g.keys.Go):
			g.jump()
			return nil
		}
	}
	var cmd tea.Cmd
	g.input, cmd = g.input.Update(msg)
	g.err = ""
	return cmd
}

// jump moves to the event nearest the time typed, or says why it cannot.
func (g *gotoView) jump() {
	at, err := query.ParseInstant(g.input.Value(), g.clock.now(), g.clock.loc)
	switch {
	case err != nil:
		g.err = cells.SanitizeLine(err.Error())
		return
	case g.list.Len() == 0:
		g.err = "no events to go to"
		return
	}
	g.list.SetCursor(g.list.Nearest(at))
	g.app.say("at the event nearest " + at.In(g.clock.loc).Format(timeLayout+" MST"))
	g.close()
}

func (g *gotoView) close() {
	g.input.Blur()
	g.err = ""
	g.app.show(stateTable)
}

func (g *gotoView) ShortHelp() []key.Binding { return []key.Binding{g.keys.Go, g.keys.Cancel} }

func (g *gotoView) FullHelp() [][]key.Binding { return [][]key.Binding{g.ShortHelp()} }
