package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/eventbrowser/eventbrowser/query"
)

// What the table and the detail view both do with an event's links and
// with the view.

// linkKeys are the keys of an event's links, in the table and the detail
// view alike.
type linkKeys struct{ Open, OpenRaw, Copy key.Binding }

func newLinkKeys() linkKeys {
	return linkKeys{
		Open:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open link")),
		OpenRaw: key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "open raw link")),
		Copy:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy link")),
	}
}

// openLink opens link i of e, if e has one that is safe to open. Where no
// browser can start, the URL is shown and copied instead, for a browser
// elsewhere.
func (c *common) openLink(e *model.Event, i int) tea.Cmd {
	switch {
	case e == nil:
		c.app.say("no event selected")
		return nil
	case i >= len(e.Links):
		if len(e.Links) == 0 {
			c.app.say("this event has no links")
		} else {
			c.app.say(fmt.Sprintf("this event has %d link(s), not %d", len(e.Links), i+1))
		}
		return nil
	}
	return c.openHref(e.Links[i].Href)
}

// openPage opens the page a person can read for e's first link: the
// dashboard page of the object it links to, once the fetched resource has
// given it, else the link itself.
func (c *common) openPage(e *model.Event) tea.Cmd {
	if e != nil && len(e.Links) > 0 {
		if x := c.res.entries[c.res.urls(e)[0]]; x != nil && x.done && x.res.Dashboard != "" {
			return c.openHref(x.res.Dashboard)
		}
	}
	return c.openLink(e, 0)
}

// openHref opens href, if it is safe to open, or copies it where no
// browser can start.
func (c *common) openHref(href string) tea.Cmd {
	if err := cells.CheckURL(href); err != nil {
		c.app.say("not opened: " + err.Error())
		return nil
	}
	if c.noBrowser != "" {
		c.app.say(c.noBrowser + ": copied " + shown(href) + " (OSC 52)")
		return tea.SetClipboard(cells.SanitizeLine(href))
	}
	c.app.say("opening " + shown(href) + " …")
	return openLinkCmd(c.cfg.Open, href)
}

// copyLink puts e's first link on the clipboard with OSC 52, which works
// over SSH and in most terminals. Bubble Tea's renderer writes it, between
// two frames: nothing else ever writes to the terminal.
func (c *common) copyLink(e *model.Event) tea.Cmd {
	if e == nil || e.URL() == "" {
		c.app.say("nothing to copy: this event has no links")
		return nil
	}
	href := cells.SanitizeLine(e.URL())
	c.app.say("copied " + shown(href) + " (OSC 52)")
	return tea.SetClipboard(href)
}

// export writes the view, filtered and sorted, to a file. The events are
// gathered here, since the list may change while the file is written; the
// events themselves never change once loaded.
func (c *common) export() tea.Cmd {
	events := slices.Collect(c.list.All())
	if len(events) == 0 {
		c.app.say("nothing to export: the view shows no events")
		return nil
	}
	c.app.say("exporting…")
	return exportCmd(c.cfg.ExportDir, c.clock.now().In(c.clock.loc), events, c.jsonOptions())
}

// eventsAsRead holds webhook events as they were read (source.Held).
type eventsAsRead interface {
	Event(id, entityID string) ([]byte, bool)
}

// jsonOptions are how Y and e write events, as --output json does: with
// "source" when there are several, and webhook events as they were read
// where the events' resources are held with them (source.Held.Event).
func (c *common) jsonOptions() output.Options {
	o := output.Options{WithSource: len(c.list.Sources()) > 1}
	if held, ok := c.cfg.Resources.(eventsAsRead); ok {
		o.Raw = func(e *model.Event) []byte {
			if e.ID == "" {
				return nil
			}
			raw, _ := held.Event(e.ID, e.EntityID)
			return raw
		}
	}
	return o
}

// shown is untrusted text (a URL) made fit for the status line: sanitized,
// and cut to more than a status line can show, however long it is.
func shown(s string) string { return cells.SanitizeLine(cells.ClipWidth(s, 1000)) }

// position says where the selected event is, "12 of 340".
func position(l *model.List) string {
	return fmt.Sprintf("%s of %s", model.Thousands(l.Cursor()+1), model.Thousands(l.Len()))
}

// copyJSON copies e as --output json writes it: its wire shape, a webhook
// event as it was read.
func (c *common) copyJSON(e *model.Event) tea.Cmd {
	if e == nil {
		c.app.say("no event selected")
		return nil
	}
	c.app.say("copied the event as JSON (OSC 52)")
	return tea.SetClipboard(string(c.jsonOptions().AppendEvent(nil, e)))
}

// copyCommand copies a shell command that prints the view: the query as
// the user wrote it (since:30d stays relative), the sort, and the sources
// the program was started with, each quoted for a POSIX shell. The status
// line says so rather than show a command it would have to cut.
func (c *common) copyCommand() tea.Cmd {
	cmd, dropped := c.command()
	say := fmt.Sprintf("copied a command that prints this view (OSC 52, %d characters)", len(cmd))
	if len(dropped) > 0 {
		say = fmt.Sprintf("copied a command that prints this view but for %s, which a new run has no events for (OSC 52, %d characters)",
			strings.Join(dropped, " "), len(cmd))
	}
	c.app.say(say)
	return tea.SetClipboard(cmd)
}

// command is the shell command that prints the view, exactly: every
// word quoted for the shell, whatever bytes it holds (the clipboard gets
// it as base64, never the terminal). is:marked and is:new are left out,
// since a new run has no marks and nothing new: dropped says which were.
func (c *common) command() (cmd string, dropped []string) {
	words := []string{"eventbrowser"}
	q := c.list.Query()
	for _, t := range q.Terms() {
		if t.Field == query.FieldIs {
			dropped = append(dropped, t.Raw)
		}
	}
	if q = q.Without(query.FieldIs); !q.IsZero() {
		words = append(words, "--query", cells.ShellQuote(q.Text()))
	}
	words = append(words, "--sort", cells.ShellQuote(c.list.Sort().String()))
	if cols := c.app.table().printColumns(); cols != "" {
		words = append(words, "--columns", cols)
	}
	for _, a := range c.cfg.Command {
		words = append(words, cells.ShellQuote(a))
	}
	return strings.Join(words, " "), dropped
}

// canHyperlink reports whether href may be made a terminal hyperlink
// (OSC 8): a URL CheckURL allows, written in printable ASCII without
// spaces, so that nothing in it can end the escape sequence early or start
// one of its own.
func canHyperlink(href string) bool {
	if href == "" || cells.CheckURL(href) != nil {
		return false
	}
	for i := 0; i < len(href); i++ {
		if c := href[i]; c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}
