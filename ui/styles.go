package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// styles is the one palette of the program. It follows the terminal's
// background: dark until the terminal says otherwise (tea.BackgroundColorMsg),
// then rebuilt with newStyles. Colours are written in full and Bubble Tea
// downsamples them to what the terminal supports, or drops them under
// NO_COLOR; nothing is told by colour alone (the cursor has its glyph, a new
// event its •).
type styles struct {
	dark bool // the palette is for a dark background

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
	return styles{
		dark:     dark,
		header:   lipgloss.NewStyle().Bold(true).Foreground(accent),
		status:   lipgloss.NewStyle().Foreground(accent),
		muted:    lipgloss.NewStyle().Foreground(muted),
		err:      lipgloss.NewStyle().Foreground(c(lipgloss.Color("#B00020"), lipgloss.Color("#FF6B6B"))),
		title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		label:    lipgloss.NewStyle().Bold(true),
		selected: lipgloss.NewStyle().Background(c(lipgloss.Color("#E4DEFF"), lipgloss.Color("#3B2F73"))).Foreground(c(lipgloss.Color("#1A1A1A"), lipgloss.Color("#FFFFFF"))),
		newMark:  lipgloss.NewStyle().Foreground(c(lipgloss.Color("#007A3D"), lipgloss.Color("#5FD787"))),
		help:     help.DefaultStyles(dark),
	}
}
