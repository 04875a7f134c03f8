package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
)

const stateFilter state = "filter"

// filterView is the query line opened by "/", under the table, which it
// keeps showing. The query applies after every keystroke and paste; while
// the text does not parse, the table keeps the last query that did and the
// error shows under the line.
type filterView struct {
	*common
	promptBar
	before     query.Query // the query when / was pressed, for esc
	completion completion  // what tab cycles through
	keys       filterKeys
}

// filterKeys are the query line's keys; every other key is text.
type filterKeys struct {
	Keep, Undo, Complete key.Binding
	Terms                key.Binding // help only: what a query holds
}

func newFilterView(c *common) *filterView {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "a query: words, type:222, source:cst_…, since:7d, !word…"
	in.CharLimit = 1024
	f := &filterView{common: c, promptBar: promptBar{table: c.app.table, input: in, st: c.styles}, keys: filterKeys{
		Keep:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep query")),
		Undo:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "undo")),
		Terms: key.NewBinding(key.WithKeys("!"), key.WithHelp("type:222 source:cst_… since:7d !word", "terms")),
		Complete: key.NewBinding(key.WithKeys("tab", "shift+tab"),
			key.WithHelp("tab", "complete")),
	}}
	f.setStyles()
	return f
}

// setStyles takes the palette's colours; the cursor does not blink, so
// that nothing is redrawn while the user is away.
func (f *filterView) setStyles() {
	st := textinput.DefaultStyles(f.styles.dark)
	st.Focused.Prompt = f.styles.status
	st.Blurred.Prompt = f.styles.status
	st.Cursor.Blink = false
	f.input.SetStyles(st)
}

// focus starts from the current query, the cursor at its end.
func (f *filterView) focus() {
	f.setStyles()
	f.before, f.err, f.completion = f.list.Query(), "", completion{}
	f.input.SetValue(f.app.typedQuery().Text())
	f.input.CursorEnd()
	f.input.Focus()
}

func (f *filterView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.MouseMsg:
		f.table().mouse(msg, false) // a double click would take the keys from the box
		return nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, f.keys.Undo):
			f.close()
			return f.app.setQuery(f.before)
		case key.Matches(msg, f.keys.Complete):
			by := 1
			if msg.String() == "shift+tab" {
				by = -1
			}
			f.complete(by)
			return f.apply()
		case key.Matches(msg, f.keys.Keep):
			if f.err != "" {
				// Only a valid query is kept: nothing half-typed.
				f.app.say("the query does not parse: fix it, or esc to go back")
				return nil
			}
			f.close()
			return nil
		}
	}
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	return tea.Batch(cmd, f.apply())
}

// apply parses the text and applies it, or keeps the last query that
// parsed and says why this one does not.
func (f *filterView) apply() tea.Cmd {
	q, err := f.parse(f.input.Value())
	if err != nil {
		f.err = cells.SanitizeLine(err.Error())
		return nil
	}
	if err := source.CheckStatuses(q, f.res.expand); err != nil {
		f.err = cells.SanitizeLine(f.cfg.Explain(err))
		return nil
	}
	f.err = ""
	return f.app.setQuery(q)
}

func (f *filterView) close() {
	f.err = ""
	f.input.Blur()
	f.app.show(stateTable)
}

func (f *filterView) ShortHelp() []key.Binding {
	return []key.Binding{f.keys.Keep, f.keys.Undo, f.keys.Complete, f.keys.Terms}
}

func (f *filterView) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// parse reads a query typed in the UI: dates and durations count from the
// clock, in the zone of the created column.
func (c *common) parse(s string) (query.Query, error) {
	return query.Parse(s, c.clock.now(), c.clock.loc)
}

// promptBar is a line of input under the table, with what is wrong with
// it on a line under it: the query of /, the time of @.
type promptBar struct {
	table func() *eventTable
	input textinput.Model
	st    *styles
	err   string // what is wrong with the input, or ""
	width int
}

// promptErrLines is the most lines the error under a prompt takes.
const promptErrLines = 3

// errLines is the error wrapped to the width, so that it shows whole, in
// at most promptErrLines lines, the last cut with … should it need more.
func (p *promptBar) errLines() []string {
	if p.err == "" {
		return nil
	}
	var lines []string
	spans := cells.Wrap(p.err, p.width)
	for i, s := range spans {
		if i == promptErrLines-1 && len(spans) > promptErrLines {
			return append(lines, cells.Truncate(p.err[s.Start:], p.width, "…"))
		}
		lines = append(lines, p.err[s.Start:s.End])
	}
	return lines
}

// open empties the prompt and focuses it, its prompt styled as the status
// line's.
func (p *promptBar) open() {
	st := textinput.DefaultStyles(p.st.dark)
	st.Focused.Prompt, st.Cursor.Blink = p.st.status, false
	p.input.SetStyles(st)
	p.input.SetValue("")
	p.input.Focus()
	p.err = ""
}

// takesText makes the prompts a textTaker, always taking text.
func (p *promptBar) takesText() bool { return true }

func (p *promptBar) SetSize(w, h int) {
	p.width = max(1, w)
	p.table().SetSize(w, max(1, h-1-len(p.errLines())))
	p.input.SetWidth(max(1, w-2))
}

func (p *promptBar) View() string {
	v := p.table().View() + "\n" + p.input.View()
	for _, line := range p.errLines() {
		v += "\n" + p.st.err.Render(line)
	}
	return v
}
