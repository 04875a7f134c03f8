// Package ui is the terminal interface: a root model that owns the event
// list and hands keys to the view in front (table, detail, type panel, text
// filter). All I/O happens in tea.Cmds (commands.go).
package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// Config is what the program was asked to show and how.
type Config struct {
	Source source.Source
	Filter model.Filter // initial filter
	Sort   model.Sort   // initial sort

	Open      func(url string) error // opens a checked URL; nil means OpenURL
	Clipboard io.Writer              // where OSC 52 goes; nil means os.Stdout
	Now       func() time.Time       // nil means time.Now
	Location  *time.Location         // zone of the created column; nil means time.Local
	ExportDir string                 // where e writes the view; "" means the current directory
	Watch     time.Duration          // load again this long after each load ends; 0 means never

	// What the program asks of its environment: whether a browser can be
	// started ($BROWSER, SSH_TTY, DISPLAY, WAYLAND_DISPLAY) and whether the
	// terminal takes hyperlinks (TERM).
	Getenv func(string) string // nil means os.Getenv
	GOOS   string              // "" means runtime.GOOS
}

type state int

const (
	stateTable state = iota
	stateDetail
	stateTypes
	stateFailures
)

// Model is the root of the program.
type Model struct {
	cfg    Config
	keys   keyMap
	styles styles
	list   *model.List

	state    state
	table    *eventTable
	detail   *detailView
	types    *typePanel
	failView *failuresView
	filter   *filterInput
	help     help.Model
	spinner  spinner.Model

	ctx       context.Context // ends with the program; every load runs under it
	cancel    context.CancelFunc
	gen       int                // generation of the current load: 0 first, then one more per refresh
	stopLoad  context.CancelFunc // cancels the current load alone
	stream    <-chan tea.Msg     // the current loader's batches
	loading   bool
	progress  *source.Progress // the latest progress of the current load, if it sends any
	failures  []source.Failure // what the current (or last) load could not load
	err       error            // the load error or *PanicError that ended the program
	panicked  bool             // a panic ended the program; it only waits for the quit
	viewPanic chan struct{}    // closed when View panics, which cannot return a command
	noBrowser string           // why o copies links instead of opening them, or ""
	loadErr   string           // why the last refresh failed, until the next one starts
	message   string           // what the last key did, shown in the status line until the next key
	note      string           // the latest note from the source, shown when there is no message
	lastClick click            // the last click on a table row, to tell a double click

	width, height int

	// the help line, kept while what it depends on stays the same
	helpKey    helpKey
	helpText   string
	helpCached bool
}

// New returns the root model for cfg.
func New(cfg Config) *Model {
	if cfg.Open == nil {
		cfg.Open = OpenURL
	}
	if cfg.Clipboard == nil {
		cfg.Clipboard = os.Stdout
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
	if cfg.Getenv == nil {
		cfg.Getenv = os.Getenv
	}
	if cfg.GOOS == "" {
		cfg.GOOS = runtime.GOOS
	}
	m := &Model{cfg: cfg, keys: defaultKeys(), styles: defaultStyles(), list: model.NewList(), loading: true}
	m.list.SetFilter(cfg.Filter)
	m.list.SetSort(cfg.Sort)
	c := clock{now: cfg.Now, loc: cfg.Location}
	m.table = newEventTable(m.list, &m.keys, &m.styles, c)
	m.detail = newDetailView(&m.keys, &m.styles, c, hyperlinks(cfg.Getenv))
	m.types = newTypePanel(&m.keys, &m.styles)
	m.failView = newFailuresView(&m.keys, &m.styles)
	m.filter = newFilterInput(&m.styles)
	m.help = help.New()
	m.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(m.styles.status))
	m.ctx, m.cancel = context.WithCancel(context.Background())
	m.viewPanic = make(chan struct{})
	m.noBrowser = noBrowser(cfg.Getenv, cfg.GOOS)
	return m
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
	return guard(tea.Batch(m.startLoad(), m.spinner.Tick, m.waitViewPanic()))
}

