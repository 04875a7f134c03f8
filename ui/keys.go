package ui

import "github.com/charmbracelet/bubbles/key"

// keyMap is every key the program answers to. Each view offers the subset
// it handles through its own help.KeyMap.
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Filter, Types, Sort, Reverse, Time      key.Binding
	Detail, Open, Copy, Export, Help, Quit  key.Binding
	Refresh, Failures, Back                 key.Binding

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
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter text")),
		Types:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "types")),
		Sort:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort column")),
		Reverse:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Time:     key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "local/UTC/relative time")),
		Detail:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Open:     key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open link")),
		Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy link")),
		Export:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export view as JSON")),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Failures: key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "failures")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Raw:      key.NewBinding(key.WithKeys("J"), key.WithHelp("J", "raw JSON")),
		OpenN:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "open link N")),
		Toggle:   key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "toggle")),
		All:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "all/none")),
		Apply:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Keep:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),

		SelectText: key.NewBinding(key.WithKeys("shift+drag"), key.WithHelp("shift+drag", "selection")),
	}
}

// tableHelp is the help of the table view. When something failed to load,
// the short help offers E in the place of o, which the full help still
// lists: one more would push ? and q off a 100-column line.
type tableHelp struct {
	k        *keyMap
	failures bool
}

func (h tableHelp) ShortHelp() []key.Binding {
	k := h.k
	move := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓/jk", "move"))
	linkOrFailures := k.Open
	if h.failures {
		linkOrFailures = k.Failures
	}
	return []key.Binding{move, k.Filter, k.Types, k.Sort, k.Detail, linkOrFailures, k.Help, k.Quit}
}

func (h tableHelp) FullHelp() [][]key.Binding {
	k := h.k
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.SelectText},
		{k.Filter, k.Types, k.Sort, k.Reverse, k.Time, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter"))},
		{k.Detail, k.Open, k.Copy, k.Export, k.Refresh, k.Failures, k.Help, k.Quit},
	}
}

// failuresHelp is the help of the failures view.
type failuresHelp struct{ k *keyMap }

func (h failuresHelp) ShortHelp() []key.Binding {
	k := h.k
	scroll := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓/jk", "scroll"))
	return []key.Binding{scroll, k.Back, k.Help, k.Quit}
}

func (h failuresHelp) FullHelp() [][]key.Binding {
	k := h.k
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Back, k.Help, k.Quit}}
}

// detailHelp is the help of the detail view.
type detailHelp struct{ k *keyMap }

func (h detailHelp) ShortHelp() []key.Binding {
	k := h.k
	scroll := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓/jk", "scroll"))
	return []key.Binding{scroll, k.Open, k.OpenN, k.Raw, k.Copy, k.Back, k.Help, k.Quit}
}

func (h detailHelp) FullHelp() [][]key.Binding {
	k := h.k
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.SelectText}, {k.Open, k.OpenN, k.Raw, k.Copy}, {k.Back, k.Help, k.Quit}}
}

// typesHelp is the help of the type panel.
type typesHelp struct{ k *keyMap }

func (h typesHelp) ShortHelp() []key.Binding {
	k := h.k
	cancel := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	return []key.Binding{k.Up, k.Down, k.Toggle, k.All, k.Apply, cancel, k.Help, k.Quit}
}

func (h typesHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// filterHelp is the help while typing a text filter.
type filterHelp struct{ k *keyMap }

func (h filterHelp) ShortHelp() []key.Binding {
	back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear"))
	prefix := key.NewBinding(key.WithKeys("!"), key.WithHelp("!text", "negate"))
	return []key.Binding{h.k.Keep, back, prefix}
}

func (h filterHelp) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }
