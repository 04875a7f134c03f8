package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
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

// mouse moves the cursor with the wheel and selects the row clicked; a
// second click on it in a short time opens its detail view, when double
// is set. Other buttons, drags and releases are left alone: with the mouse
// on, shift+drag selects text in most terminals.
func (t *eventTable) mouse(msg tea.MouseMsg, double bool) {
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			t.list.SetCursor(t.list.Cursor() - wheelLines)
		case tea.MouseWheelDown:
			t.list.SetCursor(t.list.Cursor() + wheelLines)
		}
		t.follow()
	case tea.MouseClickMsg:
		if t.preview.shown && msg.X >= t.width {
			return // the preview, or the line before it
		}
		if msg.Button == tea.MouseLeft && !t.timelineClick(msg.X, msg.Y) {
			t.click(msg.Y, double)
		}
	}
}

// click selects the row on line y of the screen, and opens its detail view
// when it is the second click on it in a short time and double is set. A
// click off the rows (the header, an empty line, the status) does nothing.
func (t *eventTable) click(y int, double bool) {
	pos, ok := t.rowAt(y)
	if !ok {
		t.lastClick = click{id: -1}
		return
	}
	t.list.SetCursor(pos)
	t.follow()
	now, id := t.clock.now(), t.list.IDAt(pos)
	if double && id == t.lastClick.id && now.Sub(t.lastClick.at) <= doubleClick {
		t.lastClick = click{id: -1} // a third click starts over
		t.app.show(stateDetail)
		return
	}
	t.lastClick = click{id: id, at: now}
}