// waitViewPanic returns a command that waits for a panic in View, to end
// the program; it ends with the program.
func (m *Model) waitViewPanic() tea.Cmd {
	return func() tea.Msg {
		select {
		case <-m.viewPanic:
			return panicMsg{} // the panic is recorded already
		case <-m.ctx.Done():
			return nil
		}
	}
}

// catch ends the program with a panic of Init or Update as its error; defer
// it.
func (m *Model) catch(cmd *tea.Cmd) {
	if r := recover(); r != nil {
		*cmd = m.crash(caught(r))
	}
}

// crash ends the program with err, the first panic, as its error.
func (m *Model) crash(err *PanicError) tea.Cmd {
	if !m.panicked && err != nil {
		m.panicked, m.err = true, err
	}
	return m.quit()
}

// startLoad returns the command that loads the source as generation m.gen,
// under a context of its own inside m.ctx: quitting cancels it, and so
// does a later load.
func (m *Model) startLoad() tea.Cmd {
	if m.stopLoad != nil {
		m.stopLoad()
	}
	ctx, stop := context.WithCancel(m.ctx)
	m.stopLoad = stop
	m.progress = nil
	return startLoadCmd(ctx, m.cfg.Source, m.gen)
}

// refresh loads the source again, unless a load is running. Events loaded
// before stay; the ones not seen before are marked new.
func (m *Model) refresh() tea.Cmd {
	if m.loading {
		m.message = "already loading; r works again once it is done"
		return nil
	}
	m.gen++
	m.loading = true
	m.loadErr = ""
	m.failures = nil
	m.failView.set(nil)
	return tea.Batch(m.startLoad(), m.spinner.Tick)
}

// addBatch puts a batch of the current load in the list and the status.
func (m *Model) addBatch(b source.Batch) {
	if b.Len() > 0 {
		if m.gen == 0 {
			// A cursor on the first row of the table stays there, so that
			// the screen opens on the first event whatever order batches
			// come in; anywhere else it stays on its event.
			top := m.state == stateTable && m.list.Cursor() == 0
			b.AppendTo(m.list)
			if top {
				m.list.SetCursor(0)
			}
		} else {
			m.list.Merge(b.AllEvents())
		}
		m.table.setSources(m.list.Sources())
	}
	if n := len(b.Notes); n > 0 {
		m.note = b.Notes[n-1]
	}
	if len(b.Failures) > 0 {
		m.failures = append(m.failures, b.Failures...)
		m.failView.set(m.failures)
	}
	if b.Progress != nil {
		p := *b.Progress
		m.progress = &p
	}
}

// loadDone ends the current load. Only the first load's error ends the
// program; a refresh that fails keeps everything and says why.
func (m *Model) loadDone(err error) tea.Cmd {
	m.loading = false
	if m.stopLoad != nil {
		m.stopLoad()
		m.stopLoad = nil
	}
	if m.ctx.Err() != nil {
		return nil // quitting
	}
	if err != nil {
		if m.gen == 0 {
			m.err = err
			return m.quit()
		}
		m.loadErr = "refresh failed, showing what was loaded before: " + model.SanitizeLine(err.Error())
	}
	return m.nextWatch()
}

