package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// failuresView lists the parts of the source (customers) that failed to
// load, each with its reason.
type failuresView struct {
	*common
	failures []source.Failure
	pager
}

func newFailuresView(c *common) *failuresView { return &failuresView{common: c} }

// focus shows the failures so far, scrolled to the top.
func (f *failuresView) focus() {
	f.set(f.app.failures())
	f.top = 0
}

// set replaces the failures, keeping the scroll position: more may arrive
// while the view is open.
func (f *failuresView) set(fs []source.Failure) {
	f.failures = fs
	f.render()
}

func (f *failuresView) SetSize(w, h int) {
	if w == f.width && h == f.height {
		return
	}
	f.width, f.height = w, h
	f.render()
}

func (f *failuresView) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		f.wheel(msg)
	case tea.KeyPressMsg:
		if key.Matches(msg, f.keys.Back) {
			f.app.show(stateTable)
			return nil
		}
		f.scrollKey(msg, f.keys)
	}
	return nil
}

func (f *failuresView) ShortHelp() []key.Binding {
	k := f.keys
	return []key.Binding{scrollHelp, k.Back, k.Help, k.Quit}
}

func (f *failuresView) FullHelp() [][]key.Binding {
	k := f.keys
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
			reason = model.SanitizeLine(f.cfg.Explain(fl.Err))
		}
		f.lines = append(f.lines, st.label.Render(model.SanitizeLine(fl.Source)))
		for _, s := range cells.Wrap(reason, max(1, f.width-2)) {
			f.lines = append(f.lines, "  "+reason[s.Start:s.End])
		}
	}
	f.scroll(0)
}
