package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/model"
)

// typePanel picks the event types to show: every type present, with its
// count under the current text filter and its most common message.
type typePanel struct {
	*common

	rows          []model.TypeCount
	checked       map[int]bool
	cursor, top   int
	width, height int
}

func newTypePanel(c *common) *typePanel { return &typePanel{common: c} }

// focus fills the panel from the list. An empty selection means every
// type, so then every box starts checked.
func (p *typePanel) focus() {
	counts, selected := p.list.TypeCounts(), p.list.Filter().Types
	p.rows, p.cursor, p.top = counts, 0, 0
	p.checked = map[int]bool{}
	for _, r := range counts {
		p.checked[r.Type] = len(selected) == 0 || selected[r.Type]
	}
}

// selection returns the types to filter by; nil when all or none are checked,
// since both mean "don't filter by type".
func (p *typePanel) selection() map[int]bool {
	sel := map[int]bool{}
	for t, on := range p.checked {
		if on {
			sel[t] = true
		}
	}
	if len(sel) == 0 || len(sel) == len(p.rows) {
		return nil
	}
	return sel
}

func (p *typePanel) SetSize(w, h int) {
	p.width, p.height = w, h
	p.follow()
}

func (p *typePanel) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := p.keys
	switch {
	case key.Matches(km, k.Back):
		p.app.show(stateTable)
	case key.Matches(km, k.Apply):
		f := p.list.Filter()
		f.Types = p.selection()
		p.list.SetFilter(f)
		p.app.show(stateTable)
	case key.Matches(km, k.Up):
		p.cursor = max(0, p.cursor-1)
	case key.Matches(km, k.Down):
		p.cursor = min(len(p.rows)-1, p.cursor+1)
	case key.Matches(km, k.Top):
		p.cursor = 0
	case key.Matches(km, k.Bottom):
		p.cursor = len(p.rows) - 1
	case key.Matches(km, k.Toggle):
		if p.cursor < len(p.rows) {
			t := p.rows[p.cursor].Type
			p.checked[t] = !p.checked[t]
		}
	case key.Matches(km, k.All):
		all := true
		for _, on := range p.checked {
			all = all && on
		}
		for t := range p.checked {
			p.checked[t] = !all
		}
	}
	p.follow()
	return nil
}

// follow scrolls so that the cursor is on screen.
func (p *typePanel) follow() {
	rows := max(1, p.height-1)
	p.top = max(0, min(p.top, p.cursor))
	if p.cursor >= p.top+rows {
		p.top = p.cursor - rows + 1
	}
}

func (p *typePanel) ShortHelp() []key.Binding {
	k := p.keys
	cancel := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	return []key.Binding{k.Up, k.Down, k.Toggle, k.All, k.Apply, cancel, k.Help, k.Quit}
}

func (p *typePanel) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

func (p *typePanel) View() string {
	var b strings.Builder
	b.WriteString(p.styles.title.Render("Event types") + p.styles.muted.Render("  space toggles · a all/none · enter applies · esc cancels"))
	if len(p.rows) == 0 {
		b.WriteString("\n" + p.styles.muted.Render("  no events yet"))
	}
	rows := max(1, p.height-1)
	for i := p.top; i < min(len(p.rows), p.top+rows); i++ {
		r := p.rows[i]
		glyph, box := " ", "[ ]"
		if i == p.cursor {
			glyph = "▸"
		}
		if p.checked[r.Type] {
			box = "[x]"
		}
		line := fmt.Sprintf("%s %s %6d %9s  %s", glyph, box, r.Type, fmt.Sprintf("%d", r.Count), r.TopMessage)
		line = ansi.Truncate(line, p.width, "…")
		if i == p.cursor {
			line = p.styles.selected.Render(line)
		}
		b.WriteString("\n" + line)
	}
	// The panel fills its height, so the status line stays at the bottom.
	for range p.height - 1 - max(1, min(len(p.rows), p.top+rows)-p.top) {
		b.WriteByte('\n')
	}
	return b.String()
}
