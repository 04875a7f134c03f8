// Package ui is the terminal interface: a root model that owns the event
// list and hands keys to the view in front (table, detail, type panel, text
// filter). All I/O happens in tea.Cmds (commands.go).
package ui

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
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
}

type state int

const (
	stateTable state = iota
	stateDetail
	stateTypes
)

// Model is the root of the program.
type Model struct {
	cfg    Config
	keys   keyMap
	styles styles
	list   *model.List

	state   state
	table   *eventTable
	detail  *detailView
	types   *typePanel
	filter  *filterInput
	help    help.Model
	spinner spinner.Model

	ctx     context.Context
	cancel  context.CancelFunc
	stream  <-chan tea.Msg // the loader's batches
	loading bool
	err     error  // the load error that ended the program
	message string // what the last key did, shown in the status line until the next key
	note    string // the latest note from the source, shown when there is no message

	width, height int
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
	m := &Model{cfg: cfg, keys: defaultKeys(), styles: defaultStyles(), list: model.NewList(), loading: true}
	m.list.SetFilter(cfg.Filter)
	m.list.SetSort(cfg.Sort)
	c := clock{now: cfg.Now, loc: cfg.Location}
	m.table = newEventTable(m.list, &m.keys, &m.styles, c)
	m.detail = newDetailView(&m.keys, &m.styles, c)
	m.types = newTypePanel(&m.keys, &m.styles)
	m.filter = newFilterInput(&m.styles)
	m.help = help.New()
	m.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(m.styles.status))
	m.ctx, m.cancel = context.WithCancel(context.Background())
	return m
}

// Err returns the error that ended the program, if loading failed.
func (m *Model) Err() error { return m.err }

// List returns the event list, for tests and for printing after the UI.
func (m *Model) List() *model.List { return m.list }

func (m *Model) Init() tea.Cmd {
	return tea.Batch(startLoadCmd(m.ctx, m.cfg.Source), m.spinner.Tick)
}

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.layout()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
	case loadStartedMsg:
		m.stream = msg.stream
		return waitLoadCmd(m.stream)
	case batchMsg:
		// A cursor on the first row of the table stays there, so that the
		// screen opens on the first event whatever order batches come in;
		// anywhere else it stays on its event.
		top := m.state == stateTable && m.list.Cursor() == 0
		m.list.Append(msg.batch.Events...)
		if top {
			m.list.SetCursor(0)
		}
		m.table.setSources(m.list.Sources())
		if n := len(msg.batch.Notes); n > 0 {
			m.note = msg.batch.Notes[n-1]
		}
		return waitLoadCmd(m.stream)
	case loadDoneMsg:
		m.loading = false
		if msg.err != nil && m.ctx.Err() == nil {
			m.err = msg.err
			return m.quit()
		}
	case spinner.TickMsg:
		if !m.loading {
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	case linkOpenedMsg:
		if msg.err != nil {
			m.message = fmt.Sprintf("could not open %s: %v", model.SanitizeLine(msg.url), msg.err)
		} else {
			m.message = "opened " + model.SanitizeLine(msg.url)
		}
	case exportedMsg:
		switch {
		case msg.err != nil:
			m.message = "export failed, nothing written: " + msg.err.Error()
		default:
			m.message = fmt.Sprintf("wrote %s events to %s", thousands(msg.count), msg.path)
		}
	case copiedMsg:
		if msg.err != nil {
			m.message = "could not copy: " + msg.err.Error()
		} else {
			m.message = "copied " + model.SanitizeLine(msg.text) + " (OSC 52)"
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
		if e := m.list.Selected(); e != nil {
			m.detail.show(e, m.position())
			m.state = stateDetail
		}
	case key.Matches(msg, k.Open):
		return m.openLink(m.list.Selected(), 0)
	case key.Matches(msg, k.Copy):
		return m.copyLink(m.list.Selected())
	case key.Matches(msg, k.Export):
		return m.export()
	default:
		m.table.Update(msg)
	}
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
	m.message = "opening " + model.SanitizeLine(href) + " …"
	return openLinkCmd(m.cfg.Open, href)
}

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
	return copyCmd(m.cfg.Clipboard, model.SanitizeLine(e.URL()))
}

// position says where the selected event is, "12 of 340".
func (m *Model) position() string {
	return fmt.Sprintf("%s of %s", thousands(m.list.Cursor()+1), thousands(m.list.Len()))
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
	if m.detail.vp.Width != m.width || m.detail.vp.Height != body {
		m.detail.SetSize(m.width, body)
	}
	m.types.SetSize(m.width, body)
	m.filter.SetWidth(m.width)
}

func (m *Model) helpView() string {
	var km help.KeyMap = tableHelp{&m.keys}
	switch {
	case m.filter.Focused():
		km = filterHelp{&m.keys}
	case m.state == stateDetail:
		km = detailHelp{&m.keys}
	case m.state == stateTypes:
		km = typesHelp{&m.keys}
	}
	return m.help.View(km)
}

func (m *Model) View() string {
	if m.width == 0 {
		return ""
	}
	var parts []string
	switch m.state {
	case stateDetail:
		parts = append(parts, m.detail.View())
	case stateTypes:
		parts = append(parts, lipgloss.NewStyle().Height(m.types.height).Render(m.types.View()))
	default:
		parts = append(parts, m.table.View())
	}
	if m.filter.Focused() {
		parts = append(parts, m.filter.View())
	}
	parts = append(parts, m.statusLine(), m.helpView())
	// A line wider than the screen would wrap and push the top line off;
	// bubbles/help, for one, can overrun its width.
	return lipgloss.NewStyle().MaxWidth(m.width).Render(strings.Join(parts, "\n"))
}

// statusLine says how many events match, the filters and sort in force, and
// the latest message.
func (m *Model) statusLine() string {
	l, f := m.list, m.list.Filter()
	var parts []string
	types := f.TypeList()
	filtered := len(types) > 0 || f.Text != "" || !f.Since.IsZero() || !f.Until.IsZero()
	if filtered {
		parts = append(parts, fmt.Sprintf("%s of %s events", thousands(l.Len()), thousands(l.Total())))
	} else {
		parts = append(parts, thousands(l.Total())+" events")
	}
	if m.loading {
		parts[0] = m.spinner.View() + " loading… " + parts[0]
	}
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
	// The message says what just happened, so it wins the space: the view
	// summary gives way first, down to its count.
	summary := strings.Join(parts, " · ")
	msg := ""
	if text := cmp.Or(m.message, m.note); text != "" {
		msg = " · " + text
		room := max(len(parts[0]), m.width-ansi.StringWidth(msg))
		summary = ansi.Truncate(summary, room, "…")
	}
	return ansi.Truncate(m.styles.status.Render(summary)+m.styles.muted.Render(msg), m.width, "…")
}

// thousands writes n with comma separators, 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
