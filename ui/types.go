package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/mattn/go-runewidth"

	"github.com/eventbrowser/eventbrowser/model"
)

// typePanel picks the event types to show: every type present, with its
// count under the current text filter and its most common message.
type typePanel struct {
	keys   *keyMap
	styles *styles

	rows          []model.TypeCount
	checked       map[int]bool
	cursor, top   int
	width, height int
}

func newTypePanel(keys *keyMap, st *styles) *typePanel {
	return &typePanel{keys: keys, styles: st}
}

// open fills the panel. An empty selection means every type, so then every
// box starts checked.
func (p *typePanel) open(counts []model.TypeCount, selected map[int]bool) {
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

func (p *typePanel) SetSize(w, h int) { p.width, p.height = w, h }

// Update handles the panel's keys except apply and cancel, which the app
// handles; it reports whether it used the message.
func (p *typePanel) Update(msg tea.KeyMsg) bool {
	k := p.keys
	switch {
	case key.Matches(msg, k.Up):
		p.cursor = max(0, p.cursor-1)
	case key.Matches(msg, k.Down):
		p.cursor = min(len(p.rows)-1, p.cursor+1)
	case key.Matches(msg, k.Top):
		p.cursor = 0
	case key.Matches(msg, k.Bottom):
		p.cursor = len(p.rows) - 1
	case key.Matches(msg, k.Toggle):
		if p.cursor < len(p.rows) {
			t := p.rows[p.cursor].Type
			p.checked[t] = !p.checked[t]
		}
	case key.Matches(msg, k.All):
		all := true
		for _, on := range p.checked {
			all = all && on
		}
		for t := range p.checked {
			p.checked[t] = !all
		}
	default:
		return false
	}
	return true
}

func (p *typePanel) View() string {
	var b strings.Builder
	b.WriteString(p.styles.title.Render("Event types") + p.styles.muted.Render("  space toggles · a all/none · enter applies · esc cancels") + "\n")
	rows := max(1, p.height-1)
	p.top = max(0, min(p.top, p.cursor))
	if p.cursor >= p.top+rows {
		p.top = p.cursor - rows + 1
	}
	if len(p.rows) == 0 {
		b.WriteString(p.styles.muted.Render("  no events yet"))
	}
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
		line = runewidth.Truncate(line, p.width, "…")
		if i == p.cursor {
			line = p.styles.selected.Render(line)
		}
		b.WriteString(line)
		if i < min(len(p.rows), p.top+rows)-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
