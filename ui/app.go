// Package ui is the terminal interface: a root model that keeps what is
// global (quitting, help, the status line, the loads) and hands keys, mouse
// and paste to the view in front (table, detail, type panel, failures, text
// filter). All I/O happens in tea.Cmds.
package ui

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"runtime"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
)

// Config is what the program was asked to show and how.
type Config struct {
	Source source.Source
	Title  string // what is browsed, for the window title: "demo.json", "customer cst_…"
	// Command is the arguments that load the same events, for X:
	// ["--demo"], the files, ["--customer", "cst_…"].
	Command []string
	Query   query.Query // initial query
	Sort    model.Sort  // initial sort
	Columns []string    // the table's columns by name (ColumnNames), in order; nil means all

	// Profile is the profile and mode in use, "shop-nl · live", shown in
	// the title and the status line; "" without a key.
	Profile string
	// Views are the saved views v lists; SaveView saves one (V), into the
	// config file. It runs in a command, away from Update.
	Views    []SavedView
	SaveView func(SavedView) error

	Open      func(url string) error // opens a checked URL; nil means OpenURL
	Now       func() time.Time       // nil means time.Now
	Location  *time.Location         // zone of the created column; nil means time.Local
	ExportDir string                 // where e writes the view; "" means the current directory
	Watch     time.Duration          // load again this long after each load ends; 0 means never
	NoMouse   bool                   // leave the mouse to the terminal

	// What events link to: fetched from the API at APIURL by Resources (nil
	// when there is no key), at most Concurrency at once; with Expand, for
	// every row of the table, which gains a STATUS column.
	Resources   source.Fetcher
	APIURL      string // "" means source.DefaultAPIURL
	Concurrency int    // 0 means 4
	Expand      bool
	MaxHeld     int64 // what the resources' JSON kept may take together; 0 means source.DefaultMaxHeld

	// TypeNames names numeric types, where known ("222 Payment failed"),
	// for the table, the detail and the type panel, which colour events by
	// the outcome a name tells (model.OutcomeOf). nil means
	// model.KnownTypeNames.
	TypeNames map[int]string

	// What the program asks of its environment: whether a browser can be
	// started ($BROWSER, SSH_TTY, DISPLAY, WAYLAND_DISPLAY) and whether the
	// terminal takes hyperlinks (TERM).
	Getenv func(string) string // nil means os.Getenv
	GOOS   string              // "" means runtime.GOOS

	// Deliveries, when not nil, are a webhook receiver's forwards to the
	// user's handler: a DELIVERY column says how each event's was
	// answered, and r sends the selected one again instead of refreshing.
	Deliveries Deliveries

	// Explain words a load's or a fetch's error for the user, as the
	// command does on stderr (naming its flags); nil means its own text.
	Explain func(error) string
}

// Deliveries are the forwards of `eventbrowser listen --forward-to`.
type Deliveries interface {
	Outcome(e *model.Event) string // "200 · 12 ms", "500", "timeout", "…" on its way; "" for none
	Resend(e *model.Event) string  // sends e again in the background; what to say
}

// Model is the root of the program.
type Model struct {
	cfg    Config
	keys   globalKeys
	styles styles
	list   *model.List
	common common

	state   state
	views   map[state]view // every view of registry, by its state
	spinner spinner.Model

	load      loader
	filter    filtering // the query being worked out aside
	res       resources
	cancel    context.CancelFunc // ends the program's context, and every load with it
	err       error              // the load error or *PanicError that ended the program
	panicked  bool               // a panic ended the program; it only waits for the quit
	viewPanic chan struct{}      // closed when View panics, which cannot return a command
	message   string             // what the last key did, shown in the status line until the next key

	width, height int

	// the help: 0 the hints, else the page of every key shown (?); kept
	// while what it depends on stays the same
	helpPage  int
	helpPages int
	helpKey   helpKey
	helpText  string
}

// New returns the root model for cfg.
func New(cfg Config) *Model {
	if cfg.Open == nil {
		cfg.Open = OpenURL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.ExportDir == "" {
		cfg.ExportDir = "."
	}
	if cfg.TypeNames == nil {
		cfg.TypeNames = model.KnownTypeNames
	}
	if cfg.Getenv == nil {
		cfg.Getenv = os.Getenv
	}
	if cfg.GOOS == "" {
		cfg.GOOS = runtime.GOOS
	}
	if cfg.Explain == nil {
		cfg.Explain = error.Error
	}
	if cfg.APIURL == "" {
		cfg.APIURL = source.DefaultAPIURL
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	m := &Model{cfg: cfg, keys: newGlobalKeys(), styles: newStyles(true), list: model.NewList()}
	m.list.SetQuery(cfg.Query)
	m.list.SetSort(cfg.Sort)
	m.list.MatchAside(true) // the text of events that arrive is matched by matchNew
	if cfg.Expand {
		m.list.SetStatus(m.statusOf)
	}
	_, asRead := cfg.Resources.(eventsAsRead)
	m.res = resources{fetcher: cfg.Resources, asRead: asRead, links: source.NewResolver(cfg.APIURL), limit: cfg.Concurrency, expand: cfg.Expand,
		maxHeld: cmp.Or(cfg.MaxHeld, source.DefaultMaxHeld), entries: map[string]*resource{}}
	m.common = common{cfg: &m.cfg, global: &m.keys, styles: &m.styles, list: m.list, app: m,
		clock: clock{now: cfg.Now, loc: cfg.Location}, noBrowser: noBrowser(cfg.Getenv, cfg.GOOS), res: &m.res,
		names: map[string]string{}}
	m.views = make(map[state]view, len(registry))
	for _, r := range registry {
		m.views[r.state] = r.build(&m.common)
	}
	m.state = stateTable
	m.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot))
	m.setPalette(true, false) // until the terminal says what its background is and its colours
	var ctx context.Context
	ctx, m.cancel = context.WithCancel(context.Background())
	m.load = loader{src: cfg.Source, watch: cfg.Watch, ctx: ctx, loading: true}
	m.viewPanic = make(chan struct{})
	return m
}

