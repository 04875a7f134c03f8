package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

// timeMode is how the created column shows instants.
type timeMode int

const (
	timeLocal timeMode = iota
	timeUTC
	timeRelative
)

const timeLayout = "2006-01-02 15:04:05"

// clock gives the present and the zone times are shown in; tests fix both.
type clock struct {
	now func() time.Time
	loc *time.Location
}

const stateTable state = "table"

// eventTable shows the window of model.List that fits on screen. The list
// keeps the cursor; the table keeps only which row is at the top, and draws
// only the visible rows.
type eventTable struct {
	*common
	followed      []query.Query // the queries before each f, which esc goes back to
	colNames      []string      // the columns shown, by name, in order; nil means all
	top           int           // view position of the first visible row
	width, height int           // height includes the header
	timeMode      timeMode
	sourceWidth   int   // of the source column: the longest source, up to 18
	manySources   bool  // the source column is shown by default
	typeWidth     int   // of the type column: numbers take 5, names more (setTypes)
	nameWidth     int   // of the type column where numbers show without their names
	lastClick     click // the last click on a row, to tell a double click
	header        string
	headerKey     headerKey
	tline         timeline // the strip under the rows
	preview       preview  // the pane beside the rows
	keys          tableKeys
}

// tableKeys are the table's own keys; it moves with the global ones.
type tableKeys struct {
	Query, Types, Sources, Sort, Reverse, Time           key.Binding
	Detail, CopyJSON, Command, Export, Refresh, Failures key.Binding
	ClearQuery                                           key.Binding // esc, when the help is not open
	Follow                                               key.Binding
	Views, SaveView, Columns                             key.Binding
	Preview                                              key.Binding

	Move key.Binding // help only: the movement keys, in the short help
	linkKeys
	timeKeys
}

func newTableKeys() tableKeys {
	return tableKeys{
		Query:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "query")),
		Follow:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "follow the object's story")),
		Views:      key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "saved views")),
		SaveView:   key.NewBinding(key.WithKeys("V"), key.WithHelp("V", "save view")),
		Columns:    key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "columns")),
		Types:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "types")),
		Sources:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "sources")),
		Sort:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort column")),
		Reverse:    key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Time:       key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "local/UTC/relative time")),
		Detail:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		CopyJSON:   key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy event as JSON")),
		Command:    key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "copy view as a command")),
		Export:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export view as JSON")),
		Refresh:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Failures:   key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "failures")),
		ClearQuery: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear query")),
		Preview:    previewKey(),
		Move:       key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓/jk", "move")),
		linkKeys:   newLinkKeys(),
		timeKeys:   newTimeKeys(),
	}
}

// headerKey is everything the header line depends on.
type headerKey struct {
	columns                                  string // the names of the columns shown
	width, sourceWidth, typeWidth, nameWidth int
	manySources                              bool
	mode                                     timeMode
	dark, glyphs                             bool
}

func newEventTable(c *common) *eventTable {
	t := &eventTable{common: c, lastClick: click{id: -1}, tline: timeline{on: true}, keys: newTableKeys(),
		preview: newPreview(c)}
	t.setColumns(c.cfg.Columns)
	if c.cfg.Deliveries != nil {
		t.keys.Refresh.SetHelp("r", "re-send to your handler")
	}
	return t
}

// setSources sizes the source column to the longest name, and shows it
// by default when the events come from more than one source.
func (t *eventTable) setSources(sources []cells.Line) {
	t.sourceWidth, t.manySources = 0, len(sources) > 1
	for _, s := range sources {
		t.sourceWidth = max(t.sourceWidth, cells.Width(string(s)))
	}
	t.sourceWidth = min(max(t.sourceWidth, len("SOURCE")), 18)
}

// setTypes widens the type column for the longest type label, labelWidth,
// or where numbers show without their names, the longest named type,
// nameWidth (each up to maxTypeWidth); numbers alone keep it at five cells.
func (t *eventTable) setTypes(labelWidth, nameWidth int) {
	t.typeWidth = max(numberTypeWidth, min(labelWidth, maxTypeWidth))
	t.nameWidth = max(numberTypeWidth, min(nameWidth, maxTypeWidth))
}

// numberTypeWidth is the type column's width for numbers.
const numberTypeWidth = 5

