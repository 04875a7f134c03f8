package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

const stateColumns state = "columns"

// columnPanel is the panel of C: every column the table can show, the
// shown ones ticked and first, in their order. space shows or hides the
// one under the cursor, K and J move it up and down, d goes back to the
// default columns; enter puts them in force (and V then saves them with
// the view), esc leaves the table as it was.
type columnPanel struct {
	*common
	names         []string
	shown         []bool
	cursor        int
	width, height int
	keys          columnKeys
}

// columnKeys are the column panel's own keys; it moves with the global
// ones.
type columnKeys struct{ Toggle, MoveUp, MoveDown, Default, Apply, Cancel key.Binding }

func newColumnPanel(c *common) *columnPanel {
	return &columnPanel{common: c, keys: columnKeys{
		Toggle:   key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "show/hide")),
		MoveUp:   key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("K/J", "move up/down")),
		MoveDown: key.NewBinding(key.WithKeys("J", "shift+down")),
		Default:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "default")),
		Apply:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}}
}

// columnHelp says what each column shows.
var columnHelp = map[string]string{
	"created":     "when the event happened",
	"type":        "its type",
	"message":     "its message",
	"source":      "the file or customer it came from",
	"link":        "its first link",
	"id":          "the ID of the object it is about (tr_…)",
	"status":      "the object's status *",
	"amount":      "the object's amount *",
	"method":      "the payment method *",
	"failure":     "why it failed: the failure or bank reason *",
	"description": "the object's description *",
	"customer":    "the customer's ID",
	"dashboard":   "the object's page in Mollie's dashboard",
	"delivery":    "how your handler answered its delivery",
}

// focus lists the table's columns, shown first.
func (p *columnPanel) focus() { p.fill(p.app.table().shownNames()) }

// fill lists the columns shown, ticked, then the others the table can
// show.
func (p *columnPanel) fill(shown []string) {
	p.names, p.shown, p.cursor = slices.Clone(shown), make([]bool, len(shown)), 0
	for i := range p.shown {
		p.shown[i] = true
	}
	for _, name := range ColumnNames {
		if _, ok := p.app.table().column(name); ok && !slices.Contains(p.names, name) {
			p.names, p.shown = append(p.names, name), append(p.shown, false)
		}
	}
}

func (p *columnPanel) SetSize(w, h int) { p.width, p.height = w, h }

func (p *columnPanel) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k, g := &p.keys, p.global
	switch {
	case key.Matches(km, k.Cancel):
		p.app.show(stateTable)
	case key.Matches(km, k.Apply):
		return p.apply()
	case key.Matches(km, k.Toggle):
		p.shown[p.cursor] = !p.shown[p.cursor]
	case key.Matches(km, k.MoveUp) && p.cursor > 0:
		p.swap(p.cursor, p.cursor-1)
		p.cursor--
	case key.Matches(km, k.MoveDown) && p.cursor < len(p.names)-1:
		p.swap(p.cursor, p.cursor+1)
		p.cursor++
	case key.Matches(km, k.Default):
		t := p.app.table()
		chosen := t.colNames
		t.colNames = nil
		p.fill(t.shownNames())
		t.colNames = chosen
	case key.Matches(km, g.Up):
		p.cursor = max(0, p.cursor-1)
	case key.Matches(km, g.Down):
		p.cursor = min(len(p.names)-1, p.cursor+1)
	case key.Matches(km, g.Top):
		p.cursor = 0
	case key.Matches(km, g.Bottom):
		p.cursor = len(p.names) - 1
	}
	return nil
}

func (p *columnPanel) swap(i, j int) {
	p.names[i], p.names[j] = p.names[j], p.names[i]
	p.shown[i], p.shown[j] = p.shown[j], p.shown[i]
}

// apply shows the ticked columns in their order: none chosen when they
// are the default ones, so that a view saved keeps no columns.
func (p *columnPanel) apply() tea.Cmd {
	var names []string
	for i, on := range p.shown {
		if on {
			names = append(names, p.names[i])
		}
	}
	if len(names) == 0 {
		p.app.say("tick a column to show (space)")
		return nil
	}
	t := p.app.table()
	chosen := t.colNames
	t.colNames = nil
	if slices.Equal(names, t.shownNames()) {
		names = nil
	}
	t.colNames = chosen
	t.setColumns(names)
	p.app.show(stateTable)
	if names == nil {
		p.app.say("columns: the default ones")
	} else {
		p.app.say("columns: " + strings.Join(names, ",") + " (V saves them with the view)")
	}
	return nil
}

func (p *columnPanel) View() string {
	var b strings.Builder
	b.WriteString(ansi.Truncate(p.styles.title.Render("Columns")+p.styles.muted.Render("  space shows/hides · K/J move · d default · enter applies · esc cancels · * from the linked resource"), p.width, "…"))
	rows := max(1, p.height-1)
	top := max(0, p.cursor-rows+1)
	end := min(len(p.names), top+rows)
	for i := top; i < end; i++ {
		glyph, box := " ", "[ ]"
		if i == p.cursor {
			glyph = "▸"
		}
		if p.shown[i] {
			box = "[x]"
		}
		line := ansi.Truncate(fmt.Sprintf("%s %s %-12s %s", glyph, box, p.names[i], columnHelp[p.names[i]]), p.width, "…")
		if i == p.cursor {
			line = p.styles.selected.Render(line)
		}
		b.WriteString("\n" + line)
	}
	for range p.height - 1 - (end - top) {
		b.WriteByte('\n')
	}
	return b.String()
}

func (p *columnPanel) ShortHelp() []key.Binding {
	k, g := &p.keys, p.global
	return []key.Binding{g.Up, g.Down, k.Toggle, k.MoveUp, k.Default, k.Apply, k.Cancel, g.Help, g.Quit}
}

func (p *columnPanel) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