// nextWatch schedules the next watched refresh, if watching.
func (m *Model) nextWatch() tea.Cmd {
	if m.cfg.Watch <= 0 {
		return nil
	}
	return watchCmd(m.ctx, m.cfg.Watch, m.gen)
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
	return guard(cmd)
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case panicMsg:
		return m.crash(msg.err)
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
	case loadStartedMsg:
		if msg.gen != m.gen {
			return nil // a replaced load; its context is cancelled
		}
		m.stream = msg.stream
		return waitLoadCmd(m.stream)
	case batchMsg:
		if msg.gen != m.gen {
			return nil
		}
		m.addBatch(msg.batch)
		return waitLoadCmd(m.stream)
	case loadDoneMsg:
		if p := (*PanicError)(nil); errors.As(msg.err, &p) {
			return m.crash(p) // whichever load it was
		}
		if msg.gen != m.gen {
			return nil
		}
		return m.loadDone(msg.err)
	case watchMsg:
		switch {
		case msg.gen != m.gen:
			return nil // a load started since; its end schedules the next tick
		case m.loading:
			return m.nextWatch()
		}
		return m.refresh()
	case spinner.TickMsg:
		if !m.loading {
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	case linkOpenedMsg:
		if msg.err != nil {
			m.message = fmt.Sprintf("could not open %s: %v", shown(msg.url), msg.err)
		} else {
			m.message = "opened " + shown(msg.url)
		}
	case exportedMsg:
		switch {
		case msg.err != nil:
			m.message = "export failed, nothing written: " + msg.err.Error()
		default:
			m.message = fmt.Sprintf("wrote %s events to %s", model.Thousands(msg.count), msg.path)
		}
	case copiedMsg:
		switch {
		case msg.why != "" && msg.err != nil:
			m.message = fmt.Sprintf("%s: %s (could not copy it: %v)", msg.why, shown(msg.text), msg.err)
		case msg.why != "":
			m.message = msg.why + ": copied " + shown(msg.text) + " (OSC 52)"
		case msg.err != nil:
			m.message = "could not copy: " + msg.err.Error()
		default:
			m.message = "copied " + shown(msg.text) + " (OSC 52)"
		}
	case tea.KeyMsg:
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			// Keys typed faster than the terminal is read arrive as one
			// message ("/pay"); each is a key of its own.
			var cmds []tea.Cmd
			for _, r := range msg.Runes {
				cmds = append(cmds, m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
			}
			return tea.Batch(cmds...)
		}
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	}
	return nil
}

func (m *Model) quit() tea.Cmd {
	m.cancel()
	return tea.Quit
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := &m.keys
	if msg.String() == "ctrl+c" {
		return m.quit()
	}
	m.message = ""
	if m.state == stateTable && m.width > 0 {
		// What was on screen when the user pressed a key has been seen;
		// events that arrive while they are away stay marked.
		m.list.MarkSeenWindow(m.table.top, m.table.pageSize())
	}
	if m.filter.Focused() {
		return m.filterKey(msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		return nil
	case key.Matches(msg, k.Back) && m.help.ShowAll:
		m.help.ShowAll = false
		return nil
	}
	switch m.state {
	case stateDetail:
		return m.detailKey(msg)
	case stateTypes:
		return m.typesKey(msg)
	case stateFailures:
		return m.failuresKey(msg)
	}
	return m.tableKey(msg)
}

func (m *Model) tableKey(msg tea.KeyMsg) tea.Cmd {
	k := &m.keys
	switch {
	case key.Matches(msg, k.Back):
		m.setText("")
	case key.Matches(msg, k.Filter):
		m.filter.open(m.list.Filter().Text)
	case key.Matches(msg, k.Types):
		m.types.open(m.list.TypeCounts(), m.list.Filter().Types)
		m.state = stateTypes
	case key.Matches(msg, k.Sort):
		s := m.list.Sort()
		s.Key = (s.Key + 1) % 3
		s.Desc = s.Key == model.SortCreated // newest first; types and messages A→Z
		m.list.SetSort(s)
	case key.Matches(msg, k.Reverse):
		s := m.list.Sort()
		s.Desc = !s.Desc
		m.list.SetSort(s)
	case key.Matches(msg, k.Detail):
		m.showDetail()
	case key.Matches(msg, k.Open):
		return m.openLink(m.list.Selected(), 0)
	case key.Matches(msg, k.Copy):
		return m.copyLink(m.list.Selected())
	case key.Matches(msg, k.Export):
		return m.export()
	case key.Matches(msg, k.Refresh):
		return m.refresh()
	case key.Matches(msg, k.Failures):
		if len(m.failures) == 0 {
			m.message = "no failures"
			return nil
		}
		m.failView.show(m.failures)
		m.state = stateFailures
	default:
		m.table.Update(msg)
	}
	return nil
}

// showDetail opens the detail view on the selected event, if there is one.
func (m *Model) showDetail() {
	if e := m.list.Selected(); e != nil {
		m.detail.show(e, m.position())
		m.state = stateDetail
	}
}

func (m *Model) failuresKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Back) {
		m.state = stateTable
		return nil
	}
	m.failView.Update(msg)
	return nil
}

