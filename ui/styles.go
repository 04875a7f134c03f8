package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// styles is the one palette of the program. It follows the terminal's
// background: dark until the terminal says otherwise (tea.BackgroundColorMsg),
// then rebuilt with newStyles. Colours are written in full and Bubble Tea
// downsamples them to what the terminal supports, or drops them under
// NO_COLOR; nothing is told by colour alone (the cursor has its glyph, a new
// event its •, an outcome its glyph when there are no colours).
type styles struct {
	dark   bool // the palette is for a dark background
	glyphs bool // the terminal shows no colours: outcomes show as glyphs

	// outcomes colours events by what their type says became of the
	// object: by model.Outcome.
	outcomes [4]lipgloss.Style

	header   lipgloss.Style // a table column title
	status   lipgloss.Style
	muted    lipgloss.Style
	err      lipgloss.Style
	title    lipgloss.Style
	label    lipgloss.Style
	selected lipgloss.Style
	newMark  lipgloss.Style
	help     help.Styles
}

func newStyles(dark bool) styles {
	c := lipgloss.LightDark(dark)
	accent := c(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B7A6FF"))
	muted := c(lipgloss.Color("#6C6C6C"), lipgloss.Color("#8A8A8A"))
	errColour := c(lipgloss.Color("#B00020"), lipgloss.Color("#FF6B6B"))
	success := c(lipgloss.Color("#007A3D"), lipgloss.Color("#5FD787"))
	return styles{
		outcomes: [4]lipgloss.Style{
			model.OutcomeOther:     lipgloss.NewStyle(),
			model.OutcomeFailed:    lipgloss.NewStyle().Foreground(errColour),
			model.OutcomeSucceeded: lipgloss.NewStyle().Foreground(success),
			model.OutcomePending:   lipgloss.NewStyle().Foreground(muted),
		},
		dark:     dark,
		header:   lipgloss.NewStyle().Bold(true).Foreground(accent),
		status:   lipgloss.NewStyle().Foreground(accent),
		muted:    lipgloss.NewStyle().Foreground(muted),
		err:      lipgloss.NewStyle().Foreground(errColour),
		title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		label:    lipgloss.NewStyle().Bold(true),
		selected: lipgloss.NewStyle().Background(c(lipgloss.Color("#E4DEFF"), lipgloss.Color("#3B2F73"))).Foreground(c(lipgloss.Color("#1A1A1A"), lipgloss.Color("#FFFFFF"))),
		newMark:  lipgloss.NewStyle().Foreground(success),
		help:     help.DefaultStyles(dark),
	}
}

// outcomeGlyphs show outcomes without colour, by model.Outcome.
var outcomeGlyphs = [4]string{
	model.OutcomeOther:     " ",
	model.OutcomeFailed:    "✗",
	model.OutcomeSucceeded: "✓",
	model.OutcomePending:   "◌",
}

// typeLabel is an event's type as the table shows it, sanitized: its
// name, or its number with the name cfg knows for it ("222 Payment
// failed"); without colours, the outcome's glyph first (a space for
// none, so that the labels line up).
func (c *common) typeLabel(e *model.Event) string {
	return c.withGlyph(e, c.typeText(e, c.cfg.TypeNames), true)
}

// typeNumber is typeLabel with numbers alone, for narrow screens.
func (c *common) typeNumber(e *model.Event) string { return c.withGlyph(e, c.typeText(e, nil), true) }

// typeText is an event's type, sanitized, numbers with their names in
// names.
func (c *common) typeText(e *model.Event, names map[int]string) string {
	return cells.SanitizeLine(model.TypeLabel(e.Type, e.TypeName, names))
}

// withGlyph puts the glyph of e's outcome before text when the terminal
// shows no colours; blank says whether no outcome takes a blank glyph.
func (c *common) withGlyph(e *model.Event, text string, blank bool) string {
	if o := c.outcome(e); c.styles.glyphs && (blank || o != model.OutcomeOther) {
		return outcomeGlyphs[o] + " " + text
	}
	return text
}

// outcome is what an event's type says became of its object.
func (c *common) outcome(e *model.Event) model.Outcome {
	return model.TypeOutcome(e.Type, e.TypeName, c.cfg.TypeNames)
}
