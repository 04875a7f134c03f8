package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// wheelLines is how far one notch of the mouse wheel moves the table's
// cursor or scrolls a view.
const wheelLines = 3

// doubleClick is the longest time between the two clicks of a double click.
const doubleClick = 400 * time.Millisecond

// click is the last left click on a table row, to tell a double click.
type click struct {
	id int       // the event clicked, -1 for none
	at time.Time // when
}

// handleMouse scrolls with the wheel and, in the table, selects the row
// clicked and opens the detail view on a double click. Drags and releases
// are left alone: with the mouse on, shift+drag selects text in most
// terminals.
func (m *Model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	if msg.Action != tea.MouseActionPress {
		return nil
	}
	wheel := 0
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		wheel = -wheelLines
	case tea.MouseButtonWheelDown:
		wheel = wheelLines
	case tea.MouseButtonLeft:
	default:
		return nil
	}
	m.message = ""
	if m.state == stateTable && m.width > 0 {
		m.list.MarkSeenWindow(m.table.top, m.table.pageSize()) // as for a key
	}
	switch {
	case m.state == stateTable && wheel == 0:
		m.tableClick(msg.Y)
	case m.state == stateTable:
		m.table.moveCursor(wheel)
	case m.state == stateDetail:
		m.detail.scroll(wheel)
	case m.state == stateFailures && wheel < 0:
		m.failView.vp.ScrollUp(-wheel)
	case m.state == stateFailures:
		m.failView.vp.ScrollDown(wheel)
	}
	return nil
}

// tableClick selects the row on line y of the screen, and opens its detail
// view when it is the second click on it in a short time. A click off the
// rows (the header, an empty line, the status) does nothing.
func (m *Model) tableClick(y int) {
	pos, ok := m.table.rowAt(y)
	if !ok {
		m.lastClick = click{id: -1}
		return
	}
	m.list.SetCursor(pos)
	m.table.follow()
	now, id := m.cfg.Now(), m.list.IDAt(pos)
	double := id == m.lastClick.id && now.Sub(m.lastClick.at) <= doubleClick
	if double && !m.filter.Focused() {
		m.lastClick = click{id: -1} // a third click starts over
		m.showDetail()
		return
	}
	m.lastClick = click{id: id, at: now}
}