// front is the view in front.
func (m *Model) front() view { return m.views[m.state] }

// table is the event table (host).
func (m *Model) table() *eventTable { return m.views[stateTable].(*eventTable) }

// show brings the view of s to the front (host).
func (m *Model) show(s state) {
	if f, ok := m.views[s].(focuser); ok {
		f.focus()
	}
	m.state = s
}

// say sets the status line's message until the next key (host).
func (m *Model) say(text string) { m.message = text }

// refresh loads the source again, unless a load is running (host). Events
// loaded before stay; the ones not seen before are marked new.
func (m *Model) refresh() tea.Cmd {
	cmd, why := m.load.refresh()
	if cmd == nil {
		m.say(why)
		return nil
	}
	return tea.Batch(cmd, m.spinner.Tick)
}

// failures is what the last load could not load (host).
func (m *Model) failures() []source.Failure { return m.load.failures }

// notes is every note of the current load (host).
func (m *Model) notes() []string { return m.load.notes }

// setPalette builds the styles for a dark or light background, with
// glyphs for what colours say where there are no colours.
func (m *Model) setPalette(dark, glyphs bool) {
	m.styles = newStyles(dark)
	m.styles.glyphs = glyphs
	m.spinner.Style = m.styles.status
	for _, r := range registry {
		if v, ok := m.views[r.state].(restyler); ok {
			v.setStyles()
		}
	}
}

// Err returns the error that ended the program: the first load's error, or
// a *PanicError if the program panicked.
func (m *Model) Err() error { return m.err }

// Close ends the loads and timers the model started. Call it once the
// program has ended, however it ended: q does it too, but a signal ends the
// program without a key.
func (m *Model) Close() { m.cancel() }

// List returns the event list, for tests and for printing after the UI.
func (m *Model) List() *model.List { return m.list }

func (m *Model) Init() (cmd tea.Cmd) {
	defer m.catch(&cmd)
	return guard(tea.Batch(m.load.start(), m.spinner.Tick, m.waitViewPanic(), tea.RequestBackgroundColor))
}

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	return m, m.safeUpdate(msg)
}

// safeUpdate is Update, but a panic ends the program with the panic as its
// error, and so does one in a command it returns.
func (m *Model) safeUpdate(msg tea.Msg) (cmd tea.Cmd) {
	if m.panicked {
		return m.quit() // a panic in View, or a message that came in before the quit
	}
	defer m.catch(&cmd)
	cmd = m.update(msg)
	m.layout()
	if fetch := m.fetch(); fetch != nil {
		cmd = tea.Batch(cmd, fetch)
	}
	return guard(cmd)
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.updateLoad(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case panicMsg:
		return m.crash(msg.err)
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.common.termHeight = msg.Height
	case tea.BackgroundColorMsg:
		m.setPalette(msg.IsDark(), m.styles.glyphs)
	case tea.ColorProfileMsg:
		// Without colours (NO_COLOR, a dumb terminal) outcomes show as glyphs.
		m.setPalette(m.styles.dark, msg.Profile == colorprofile.NoTTY || msg.Profile == colorprofile.ASCII)
	case filteredMsg:
		return m.filtered(msg)
	case resourceMsg:
		m.arrived(msg)
	case previewRestMsg:
		m.table().preview.rested(msg)
	case spinner.TickMsg:
		if !m.load.loading && m.res.pending() == 0 {
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	case linkOpenedMsg:
		if msg.err != nil {
			m.say(fmt.Sprintf("could not open %s: %v", shown(msg.url), msg.err))
		} else {
			m.say("opened " + shown(msg.url))
		}
	case viewSavedMsg:
		m.viewSaved(msg)
	case exportedMsg:
		if msg.err != nil {
			m.say("export failed, nothing written: " + msg.err.Error())
		} else {
			events := "events"
			if msg.count == 1 {
				events = "event"
			}
			m.say(fmt.Sprintf("wrote %s %s to %s", model.Thousands(msg.count), events, msg.path))
		}
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseClickMsg, tea.MouseWheelMsg:
		m.message = ""
		if m.state == stateTable {
			m.table().markSeen() // as for a key
		}
		return m.front().Update(msg)
	case tea.PasteMsg:
		return m.front().Update(msg)
	}
	return nil
}

func (m *Model) quit() tea.Cmd {
	m.cancel()
	return tea.Quit
}

// handleKey handles the global keys, and hands the rest to the view in
// front. While a view that takes text is in front (the prompts, a panel
// being typed in), only ctrl+c is global: q and ? are text.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	switch msg.String() {
	case "ctrl+c":
		return m.quit()
	case "ctrl+z":
		// Back to the shell, as less and vim do; fg brings the screen back.
		return tea.Suspend
	}
	m.message = ""
	if m.state == stateTable {
		m.table().markSeen()
	}
	if tt, text := m.front().(textTaker); !text || !tt.takesText() {
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Help):
			// ? shows every key, the next page of them, then closes.
			if m.helpPage = m.helpPage + 1; m.helpPage > max(1, m.helpPages) {
				m.helpPage = 0
			}
			return nil
		case key.Matches(msg, k.Back) && m.helpPage > 0:
			m.helpPage = 0
			return nil
		}
	}
	return m.front().Update(msg)
}