// SetSize sets the space the table may use, header and preview included.
// The root calls it after every message, so the header is drawn here, when
// what it shows has changed, and not on every frame.
func (t *eventTable) SetSize(w, h int) {
	t.preview.width = w
	w, pane := t.preview.split(w)
	t.width, t.height = w, h
	t.tline.shown = t.tline.on && t.termHeight >= timelineMinHeight && h > timelineRows+2
	t.follow()
	if t.tline.shown {
		t.tline.count(t.list, w, t.clock.loc)
	}
	if key := (headerKey{strings.Join(t.colNames, ","), w, t.sourceWidth, t.typeWidth, t.nameWidth, t.manySources, t.timeMode, t.styles.dark, t.styles.glyphs}); key != t.headerKey || t.header == "" {
		t.headerKey, t.header = key, t.drawHeader()
	}
	if t.preview.shown = pane > 0; t.preview.shown {
		t.preview.follow(t.list, pane, h)
	}
}

// pageSize is the number of event rows on screen: the height but the
// header and the timeline.
func (t *eventTable) pageSize() int { return max(1, t.height-1-t.timelineHeight()) }

func (t *eventTable) timelineHeight() int {
	if t.tline.shown {
		return timelineRows
	}
	return 0
}

func (t *eventTable) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.MouseMsg:
		t.mouse(msg, true)
	case tea.KeyPressMsg:
		return t.key(msg)
	}
	return nil
}

func (t *eventTable) key(msg tea.KeyPressMsg) tea.Cmd {
	l, k := t.list, &t.keys
	if s, ok := t.opens(msg); ok {
		t.app.show(s)
		return nil
	}
	switch {
	case key.Matches(msg, k.Follow):
		return t.followStory(l.Selected())
	case key.Matches(msg, k.ClearQuery) && len(t.followed) > 0:
		prev := t.followed[len(t.followed)-1]
		t.followed = t.followed[:len(t.followed)-1]
		return t.app.setQuery(prev)
	case key.Matches(msg, k.ClearQuery):
		return t.app.setQuery(query.Query{})
	case key.Matches(msg, k.CopyJSON):
		return t.copyJSON(l.Selected())
	case key.Matches(msg, k.Command):
		return t.copyCommand()
	case key.Matches(msg, k.Sort):
		s := l.Sort()
		s.Key = (s.Key + 1) % (model.SortNone + 1)
		s.Desc = s.Key == model.SortCreated // newest first; types and messages A→Z, input order as it came
		l.SetSort(s)
	case key.Matches(msg, k.Reverse):
		s := l.Sort()
		s.Desc = !s.Desc
		l.SetSort(s)
	case key.Matches(msg, k.Detail):
		if l.Selected() != nil {
			t.app.show(stateDetail)
		}
	case key.Matches(msg, k.Open):
		return t.openPage(l.Selected())
	case key.Matches(msg, k.OpenRaw):
		return t.openLink(l.Selected(), 0)
	case key.Matches(msg, k.Copy):
		return t.copyLink(l.Selected())
	case key.Matches(msg, k.Export):
		return t.export()
	case key.Matches(msg, k.Refresh) && t.cfg.Deliveries != nil:
		if e := l.Selected(); e != nil {
			t.app.say(cells.SanitizeLine(t.cfg.Deliveries.Resend(e)))
		}
	case key.Matches(msg, k.Refresh):
		return t.app.refresh()
	case key.Matches(msg, k.Failures):
		if len(t.app.failures()) == 0 && len(t.app.notes()) == 0 {
			t.app.say("no failures")
			return nil
		}
		t.app.show(stateFailures)
	case key.Matches(msg, k.Time):
		t.timeMode = (t.timeMode + 1) % 3
	case key.Matches(msg, k.Preview):
		t.preview.toggle(t.app.say)
	case t.moveKey(msg): // the cursor has moved
	default:
		return t.timeKey(msg)
	}
	t.follow()
	return nil
}

// moveKey moves the cursor for the movement keys; it reports whether msg
// was one.
func (t *eventTable) moveKey(msg tea.KeyPressMsg) bool {
	l, g := t.list, t.global
	switch {
	case key.Matches(msg, g.Up):
		l.SetCursor(l.Cursor() - 1)
	case key.Matches(msg, g.Down):
		l.SetCursor(l.Cursor() + 1)
	case key.Matches(msg, g.PageUp):
		l.SetCursor(l.Cursor() - t.pageSize())
		t.top -= t.pageSize()
	case key.Matches(msg, g.PageDown):
		l.SetCursor(l.Cursor() + t.pageSize())
		t.top += t.pageSize()
	case key.Matches(msg, g.Top):
		l.SetCursor(0)
	case key.Matches(msg, g.Bottom):
		l.SetCursor(l.Len() - 1)
	default:
		return false
	}
	return true
}

