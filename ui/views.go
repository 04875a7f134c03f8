package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// SavedView is a named query, sort and set of columns, kept in the config
// file: v lists them, V saves the table's as one.
type SavedView struct {
	Name    string
	Query   string   // as typed; "" for none
	Sort    string   // as --sort takes it, "-created"; "" for the default
	Columns []string // ColumnNames, in order; nil for all
}

const stateViews state = "views"

// viewList is the list of v: the saved views, enter opening one.
type viewList struct {
	*common
	cursor        int
	width, height int
	keys          panelKeys
}

func newViewList(c *common) *viewList { return &viewList{common: c, keys: newPanelKeys()} }

func (v *viewList) focus() { v.cursor = 0 }

func (v *viewList) SetSize(w, h int) { v.width, v.height = w, h }

func (v *viewList) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	views := v.cfg.Views
	switch {
	case key.Matches(km, v.keys.Cancel):
		v.app.show(stateTable)
	case key.Matches(km, v.keys.Apply) && len(views) > 0:
		v.app.show(stateTable)
		return v.open(views[v.cursor])
	case key.Matches(km, v.global.Up):
		v.cursor = max(0, v.cursor-1)
	case key.Matches(km, v.global.Down):
		v.cursor = max(0, min(len(views)-1, v.cursor+1))
	}
	return nil
}

// open puts a saved view in force: its query, sort and columns.
func (v *viewList) open(sv SavedView) tea.Cmd {
	q, err := v.parse(sv.Query)
	if err != nil {
		v.app.say("view " + sv.Name + ": " + cells.SanitizeLine(err.Error()))
		return nil
	}
	if sv.Sort != "" {
		if s, err := model.ParseSort(sv.Sort); err == nil {
			v.list.SetSort(s)
		}
	}
	v.app.table().setColumns(sv.Columns)
	v.app.say("view " + sv.Name)
	return v.app.setQuery(q)
}

func (v *viewList) View() string {
	var b strings.Builder
	b.WriteString(v.styles.title.Render("Saved views") + v.styles.muted.Render("  enter opens · esc cancels · V in the table saves one"))
	if len(v.cfg.Views) == 0 {
		b.WriteString("\n" + v.styles.muted.Render("  none yet: V in the table saves the current view"))
	}
	rows := max(1, v.height-1)
	top := max(0, v.cursor-rows+1)
	end := min(len(v.cfg.Views), top+rows)
	for i := top; i < end; i++ {
		sv := v.cfg.Views[i]
		glyph := " "
		if i == v.cursor {
			glyph = "▸"
		}
		line := fmt.Sprintf("%s %-16s %s", glyph, sv.Name, sv.Query)
		if sv.Sort != "" {
			line += "  sort " + sv.Sort
		}
		if len(sv.Columns) > 0 {
			line += "  columns " + strings.Join(sv.Columns, ",")
		}
		line = ansi.Truncate(cells.SanitizeLine(line), v.width, "…")
		if i == v.cursor {
			line = v.styles.selected.Render(line)
		}
		b.WriteString("\n" + line)
	}
	for range v.height - 1 - max(1, end-top) {
		b.WriteByte('\n')
	}
	return b.String()
}

func (v *viewList) ShortHelp() []key.Binding {
	return []key.Binding{v.global.Up, v.global.Down, v.keys.Apply, v.keys.Cancel, v.global.Help, v.global.Quit}
}

func (v *viewList) FullHelp() [][]key.Binding { return [][]key.Binding{v.ShortHelp()} }

const stateSaveView state = "save-view"

// saveViewPrompt is the prompt of V, under the table: a name, under
// which the table's query, sort and columns are saved.
type saveViewPrompt struct {
	*common
	promptBar
	keys gotoKeys
}

func newSaveViewPrompt(c *common) *saveViewPrompt {
	in := textinput.New()
	in.Prompt = "save view as: "
	in.Placeholder = "a name: letters, digits, - and _"
	in.CharLimit = 64
	return &saveViewPrompt{common: c, promptBar: promptBar{table: c.app.table, input: in, st: c.styles}, keys: gotoKeys{
		Go:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}}
}

func (p *saveViewPrompt) focus() {
	p.open()
}

func (p *saveViewPrompt) Update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, p.keys.Cancel):
			p.close()
			return nil
		case key.Matches(km, p.keys.Go):
			return p.save()
		}
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	p.err = ""
	return cmd
}

// save writes the table's view under the name typed, in a command.
func (p *saveViewPrompt) save() tea.Cmd {
	name := strings.TrimSpace(p.input.Value())
	if name == "" {
		p.err = "type a name"
		return nil
	}
	if p.cfg.SaveView == nil {
		p.err = "there is no config file to save into"
		return nil
	}
	s := p.list.Sort()
	sort := s.Key.String()
	if s.Desc {
		sort = "-" + sort
	}
	sv := SavedView{Name: name, Query: p.app.typedQuery().String(), Sort: sort, Columns: p.app.table().colNames}
	p.close()
	save := p.cfg.SaveView
	return func() tea.Msg { return viewSavedMsg{view: sv, err: save(sv)} }
}

func (p *saveViewPrompt) close() {
	p.input.Blur()
	p.err = ""
	p.app.show(stateTable)
}

func (p *saveViewPrompt) ShortHelp() []key.Binding { return []key.Binding{p.keys.Go, p.keys.Cancel} }

func (p *saveViewPrompt) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// viewSavedMsg is the end of a save of V: the view, and why it was not
// saved.
type viewSavedMsg struct {
	view SavedView
	err  error
}

// viewSaved says how the save went and, saved, lists the view under v.
func (m *Model) viewSaved(msg viewSavedMsg) {
	if msg.err != nil {
		m.say("view not saved: " + cells.SanitizeLine(msg.err.Error()))
		return
	}
	views := slices.DeleteFunc(m.cfg.Views, func(v SavedView) bool { return v.Name == msg.view.Name })
	m.cfg.Views = append(views, msg.view)
	slices.SortFunc(m.cfg.Views, func(a, b SavedView) int { return strings.Compare(a.Name, b.Name) })
	m.say("saved view " + cells.SanitizeLine(msg.view.Name))
}
