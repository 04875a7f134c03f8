package ui

import "charm.land/bubbles/v2/key"

// keyMap is every key the program answers to. Each view handles a subset
// and offers it through its own help.KeyMap.
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom     key.Binding
	Filter, Types, Sources, Sort, Reverse, Time key.Binding
	Detail, Open, Copy, CopyJSON, Command       key.Binding
	Export, Help, Quit                          key.Binding
	Refresh, Failures, Back                     key.Binding

	// time and attention: the timeline, goto-time, marks
	Timeline, ZoomIn, ZoomOut, PrevBucket, NextBucket, Goto key.Binding
	Mark, NextMark, PrevMark, OnlyMarked                    key.Binding

	// help only: the terminal selects text on shift+drag while the program
	// has the mouse, in most terminals
	SelectText key.Binding

	// detail view
	Raw, OpenN key.Binding
	// type panel
	Toggle, All, Apply key.Binding
	// text filter
	Keep key.Binding
}

func defaultKeys() keyMap {
	return keyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup/ctrl+u", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn/ctrl+d", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "bottom")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "query")),
		Types:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "types")),
		Sources:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "sources")),
		Sort:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort column")),
		Reverse:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Time:     key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "local/UTC/relative time")),
		Detail:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Open:     key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open link")),
		Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy link")),
		CopyJSON: key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy event as JSON")),
		Command:  key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "copy view as a command")),
		Export:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export view as JSON")),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),

		Timeline:   key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "timeline")),
		ZoomIn:     key.NewBinding(key.WithKeys("z"), key.WithHelp("z/Z", "zoom in/out")),
		ZoomOut:    key.NewBinding(key.WithKeys("Z"), key.WithHelp("Z", "zoom out")),
		PrevBucket: key.NewBinding(key.WithKeys("["), key.WithHelp("[/]", "prev/next busy time")),
		NextBucket: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next busy time")),
		Goto:       key.NewBinding(key.WithKeys("@"), key.WithHelp("@", "go to a time")),
		Mark:       key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mark")),
		NextMark:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n/N", "next/prev mark")),
		PrevMark:   key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "prev mark")),
		OnlyMarked: key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "only marked")),
		Failures:   key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "failures")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:       key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Raw:        key.NewBinding(key.WithKeys("J"), key.WithHelp("J", "raw JSON")),
		OpenN:      key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "open link N")),
		Toggle:     key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "toggle")),
		All:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "all/none")),
		Apply:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Keep:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep query")),

		SelectText: key.NewBinding(key.WithKeys("shift+drag"), key.WithHelp("shift+drag", "selection")),
	}
}