func (m *Model) detailKey(msg tea.KeyMsg) tea.Cmd {
	k := &m.keys
	e := m.list.Selected()
	switch {
	case key.Matches(msg, k.Back):
		m.state = stateTable
	case key.Matches(msg, k.Open):
		return m.openLink(e, 0)
	case key.Matches(msg, k.OpenN):
		n, _ := strconv.Atoi(msg.String())
		return m.openLink(e, n-1)
	case key.Matches(msg, k.Copy):
		return m.copyLink(e)
	default:
		m.detail.Update(msg)
	}
	return nil
}

func (m *Model) typesKey(msg tea.KeyMsg) tea.Cmd {
	k := &m.keys
	switch {
	case key.Matches(msg, k.Back):
		m.state = stateTable
	case key.Matches(msg, k.Apply):
		f := m.list.Filter()
		f.Types = m.types.selection()
		m.list.SetFilter(f)
		m.state = stateTable
	default:
		m.types.Update(msg)
	}
	return nil
}

func (m *Model) filterKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		m.filter.close()
		m.setText("")
		return nil
	case tea.KeyEnter:
		m.filter.close()
		return nil
	}
	cmd := m.filter.Update(msg)
	m.setText(m.filter.Value())
	return cmd
}

// setText applies a text filter, keeping the cursor on its event.
func (m *Model) setText(text string) {
	f := m.list.Filter()
	if f.Text == text {
		return
	}
	f.Text = text
	m.list.SetFilter(f)
}

// openLink opens link i of e, if e has one that is safe to open.
func (m *Model) openLink(e *model.Event, i int) tea.Cmd {
	switch {
	case e == nil:
		m.message = "no event selected"
		return nil
	case i >= len(e.Links):
		if len(e.Links) == 0 {
			m.message = "this event has no links"
		} else {
			m.message = fmt.Sprintf("this event has %d link(s), not %d", len(e.Links), i+1)
		}
		return nil
	}
	href := e.Links[i].Href
	if err := model.CheckURL(href); err != nil {
		m.message = "not opened: " + err.Error()
		return nil
	}
	if m.noBrowser != "" {
		// The URL is shown and copied, for a browser elsewhere.
		m.message = m.noBrowser + ": " + shown(href)
		return copyCmd(m.cfg.Clipboard, model.SanitizeLine(href), m.noBrowser)
	}
	m.message = "opening " + shown(href) + " …"
	return openLinkCmd(m.cfg.Open, href)
}

// shown is untrusted text (a URL) made fit for the status line: sanitized,
// and cut to more than a status line can show, however long it is.
func shown(s string) string { return model.SanitizeLine(model.ClipWidth(s, 1000)) }

// export writes the view, filtered and sorted, to a file. The events are
// gathered here, since the list may change while the file is written; the
// events themselves never change once loaded.
func (m *Model) export() tea.Cmd {
	events := slices.Collect(m.list.All())
	m.message = "exporting…"
	return exportCmd(m.cfg.ExportDir, m.cfg.Now().In(m.cfg.Location), events, len(m.list.Sources()) > 1)
}

func (m *Model) copyLink(e *model.Event) tea.Cmd {
	if e == nil || e.URL() == "" {
		m.message = "nothing to copy: this event has no links"
		return nil
	}
	return copyCmd(m.cfg.Clipboard, model.SanitizeLine(e.URL()), "")
}

// position says where the selected event is, "12 of 340".
func (m *Model) position() string {
	return fmt.Sprintf("%s of %s", model.Thousands(m.list.Cursor()+1), model.Thousands(m.list.Len()))
}

