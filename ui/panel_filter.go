package ui

import (
	"strconv"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// What is typed in a panel after /: it narrows the rows to those whose
// key or name holds it, in any case. While it is typed, every printable
// key but space is text, so that a, s, j, k and q can be typed (as in
// payment.failed or cst_…); space still ticks, the arrows move, backspace
// takes back a character, enter keeps the filter (the panel's keys then
// act on the rows it shows: a ticks them all) and esc clears it.

// panelFilter is what is typed in a panel.
type panelFilter struct {
	text   string
	typing bool // keys are text: / was pressed, and esc has not cleared it
}

// takesText makes a panel a textTaker while it is typed in: q and ? are
// text then.
func (p *panel) takesText() bool { return p.filter.typing }

// setFilter puts f in force and lists the rows it lets through, the
// cursor on the first.
func (p *panel) setFilter(f panelFilter) {
	p.filter = f
	p.refilter()
}

// refilter lists the rows the filter lets through, the cursor on the
// first.
func (p *panel) refilter() {
	p.shown = p.shown[:0]
	want := strings.ToLower(p.filter.text)
	for i, r := range p.items {
		if strings.Contains(r.label, want) {
			p.shown = append(p.shown, i)
		}
	}
	p.cursor, p.top = 0, 0
}

// typeKey handles a key while the panel is typed in; it reports whether
// the key was the filter's: a printable one but space, backspace, enter
// or esc.
func (p *panel) typeKey(km tea.KeyPressMsg) bool {
	switch k := km.Key(); {
	case k.Code == tea.KeyEscape:
		p.setFilter(panelFilter{})
	case k.Code == tea.KeyEnter:
		p.filter.typing = false
	case k.Code == tea.KeyBackspace:
		if t := p.filter.text; t != "" {
			_, size := utf8.DecodeLastRuneInString(t)
			p.setFilter(panelFilter{text: t[:len(t)-size], typing: true})
		}
	case k.Text != "" && k.Text != " " && k.Mod&^tea.ModShift == 0:
		p.setFilter(panelFilter{text: p.filter.text + cells.SanitizeLine(k.Text), typing: true})
	default:
		return false
	}
	return true
}

// paste adds pasted text to what is typed, on one line.
func (p *panel) paste(text string) {
	if p.filter.typing {
		p.setFilter(panelFilter{text: p.filter.text + cells.SanitizeLine(text), typing: true})
	}
}

// tickAll ticks every row shown, or unticks them all when all are ticked.
func (p *panel) tickAll() {
	all := true
	for _, i := range p.shown {
		all = all && p.checked[i]
	}
	for _, i := range p.shown {
		p.checked[i] = !all
	}
}

// titleLine is the panel's title, and what it is sorted by and its keys;
// or while it is filtered, what is typed and how many rows it lets through.
func (p *panel) titleLine() string {
	st := p.styles
	order := "by " + p.by
	if p.byCount {
		order = "by count"
	}
	if p.filter.text == "" && !p.filter.typing {
		return st.title.Render(p.title) + st.muted.Render("  "+order+" · space toggles · a all/none · s sorts · / filters · enter applies")
	}
	count := strconv.Itoa(len(p.shown)) + " of " + strconv.Itoa(len(p.items))
	if p.filter.typing {
		return st.title.Render(p.title) + "  /" + p.filter.text + "▏" +
			st.muted.Render("  "+count+" · space toggles · enter keeps it · esc clears it · "+order)
	}
	return st.title.Render(p.title) + "  /" + p.filter.text +
		st.muted.Render("  "+count+" · esc clears it · space toggles · a all/none · enter applies · "+order)
}
