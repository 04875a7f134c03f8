package source

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/eventbrowser/eventbrowser/model"
)

// A server's text in an error is a way out for the key: echoes of a few
// characters at a time, each too short to mask, add up to it across
// customers. So errors quote of a server only what a user needs (Mollie's
// title, detail and field, or an excerpt of a body that is not Mollie's),
// each short, at most maxQuotes different ones in a run, and none where
// the key's characters make up a suspicious share.
const (
	maxQuotes = 5
	// The most characters quoted of each text.
	titleLen, detailLen, fieldLen, excerptLen = 40, 100, 30, 120
)

// unquoted stands in for a server's text left out because the run has
// quoted maxQuotes others.
var unquoted = fmt.Sprintf("(the server's text is not shown: eventbrowser quotes at most %d per run)", maxQuotes)

// Quotes counts the server texts a run's errors quote. Every Mollie of a
// run should share one (see Mollie.Quotes).
type Quotes struct {
	mu    sync.Mutex
	shown map[string]bool
}

// NewQuotes is an empty count.
func NewQuotes() *Quotes { return &Quotes{shown: map[string]bool{}} }

// admit reports whether s may be quoted: quoted before, which tells
// nothing new, or counted now as one of the run's maxQuotes.
func (q *Quotes) admit(s string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.shown[s] {
		return true
	}
	if len(q.shown) >= maxQuotes {
		return false
	}
	q.shown[s] = true
	return true
}

// quotes is m.Quotes, or a count of m's own when it has none.
func (m *Mollie) quotes() *Quotes {
	m.quotesOnce.Do(func() {
		m.quoteCount = m.Quotes
		if m.quoteCount == nil {
			m.quoteCount = NewQuotes()
		}
	})
	return m.quoteCount
}

// quoteAPIError cuts e's texts from the server short, and withholds them
// or leaves them out as the key and the run's count say. Its title, detail
// and field are one quote.
func (m *Mollie) quoteAPIError(e *APIError) {
	e.Title, e.Detail, e.Field = clip(e.Title, titleLen), clip(e.Detail, detailLen), clip(e.Field, fieldLen)
	e.Body = m.quote(e.Body)
	all := e.Title + "\n" + e.Detail + "\n" + e.Field
	switch {
	case all == "\n\n":
	case m.suspicious(all):
		e.Title, e.Detail, e.Field = "", withheld, ""
	case !m.quotes().admit(all):
		e.Title, e.Detail, e.Field = "", unquoted, ""
	}
}

// clip is s cut to n characters, with an ellipsis if it was longer.
func clip(s string, n int) string {
	i := 0
	for range n {
		if i >= len(s) {
			return s
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	if i >= len(s) {
		return s
	}
	return s[:i] + "…"
}

// quote is s, an excerpt of a server's text, as an error may show it.
func (m *Mollie) quote(s string) string {
	switch {
	case s == "":
		return ""
	case m.suspicious(s):
		return withheld
	case !m.quotes().admit(s):
		return unquoted
	}
	return s
}

// quoteDecodeError is err, a decoder's error about what (a response),
// whose message quotes it: as it is, or with the quotes left out.
func (m *Mollie) quoteDecodeError(what string, err error) error {
	msg := err.Error()
	var de *model.DecodeError
	switch {
	case m.suspicious(msg):
		msg = withheld
	case m.quotes().admit(msg):
		return err
	default:
		msg = unquoted
	}
	if errors.As(err, &de) {
		msg = fmt.Sprintf("%s:%d: not events as Mollie sends them %s", de.File, de.Line, msg)
	} else {
		msg = fmt.Sprintf("%s: not events as Mollie sends them %s", what, msg)
	}
	return &redactedError{msg: msg, err: err}
}

// suspicious reports whether the key's secret makes up a suspicious share
// of s, once everything but letters and digits is taken out: a run of
// three or more of its characters, or runs of two that cover a fifth of
// s. Ordinary text seldom holds three characters of a random key in a
// row; an echo of the key holds little else.
func (m *Mollie) suspicious(s string) bool {
	secret := m.pieces().secret
	if secret == "" {
		return false
	}
	sq := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	covered := 0
	for i := 0; i+1 < len(sq); {
		n := 1
		for i+n < len(sq) && strings.Contains(secret, sq[i:i+n+1]) {
			n++
		}
		switch {
		case n >= 3:
			return true
		case n == 2:
			covered += 2
		}
		i += n
	}
	return covered >= 4 && 5*covered >= len(sq)
}