// layout gives each view its share of the screen: the body, then the text
// filter line when open, the status line and the help.
func (m *Model) layout() {
	if m.width == 0 {
		return
	}
	body := m.height - 1 - lipgloss.Height(m.helpView())
	if m.filter.Focused() {
		body--
	}
	body = max(2, body)
	if m.table.width != m.width || m.table.height != body {
		m.table.SetSize(m.width, body)
	} else {
		m.table.follow()
	}
	if m.detail.width != m.width || m.detail.height != body {
		m.detail.SetSize(m.width, body)
	}
	if m.failView.vp.Width != m.width || m.failView.vp.Height != body {
		m.failView.SetSize(m.width, body)
	}
	m.types.SetSize(m.width, body)
	m.filter.SetWidth(m.width)
}

// helpView renders the help of the view in front. It is kept until the key
// map, the width or the colours change: layout and View both ask for it on
// every key, and the key bindings never change after New.
func (m *Model) helpView() string {
	var km help.KeyMap = tableHelp{&m.keys, len(m.failures) > 0}
	switch {
	case m.filter.Focused():
		km = filterHelp{&m.keys}
	case m.state == stateDetail:
		km = detailHelp{&m.keys}
	case m.state == stateTypes:
		km = typesHelp{&m.keys}
	case m.state == stateFailures:
		km = failuresHelp{&m.keys}
	}
	key := helpKey{keys: km, showAll: m.help.ShowAll, width: m.help.Width,
		profile: lipgloss.ColorProfile(), dark: lipgloss.HasDarkBackground()}
	if !m.helpCached || key != m.helpKey {
		m.helpKey, m.helpText, m.helpCached = key, m.help.View(km), true
	}
	return m.helpText
}

// helpKey is everything the help line depends on.
type helpKey struct {
	keys    help.KeyMap // one of the help key maps of keys.go, all comparable
	showAll bool
	width   int
	profile termenv.Profile
	dark    bool
}

// View draws the screen. A panic here cannot return a command to end the
// program, so it is recorded and the command waiting for it ends it.
func (m *Model) View() (view string) {
	if m.width == 0 || m.panicked {
		return ""
	}
	defer func() {
		if r := recover(); r != nil {
			// Not crash: the command waiting on viewPanic must see it
			// closed before the program's context ends.
			m.panicked, m.err = true, caught(r)
			close(m.viewPanic)
			view = ""
		}
	}()
	return m.view()
}

func (m *Model) view() string {
	var parts []string
	switch m.state {
	case stateDetail:
		parts = append(parts, m.detail.View())
	case stateTypes:
		parts = append(parts, lipgloss.NewStyle().Height(m.types.height).Render(m.types.View()))
	case stateFailures:
		parts = append(parts, m.failView.View())
	default:
		parts = append(parts, m.table.View())
	}
	if m.filter.Focused() {
		parts = append(parts, m.filter.View())
	}
	parts = append(parts, m.statusLine(), m.helpView())
	// A line wider than the screen would wrap and push the top line off;
	// bubbles/help, for one, can overrun its width.
	return fitScreen(m.width, parts...)
}

// fitScreen joins the parts of the screen with newlines, pads every line
// with spaces to the widest and cuts the ones wider than width: what
// lipgloss.NewStyle().MaxWidth(width).Render(strings.Join(parts, "\n"))
// does, tabs as four spaces included, but measuring each line once and
// copying the screen once.
func fitScreen(width int, parts ...string) string {
	if width <= 0 {
		width = math.MaxInt // no width, as MaxWidth(0) is none
	}
	for _, p := range parts {
		if strings.ContainsAny(p, "\t\r") {
			s := strings.ReplaceAll(strings.Join(parts, "\n"), "\t", "    ")
			parts = []string{strings.ReplaceAll(s, "\r\n", "\n")}
			break
		}
	}
	var buf [64]int
	widths := buf[:0]
	widest, size := 0, 0
	for _, p := range parts {
		for line := range strings.SplitSeq(p, "\n") {
			w := textWidth(line)
			widths = append(widths, w)
			widest = max(widest, w)
		}
		size += len(p) + 1
	}
	if len(widths) == 1 {
		return ansi.Truncate(parts[0], width, "") // one line is not padded
	}
	// Each line is padded to the widest, then cut to width: a line that
	// fits is padded to the smaller of the two, and one too wide is cut as
	// it is, since the padding would be cut away.
	target := min(widest, width)
	var b strings.Builder
	b.Grow(size + len(widths)*target)
	i := 0
	for _, p := range parts {
		for line := range strings.SplitSeq(p, "\n") {
			if i > 0 {
				b.WriteByte('\n')
			}
			if w := widths[i]; w > width {
				b.WriteString(ansi.Truncate(line, width, ""))
			} else {
				b.WriteString(line)
				writeSpaces(&b, target-w)
			}
			i++
		}
	}
	return b.String()
}

