package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

const stateFailures state = "failures"

// failuresView lists the parts of the source (customers) that failed to
// load, each with its reason.
type failuresView struct {
	*common
	failures []source.Failure
	notes    int // how many of the load's notes are laid out
	pager
}

func newFailuresView(c *common) *failuresView { return &failuresView{common: c} }

// focus shows the failures so far, scrolled to the top.
func (f *failuresView) focus() {
	f.set(f.app.failures())
	f.top = 0
}

// set replaces the failures, keeping the scroll position.
func (f *failuresView) set(fs []source.Failure) {
	f.failures = fs
	f.render()
}

// SetSize lays the failures out again when the width or the height has
// changed, or the failures have: more may arrive while the view is open,
// and a refresh starts over.
func (f *failuresView) SetSize(w, h int) {
	fs := f.app.failures()
	if w == f.width && h == f.height && sameFailures(fs, f.failures) && len(f.app.notes()) == f.notes {
		return
	}
	f.width, f.height = w, h
	f.set(fs)
}

// sameFailures reports whether a and b are the same failures. A load only
// adds failures, and a refresh starts from none, so the same length from
// the same first element is the same slice.
func sameFailures(a, b []source.Failure) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func (f *failuresView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		f.wheel(msg)
	case tea.KeyPressMsg:
		if key.Matches(msg, f.global.Back) {
			f.app.show(stateTable)
			return nil
		}
		f.scrollKey(msg, f.global)
	}
	return nil
}

func (f *failuresView) ShortHelp() []key.Binding {
	k := f.global
	return []key.Binding{scrollHelp, k.Back, k.Help, k.Quit}
}

func (f *failuresView) FullHelp() [][]key.Binding {
	k := f.global
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Back, k.Help, k.Quit}}
}

// render lays the failures out for the current width, each reason indented
// under its source. Reasons may hold a server's text, so everything is
// sanitized.
func (f *failuresView) render() {
	f.lines = f.lines[:0]
	if f.width <= 0 {
		return
	}
	st := f.styles
	f.lines = append(f.lines, st.title.Render(fmt.Sprintf("Failures · %s failed to load", model.Thousands(len(f.failures)))), "")
	if len(f.failures) == 0 {
		f.lines = append(f.lines, st.muted.Render("no failures"))
	}
	for i, fl := range f.failures {
		if i > 0 {
			f.lines = append(f.lines, "")
		}
		reason := "unknown error"
		if fl.Err != nil {
			reason = cells.SanitizeLine(f.cfg.Explain(fl.Err))
		}
		f.lines = append(f.lines, st.label.Render(cells.SanitizeLine(fl.Source)))
		for _, s := range cells.Wrap(reason, max(1, f.width-2)) {
			f.lines = append(f.lines, "  "+reason[s.Start:s.End])
		}
	}
	notes := f.app.notes()
	f.notes = len(notes)
	if len(notes) > 0 {
		f.lines = append(f.lines, "", st.title.Render(fmt.Sprintf("Notes · %s", model.Thousands(len(notes)))), "")
		for _, n := range notes {
			text := cells.SanitizeLine(n)
			for _, s := range cells.Wrap(text, max(1, f.width-2)) {
				f.lines = append(f.lines, "  "+text[s.Start:s.End])
			}
		}
	}
	f.scroll(0)
}
