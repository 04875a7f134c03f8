package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

// panel is a checklist that writes one field of the query: the type panel
// (t) and the source panel (c). It reads its selection from the query's
// terms of that field when it opens, and on enter writes the checked rows
// back as one term, keeping the rest of the query as it was typed.
type panel struct {
	*common
	title string
	by    string // what the panel's own order is by: "type", "name"
	// rows lists the rows for the list as it is and the query q: each with
	// its key (a type, a source), its text, and whether q lets it through.
	rows  func(l *model.List, q query.Query) []panelRow
	apply func(q query.Query, keys []string) query.Query // nil keys: no term

	items         []panelRow
	checked       []bool
	byCount       bool // s: the rows by count, most first, rather than in the panel's order
	filter        panelFilter
	shown         []int // the items the filter lets through, by index, in order
	cursor, top   int   // in shown
	width, height int
	keys          panelKeys
}

// panelKeys are a panel's own keys; it moves with the global ones.
type panelKeys struct{ Toggle, All, Sort, Apply, Cancel, Filter key.Binding }

func newPanelKeys() panelKeys {
	return panelKeys{
		Toggle: key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "toggle")),
		Sort:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort by count/own order")),
		All:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "all/none")),
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "type to filter")),
	}
}

// panelRow is one row of a panel.
type panelRow struct {
	key     string
	text    string // the row after its box: counts, names
	label   string // what typing finds it by: the key and its name, lower case
	count   int    // the events it stands for, under the rest of the query
	allowed bool   // the query lets it through
	rank    int    // its place in the panel's own order
}

// focus fills the panel from the list and its query.
func (p *panel) focus() {
	p.items = p.rows(p.list, p.list.Query())
	for i := range p.items {
		p.items[i].rank = i
	}
	p.order()
	p.checked = make([]bool, len(p.items))
	for i, r := range p.items {
		p.checked[i] = r.allowed
	}
	p.filter = panelFilter{}
	p.refilter()
}

// order puts the rows by count, most first, or in the panel's own order
// (by type, by source name), carrying their ticks with them.
func (p *panel) order() {
	idx := make([]int, len(p.items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if ra, rb := p.items[a], p.items[b]; p.byCount && ra.count != rb.count {
			return rb.count - ra.count
		} else {
			return ra.rank - rb.rank
		}
	})
	items := make([]panelRow, len(idx))
	checked := make([]bool, len(p.checked))
	for i, j := range idx {
		items[i] = p.items[j]
		if j < len(p.checked) {
			checked[i] = p.checked[j]
		}
	}
	p.items = items
	if len(p.checked) == len(items) {
		p.checked = checked
	}
	p.refilter()
}

func (p *panel) SetSize(w, h int) {
	p.width, p.height = w, h
	p.follow()
}

func (p *panel) Update(msg tea.Msg) tea.Cmd {
	if pm, ok := msg.(tea.PasteMsg); ok {
		p.paste(pm.Content)
		return nil
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if p.filter.typing && p.typeKey(km) {
		p.follow()
		return nil
	}
	k, g := &p.keys, p.global
	switch {
	case key.Matches(km, k.Cancel) && p.filter.text != "":
		p.setFilter(panelFilter{})
	case key.Matches(km, k.Cancel):
		p.app.show(stateTable)
	case key.Matches(km, k.Filter):
		p.filter.typing = true
	case key.Matches(km, k.Apply):
		p.app.show(stateTable)
		return p.app.setQuery(p.apply(p.list.Query(), p.selection()))
	case key.Matches(km, g.Up):
		p.cursor = max(0, p.cursor-1)
	case key.Matches(km, g.Down):
		p.cursor = max(0, min(len(p.shown)-1, p.cursor+1))
	case key.Matches(km, g.PageUp):
		p.cursor = max(0, p.cursor-p.rowsOnScreen())
	case key.Matches(km, g.PageDown):
		p.cursor = max(0, min(len(p.shown)-1, p.cursor+p.rowsOnScreen()))
	case key.Matches(km, g.Top):
		p.cursor = 0
	case key.Matches(km, g.Bottom):
		p.cursor = max(0, len(p.shown)-1)
	case key.Matches(km, k.Toggle):
		if p.cursor < len(p.shown) {
			i := p.shown[p.cursor]
			p.checked[i] = !p.checked[i]
		}
	case key.Matches(km, k.Sort):
		p.byCount = !p.byCount
		p.order()
		p.cursor = 0
	case key.Matches(km, k.All):
		p.tickAll()
	}
	p.follow()
	return nil
}

// selection returns the keys of the checked rows; nil when all or none are
// checked, since both mean "no term".
func (p *panel) selection() []string {
	var sel []string
	for i, on := range p.checked {
		if on {
			sel = append(sel, p.items[i].key)
		}
	}
	if len(sel) == len(p.items) {
		return nil
	}
	return sel
}

func (p *panel) rowsOnScreen() int { return max(1, p.height-1) }

// follow scrolls so that the cursor is on screen.
func (p *panel) follow() {
	rows := p.rowsOnScreen()
	p.top = max(0, min(p.top, p.cursor))
	if p.cursor >= p.top+rows {
		p.top = p.cursor - rows + 1
	}
}

func (p *panel) ShortHelp() []key.Binding {
	k, g := &p.keys, p.global
	return []key.Binding{g.Up, g.Down, k.Toggle, k.Apply, k.Filter, k.All, k.Sort, k.Cancel, g.Help, g.Quit}
}

func (p *panel) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

func (p *panel) View() string {
	var b strings.Builder
	b.WriteString(ansi.TruncateWc(p.titleLine(), p.width, "…"))
	switch {
	case len(p.items) == 0:
		b.WriteString("\n" + p.styles.muted.Render("  no events yet"))
	case len(p.shown) == 0:
		b.WriteString("\n" + p.styles.muted.Render(ansi.TruncateWc("  nothing matches "+p.filter.text+" (backspace, or esc clears it)", p.width, "…")))
	}
	rows := p.rowsOnScreen()
	end := min(len(p.shown), p.top+rows)
	for r := p.top; r < end; r++ {
		i := p.shown[r]
		glyph, box := " ", "[ ]"
		if r == p.cursor {
			glyph = "▸"
		}
		if p.checked[i] {
			box = "[x]"
		}
		line := ansi.TruncateWc(glyph+" "+box+" "+cells.Shown(p.items[i].text), p.width, "…")
		if r == p.cursor {
			line = p.styles.selected.Render(line)
		}
		b.WriteString("\n" + line)
	}
	// The panel fills its height, so the status line stays at the bottom.
	for range p.height - 1 - max(1, end-p.top) {
		b.WriteByte('\n')
	}
	return b.String()
}