// opens is the view a key of the table brings to the front: the query,
// a panel, the saved views, the prompt that saves one.
func (t *eventTable) opens(msg tea.KeyPressMsg) (state, bool) {
	k := &t.keys
	for _, o := range []struct {
		b key.Binding
		s state
	}{{k.Query, stateFilter}, {k.Types, stateTypes}, {k.Sources, stateSources}, {k.Columns, stateColumns},
		{k.Views, stateViews}, {k.SaveView, stateSaveView}} {
		if key.Matches(msg, o.b) {
			return o.s, true
		}
	}
	return "", false
}

// rowAt returns the view position of the event drawn on line y of the
// table, the header being line 0; ok is false for the header and for
// lines below the last row.
func (t *eventTable) rowAt(y int) (pos int, ok bool) {
	row := y - 1
	if row < 0 || row >= t.pageSize() {
		return 0, false
	}
	pos = t.top + row
	return pos, pos < t.list.Len()
}

// follow scrolls so that the cursor is on screen; call it after anything
// that may move the cursor or change the view.
func (t *eventTable) follow() {
	rows, cur := t.pageSize(), t.list.Cursor()
	t.top = max(0, min(t.top, t.list.Len()-rows))
	if cur < t.top {
		t.top = cur
	}
	if cur >= t.top+rows {
		t.top = cur - rows + 1
	}
}

// markSeen marks the rows on screen as seen: what was on screen when the
// user pressed a key has been seen, while events that arrive while they are
// away stay marked.
func (t *eventTable) markSeen() {
	if t.width > 0 {
		t.list.MarkSeenWindow(t.top, t.pageSize())
	}
}

func (t *eventTable) ShortHelp() []key.Binding {
	k, g := &t.keys, t.global
	// When something failed to load, E takes the place of o, which the
	// full help still lists: one more would push ? and q off a 100-column
	// line.
	linkOrFailures := k.Open
	if len(t.app.failures()) > 0 {
		linkOrFailures = k.Failures
	}
	return []key.Binding{k.Move, k.Query, k.Types, k.Sort, k.Detail, linkOrFailures, g.Help, g.Quit}
}

func (t *eventTable) FullHelp() [][]key.Binding {
	k, g := &t.keys, t.global
	return [][]key.Binding{
		{g.Up, g.Down, g.PageUp, g.PageDown, g.Top, g.Bottom, g.SelectText},
		{k.Query, k.Types, k.Sources, k.Sort, k.Reverse, k.Time, k.ClearQuery, k.Follow, k.Views, k.SaveView, k.Columns},
		{k.Detail, k.Preview, k.Open, k.OpenRaw, k.Copy, k.CopyJSON, k.Command, k.Export, k.Refresh, k.Failures, g.Help, g.Quit},
		{k.Timeline, k.ZoomIn, k.PrevBucket, k.Goto, k.Mark, k.NextMark, k.OnlyMarked},
	}
}

func (t *eventTable) emptyText() string {
	if t.list.Total() == 0 {
		return "no events"
	}
	return "no events match the query (esc clears it, / edits it, t picks types, c sources)"
}

// statusInfo is the size of the timeline's buckets, while it is shown.
func (t *eventTable) statusInfo() string {
	if t.tline.shown {
		return t.tline.status
	}
	return ""
}

// followStory narrows the view to the story of e's object (entity:ID); esc
// goes back to the query before.
func (t *eventTable) followStory(e *model.Event) tea.Cmd {
	id := model.ObjectID(e)
	if id == "" {
		t.app.say("nothing to follow: this event names no object")
		return nil
	}
	q, err := t.parse("entity:" + id)
	if err != nil {
		t.app.say("nothing to follow: " + cells.SanitizeLine(err.Error()))
		return nil
	}
	t.followed = append(t.followed, t.app.typedQuery())
	t.app.say("following " + id + " (esc goes back)")
	return t.app.setQuery(q)
}
