package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// failuresView lists the parts of the source (customers) that failed to
// load, each with its reason, in a scrollable viewport.
type failuresView struct {
	keys   *keyMap
	styles *styles

	vp       viewport.Model
	failures []source.Failure
	width    int
}

func newFailuresView(keys *keyMap, st *styles) *failuresView {
	return &failuresView{keys: keys, styles: st, vp: viewport.New(0, 0)}
}

// show puts fs in the view, scrolled to the top.
func (f *failuresView) show(fs []source.Failure) {
	f.set(fs)
	f.vp.GotoTop()
}

// set replaces the failures, keeping the scroll position: more may arrive
// while the view is open.
func (f *failuresView) set(fs []source.Failure) {
	f.failures = fs
	f.render()
}

func (f *failuresView) SetSize(w, h int) {
	f.width = w
	f.vp.Width, f.vp.Height = w, h
	f.render()
}

// Update scrolls; it reports whether it used the message.
func (f *failuresView) Update(msg tea.KeyMsg) bool {
	k := f.keys
	switch {
	case key.Matches(msg, k.Up):
		f.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		f.vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		f.vp.PageUp()
	case key.Matches(msg, k.PageDown):
		f.vp.PageDown()
	case key.Matches(msg, k.Top):
		f.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		f.vp.GotoBottom()
	default:
		return false
	}
	return true
}

func (f *failuresView) View() string { return f.vp.View() }

// render lays the failures out for the current width. Reasons may hold a
// server's text, so everything is sanitized.
func (f *failuresView) render() {
	if f.width <= 0 {
		return
	}
	var b strings.Builder
	title := fmt.Sprintf("Failures · %s failed to load", model.Thousands(len(f.failures)))
	b.WriteString(f.styles.title.Render(title) + "\n\n")
	if len(f.failures) == 0 {
		b.WriteString(f.styles.muted.Render("no failures") + "\n")
	}
	for _, fl := range f.failures {
		reason := "unknown error"
		if fl.Err != nil {
			reason = model.SanitizeLine(fl.Err.Error())
		}
		b.WriteString(f.styles.label.Render(model.SanitizeLine(fl.Source)) + "\n")
		b.WriteString(lipgloss.NewStyle().PaddingLeft(2).Width(max(3, f.width)).Render(reason) + "\n\n")
	}
	f.vp.SetContent(strings.TrimRight(b.String(), "\n"))
}
