package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// filterView is the text filter line opened by "/", under the table, which
// it keeps showing: the text applies to the list after every keystroke and
// every paste.
type filterView struct {
	*common
	table *eventTable
	input textinput.Model
}

func newFilterView(c *common, table *eventTable) *filterView {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "text in the message; !text hides it"
	in.CharLimit = 256
	f := &filterView{common: c, table: table, input: in}
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

// focus starts from the current filter text, the cursor at its end.
func (f *filterView) focus() {
	f.setStyles()
	f.input.SetValue(f.list.Filter().Text)
	f.input.CursorEnd()
	f.input.Focus()
}

func (f *filterView) SetSize(w, h int) {
	f.table.SetSize(w, max(1, h-1))
	f.input.SetWidth(max(1, w-2))
}

func (f *filterView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.MouseMsg:
		f.table.mouse(msg, false) // a double click would take the keys from the box
		return nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, f.keys.Back):
			f.close()
			setText(f.list, "")
			return nil
		case key.Matches(msg, f.keys.Keep):
			f.close()
			return nil
		}
	}
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	setText(f.list, f.input.Value())
	return cmd
}

func (f *filterView) close() {
	f.input.Blur()
	f.app.show(stateTable)
}

func (f *filterView) View() string { return f.table.View() + "\n" + f.input.View() }

func (f *filterView) ShortHelp() []key.Binding {
	back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear"))
	prefix := key.NewBinding(key.WithKeys("!"), key.WithHelp("!text", "negate"))
	return []key.Binding{f.keys.Keep, back, prefix}
}

func (f *filterView) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }
