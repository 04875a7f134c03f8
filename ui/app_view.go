package ui

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// The root model's layout and drawing: what runs after every message,
// and View, which only draws.

// layout draws the help of the view in front, when what it shows has
// changed, and gives the view the screen but the status line and the help.
// It runs after every message, so View only draws.
func (m *Model) layout() {
	if m.width == 0 {
		return
	}
	key := helpKey{state: m.state, failures: len(m.load.failures) > 0, page: m.helpPage,
		width: m.width, height: m.height, dark: m.styles.dark}
	if m.helpText == "" || key != m.helpKey {
		m.helpKey = key
		if m.helpPage == 0 {
			m.helpText, m.helpPages = shortHelpView(m.front().ShortHelp(), m.width, m.styles.help), 0
		} else {
			// The view keeps two rows and the status line one.
			entries := fullHelpEntries(m.front().FullHelp())
			m.helpText, m.helpPages = fullHelpView(entries, m.width, m.height-3, m.helpPage, m.styles.help)
		}
	}
	body := max(2, m.height-1-lipgloss.Height(m.helpText))
	m.front().SetSize(m.width, body)
}

// helpKey is everything the help line depends on.
type helpKey struct {
	state    state
	failures bool // the table offers E
	page     int
	width    int
	height   int
	dark     bool
}

// View draws the screen, in the alternate screen, with the mouse unless
// --no-mouse, and names what is browsed in the window title. A panic here
// cannot return a command to end the program, so it is recorded and the
// command waiting for it ends it.
func (m *Model) View() tea.View {
	v := tea.NewView(m.screen())
	v.AltScreen = true
	if !m.cfg.NoMouse {
		// Wheel and clicks come to the program; shift+drag still selects
		// text in most terminals, and --no-mouse gives plain drag back.
		v.MouseMode = tea.MouseModeCellMotion
	}
	v.WindowTitle = "eventbrowser — " + cells.SanitizeLine(m.cfg.Title)
	if m.cfg.Profile != "" {
		v.WindowTitle += " — " + cells.SanitizeLine(m.cfg.Profile)
	}
	return v
}

func (m *Model) screen() (s string) {
	if m.width == 0 || m.panicked {
		return ""
	}
	defer func() {
		if r := recover(); r != nil {
			// Not crash: the command waiting on viewPanic must see it
			// closed before the program's context ends.
			m.panicked, m.err = true, caught(r)
			close(m.viewPanic)
			s = ""
		}
	}()
	// A line wider than the screen would wrap and push the top line off;
	// bubbles/help, for one, can overrun its width.
	return fitScreen(m.width, m.front().View(), m.statusLine(), m.helpText)
}
