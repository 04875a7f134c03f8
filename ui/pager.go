package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// pager shows lines laid out for its width, a screen at a time: the detail
// and failures views scroll through one. A frame draws only the lines on
// screen.
type pager struct {
	lines         []string
	top           int // the first line on screen
	width, height int
}

// scroll moves the view n lines down (up if n < 0), no further than the
// ends.
func (p *pager) scroll(n int) { p.top = max(0, min(p.top+n, p.maxTop())) }

func (p *pager) maxTop() int { return max(0, len(p.lines)-p.height) }

// scrollHelp stands for the scrolling keys in a short help.
var scrollHelp = key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓/jk", "scroll"))

// scrollKey scrolls for the movement keys of k; it reports whether msg was
// one.
func (p *pager) scrollKey(msg tea.KeyPressMsg, k *globalKeys) bool {
	switch {
	case key.Matches(msg, k.Up):
		p.scroll(-1)
	case key.Matches(msg, k.Down):
		p.scroll(1)
	case key.Matches(msg, k.PageUp):
		p.scroll(-p.height)
	case key.Matches(msg, k.PageDown):
		p.scroll(p.height)
	case key.Matches(msg, k.Top):
		p.top = 0
	case key.Matches(msg, k.Bottom):
		p.top = p.maxTop()
	default:
		return false
	}
	return true
}

// wheel scrolls for a turn of the mouse wheel.
func (p *pager) wheel(msg tea.MouseWheelMsg) {
	switch msg.Button {
	case tea.MouseWheelUp:
		p.scroll(-wheelLines)
	case tea.MouseWheelDown:
		p.scroll(wheelLines)
	}
}

// View draws the lines on screen, each padded to the width, the whole
// padded to the height.
func (p *pager) View() string {
	var b strings.Builder
	for i := range p.height {
		if i > 0 {
			b.WriteByte('\n')
		}
		line := ""
		if p.top+i < len(p.lines) {
			line = p.lines[p.top+i]
		}
		// Wrapping measured each rune alone; a terminal may see a
		// grapheme as wider, so a line is cut, with …, rather than let wrap.
		w := ansi.StringWidthWc(line)
		if w > p.width {
			line, w = ansi.TruncateWc(line, p.width, "…"), p.width
		}
		b.WriteString(line)
		writeSpaces(&b, p.width-w)
	}
	return b.String()
}
