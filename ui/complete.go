package ui

import (
	"fmt"
	"strings"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

// Tab in the query line completes the word before the cursor: a field name
// (type:, status:, is:marked), or after type: and source: a type or a
// source present among the events, the item after the last comma. Tab
// again puts the next candidate in its place, shift+tab the one before.
// The candidates come from what the list keeps as events arrive (its
// distinct types and sources), so a tab costs no pass over the events.

// completion is the cycle tab goes through: the candidates for the word
// completed, and the line as the last tab left it, so that any other
// change to the line starts over.
type completion struct {
	line  string   // the line after the last completion
	at    int      // byte offset in line where the completed part starts
	cands []string // nil: no cycle under way
	i     int      // the candidate in place
}

// candidates are the completions of the word before the cursor, in
// order, and where the part they replace starts. A word with a field
// before its colon completes the item after the last comma.
func candidates(l *model.List, line string, cursor int) (cands []string, at int) {
	at = strings.LastIndexAny(line[:cursor], " \t") + 1
	if at < cursor && line[at] == '!' {
		at++
	}
	word := line[at:cursor]
	field, value, ok := strings.Cut(word, ":")
	var all []string
	switch field = strings.ToLower(field); {
	case ok && field == "type":
		all = l.Types()
	case ok && field == "source":
		for _, s := range l.Sources() {
			all = append(all, query.Pattern{Text: string(s)}.String())
		}
	default:
		return withPrefix(query.Words(), word), at
	}
	item := value[strings.LastIndex(value, ",")+1:]
	return withPrefix(all, item), cursor - len(item)
}

// withPrefix returns the words of all that start with prefix, in any case.
func withPrefix(all []string, prefix string) []string {
	var out []string
	for _, w := range all {
		if len(w) >= len(prefix) && strings.EqualFold(w[:len(prefix)], prefix) {
			out = append(out, w)
		}
	}
	return out
}

// complete puts the next (by 1) or previous (by -1) candidate in place of
// the word before the cursor, or the first when a new word is completed,
// and says what was done.
func (f *filterView) complete(by int) {
	line := f.input.Value()
	cursor := len(string([]rune(line)[:f.input.Position()]))
	c := &f.completion
	end := c.at
	if c.cands != nil {
		end += len(c.cands[c.i])
	}
	if c.cands == nil || line != c.line || cursor != end {
		cands, at := candidates(f.list, line, cursor)
		if len(cands) == 0 {
			f.completion = completion{}
			f.app.say("nothing to complete: no field, type or source starts with " + shown(line[at:cursor]))
			return
		}
		*c = completion{at: at, cands: cands, i: -1}
		if by < 0 {
			c.i = 0
		}
		end = cursor
	}
	c.i = (c.i + by + len(c.cands)) % len(c.cands)
	cand := c.cands[c.i]
	c.line = line[:c.at] + cand + line[end:]
	f.input.SetValue(c.line)
	f.input.SetCursor(len([]rune(line[:c.at] + cand)))
	if n := len(c.cands); n > 1 {
		f.app.say(fmt.Sprintf("%d of %d: tab for the next, shift+tab the one before", c.i+1, n))
	} else {
		// The only one: tab again completes what follows it, the value
		// of a field.
		f.completion = completion{}
	}
}
