package ui

import "charm.land/bubbles/v2/key"

// globalKeys are the keys that mean the same in every view, in one map:
// the root's own (help, quit, and back, which closes the help before it
// reaches a view), and the movement keys that the table, the panels and
// the scrolling views (detail, failures) share, so that they move and read
// in the help the same everywhere. Every other key belongs to one view and
// is defined in that view's file: tableKeys, timeKeys, detailKeys,
// panelKeys, filterKeys, gotoKeys; the link keys the table and the detail
// view share are linkKeys, beside what they do.
type globalKeys struct {
	Help, Quit, Back                        key.Binding
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding

	// help only: the terminal selects text on shift+drag while the program
	// has the mouse, in most terminals
	SelectText key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit: key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),

		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup/ctrl+u", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn/ctrl+d", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "bottom")),

		SelectText: key.NewBinding(key.WithKeys("shift+drag"), key.WithHelp("shift+drag", "selection")),
	}
}