// textWidth is ansi.StringWidth, quicker for printable ASCII.
func textWidth(s string) int {
	if printableASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

// statusLine says how far loading is or how many events match, what
// failed, what is new, the filters and sort in force, and the latest
// message.
func (m *Model) statusLine() string {
	l, f := m.list, m.list.Filter()
	var parts []string
	types := f.TypeList()
	filtered := len(types) > 0 || f.Text != "" || !f.Since.IsZero() || !f.Until.IsZero()
	count := model.Thousands(l.Total()) + " events"
	if filtered {
		count = fmt.Sprintf("%s of %s events", model.Thousands(l.Len()), model.Thousands(l.Total()))
	}
	switch {
	case m.loading && m.progress != nil:
		// The progress counts failures itself.
		parts = append(parts, m.spinner.View()+" "+m.progress.String())
		if filtered {
			parts = append(parts, count)
		}
	case m.loading:
		verb := " loading… "
		if m.gen > 0 {
			verb = " refreshing… "
		}
		parts = append(parts, m.spinner.View()+verb+count)
	default:
		parts = append(parts, count)
	}
	if n := len(m.failures); n > 0 && (!m.loading || m.progress == nil) {
		parts = append(parts, model.Thousands(n)+" failed (E)")
	}
	if n := l.NewCount(); n > 0 {
		parts = append(parts, model.Thousands(n)+" new")
	}
	essentials := strings.Join(parts, " · ") // counts, failures, new: never cut
	essential := ansi.StringWidth(essentials)
	if len(types) > 0 {
		s := make([]string, len(types))
		for i, t := range types {
			s[i] = strconv.Itoa(t)
		}
		parts = append(parts, "type "+strings.Join(s, ","))
	}
	if q, neg := strings.CutPrefix(f.Text, "!"); q != "" {
		if neg {
			parts = append(parts, "not "+strconv.Quote(q))
		} else {
			parts = append(parts, strconv.Quote(q))
		}
	}
	if !f.Since.IsZero() {
		parts = append(parts, "since "+f.Since.In(m.cfg.Location).Format(timeLayout))
	}
	if !f.Until.IsZero() {
		parts = append(parts, "until "+f.Until.In(m.cfg.Location).Format(timeLayout))
	}
	dir := "↑"
	if l.Sort().Desc {
		dir = "↓"
	}
	parts = append(parts, "sort "+l.Sort().Key.String()+" "+dir)
	if m.cfg.Watch > 0 {
		parts = append(parts, "watch "+shortDuration(m.cfg.Watch))
	}
	// What the last key did, or a failed refresh, wins the space: the filters
	// and sort give way first, down to the counts. A note from the source is
	// older news and takes only what is left.
	summary := strings.Join(parts, " · ")
	msg := ""
	if text := cmp.Or(m.message, m.loadErr); text != "" {
		msg = " · " + text
		if room := m.width - ansi.StringWidth(msg); room > essential {
			summary = ansi.Truncate(summary, room, "…")
		} else {
			summary = essentials
		}
	} else if m.note != "" {
		msg = " · " + m.note
	}
	return ansi.Truncate(m.styles.status.Render(summary)+m.styles.muted.Render(msg), m.width, "…")
}

// shortDuration writes d without zero tails: 30s, 5m, 1h, 1m30s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
