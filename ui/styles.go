package ui

import "github.com/charmbracelet/lipgloss"

// One palette of adaptive colours, so light and dark terminals both read
// well. lipgloss drops colours by itself under NO_COLOR or on a terminal
// without colour; selection stays visible through the cursor glyph.
var (
	colorAccent = lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#B7A6FF"}
	colorMuted  = lipgloss.AdaptiveColor{Light: "#6C6C6C", Dark: "#8A8A8A"}
	colorSelBg  = lipgloss.AdaptiveColor{Light: "#E4DEFF", Dark: "#3B2F73"}
	colorSelFg  = lipgloss.AdaptiveColor{Light: "#1A1A1A", Dark: "#FFFFFF"}
	colorError  = lipgloss.AdaptiveColor{Light: "#B00020", Dark: "#FF6B6B"}
	colorNew    = lipgloss.AdaptiveColor{Light: "#007A3D", Dark: "#5FD787"}
)

type styles struct {
	header   lipgloss.Style // a table column title, one space each side
	status   lipgloss.Style
	muted    lipgloss.Style
	err      lipgloss.Style
	title    lipgloss.Style
	label    lipgloss.Style
	selected lipgloss.Style
	newMark  lipgloss.Style
}

func defaultStyles() styles {
	return styles{
		header:   lipgloss.NewStyle().Bold(true).Foreground(colorAccent).Padding(0, 1),
		status:   lipgloss.NewStyle().Foreground(colorAccent),
		muted:    lipgloss.NewStyle().Foreground(colorMuted),
		err:      lipgloss.NewStyle().Foreground(colorError),
		title:    lipgloss.NewStyle().Bold(true).Foreground(colorAccent),
		label:    lipgloss.NewStyle().Bold(true),
		selected: lipgloss.NewStyle().Background(colorSelBg).Foreground(colorSelFg),
		newMark:  lipgloss.NewStyle().Foreground(colorNew),
	}
}
