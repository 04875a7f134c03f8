package ui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// view is the contract every screen of the program keeps: the root hands it
// the keys, mouse and paste messages while it is in front, draws it in the
// space SetSize gave it, and shows its help. Adding a view is one new file
// and one line in Model.viewOf.
type view interface {
	// Update handles a message meant for the view in front: a
	// tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg or tea.PasteMsg.
	Update(msg tea.Msg) tea.Cmd
	// View draws the view; it never changes state.
	View() string
	SetSize(w, h int)
	help.KeyMap
}

// focuser is a view that prepares itself each time it comes to the front.
type focuser interface{ focus() }

// state names the view in front.
type state int

const (
	stateTable state = iota
	stateDetail
	stateTypes
	stateFailures
	stateFilter
	stateSources
	stateGoto
)

// host is what a view may ask of the root.
type host interface {
	show(s state)               // bring a view to the front
	say(text string)            // what the last key did, for the status line
	refresh() tea.Cmd           // load the source again
	failures() []source.Failure // what the last load could not load
}

// common is what the views share, in one value: settings, keys, the
// palette, the clock, the event list and the root.
type common struct {
	cfg        *Config
	global     *globalKeys // the keys of every view; each view keeps its own too
	styles     *styles
	clock      clock
	list       *model.List
	app        host
	noBrowser  string            // why o copies links instead of opening them, or ""
	res        *resources        // what events link to, as far as fetched
	names      map[string]string // what sources are called: a customer's name by its ID
	termHeight int               // the terminal's rows; the timeline needs 24
}
