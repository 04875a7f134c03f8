package ui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// filterInput is the text filter line opened by "/". The app applies its
// value to the list after every keystroke.
type filterInput struct {
	input textinput.Model
}

func newFilterInput(st *styles) *filterInput {
	in := textinput.New()
	in.Prompt = "/"
	in.PromptStyle = st.status
	in.Placeholder = "text in the message; !text hides it"
	in.Cursor.SetMode(cursor.CursorStatic) // no blinking: nothing to redraw while idle
	in.CharLimit = 256
	return &filterInput{input: in}
}

// open focuses the input, starting from the current filter text.
func (f *filterInput) open(text string) {
	f.input.SetValue(text)
	f.input.CursorEnd()
	f.input.Focus()
}

func (f *filterInput) close()         { f.input.Blur() }
func (f *filterInput) Value() string  { return f.input.Value() }
func (f *filterInput) SetWidth(w int) { f.input.Width = max(1, w-2) }
func (f *filterInput) View() string   { return f.input.View() }
func (f *filterInput) Focused() bool  { return f.input.Focused() }
func (f *filterInput) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	return cmd
}
