package ui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
)

// view is the contract every screen of the program keeps: the root hands it
// the keys, mouse and paste messages while it is in front, draws it in the
// space SetSize gave it, and shows its help. Adding a view is one new file
// (its state, its type, its keys and a constructor from common) and one
// line in registry; a view that is reached by a key has the key in the
// view it is reached from (the table's keys, for most).
type view interface {
	// Update handles a message meant for the view in front: a
	// tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg or tea.PasteMsg.
	Update(msg tea.Msg) tea.Cmd
	// View draws the view; it never changes state.
	View() string
	// SetSize gives the view in front its space, after every message: a
	// view works out here what it draws from what changed.
	SetSize(w, h int)
	help.KeyMap
}

// state names a view: the one in front, or one to bring there. Each view's
// file declares its own.
type state string

// registry is every view of the program, by the state that brings it to
// the front, each made from what the views share.
var registry = []registration{
	register(stateTable, newEventTable),
	register(stateDetail, newDetailView),
	register(stateTypes, newTypePanel),
	register(stateSources, newSourcePanel),
	register(stateFailures, newFailuresView),
	register(stateFilter, newFilterView),
	register(stateGoto, newGotoView),
	register(stateViews, newViewList),
	register(stateSaveView, newSaveViewPrompt),
	register(stateColumns, newColumnPanel),
}

// registration is a line of registry.
type registration struct {
	state state
	build func(*common) view
}

func register[V view](s state, build func(*common) V) registration {
	return registration{s, func(c *common) view { return build(c) }}
}

// What a view may have beyond the contract; the root asks for it with a
// type assertion. statusFeeder (statusbar.go) is one more.
type (
	// focuser prepares itself each time it comes to the front.
	focuser interface{ focus() }
	// restyler takes the palette again when it changes: the terminal has
	// said what its background is.
	restyler interface{ setStyles() }
	// textTaker takes typed text, while takesText says so: q, ? and esc
	// are its own then.
	textTaker interface{ takesText() bool }
	// resourceShower shows API resources events link to.
	resourceShower interface {
		wantedResources() []string // the API URLs to fetch while it is in front
		wantedAgain() []string     // those whose JSON, not kept, to fetch again
		resourcesChanged()         // a resource has arrived
	}
)

// host is what a view may ask of the root.
type host interface {
	show(s state)                   // bring a view to the front
	say(text string)                // what the last key did, for the status line
	refresh() tea.Cmd               // load the source again
	failures() []source.Failure     // what the last load could not load
	notes() []string                // every note of the last load, in order
	table() *eventTable             // the table, which the prompts draw over
	setQuery(q query.Query) tea.Cmd // put a query in force, at once or aside (filtering.go)
	typedQuery() query.Query        // the query last asked for, in force or being worked out
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
