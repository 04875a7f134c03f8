package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Filter selects the events the list shows: those that pass every field.
// The zero value shows all. Query is the whole language; the other fields
// are older shorthands for some of its terms.
type Filter struct {
	Types map[int]bool // only these types; empty means all
	Text  string       // case-insensitive substring of the message; a leading ! negates
	Since time.Time    // inclusive; zero means unbounded
	Until time.Time    // exclusive; zero means unbounded
	Query Query        // every term must hold too
}

// IsZero reports whether the filter shows every event because it has no
// condition (a query of only spaces has none).
func (f Filter) IsZero() bool {
	return !f.selectsTypes() && (f.Text == "" || f.Text == "!") && f.Since.IsZero() && f.Until.IsZero() && f.Query.IsZero()
}

// textMatcher returns a function telling whether a message matches f.Text.
func (f Filter) textMatcher() func(string) bool {
	q, neg := strings.CutPrefix(f.Text, "!")
	if q == "" {
		return func(string) bool { return true }
	}
	q = strings.ToLower(q)
	return func(s string) bool { return containsFold(s, q) != neg }
}

// selectsTypes reports whether the filter limits types. Like TypeList, it
// counts only true entries: {200: false} selects nothing, so it shows all.
func (f Filter) selectsTypes() bool {
	for _, on := range f.Types {
		if on {
			return true
		}
	}
	return false
}

// TypeList returns the selected types in ascending order.
func (f Filter) TypeList() []int {
	types := make([]int, 0, len(f.Types))
	for t, on := range f.Types {
		if on {
			types = append(types, t)
		}
	}
	slices.Sort(types)
	return types
}

// containsFold reports whether s contains lowerSub, ignoring case. lowerSub
// must already be lower case. ASCII text, the common case, is compared
// without allocating.
func containsFold(s, lowerSub string) bool {
	if !isASCII(s) || !isASCII(lowerSub) {
		return strings.Contains(strings.ToLower(s), lowerSub)
	}
	n := len(lowerSub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for j < n && lowerASCII(s[i+j]) == lowerSub[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// bounds is the time range as Unix nanoseconds, [since, until).
func (f Filter) bounds() (since, until int64) {
	since, until = -1<<63, 1<<63-1
	if !f.Since.IsZero() {
		since = clampNanos(f.Since)
	}
	if !f.Until.IsZero() {
		until = clampNanos(f.Until)
	}
	return since, until
}

// ParseTypes reads a comma-separated list of event types, "200,300".
func ParseTypes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.ParseInt(f, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("bad type %q: want integers separated by commas, like 200,300", f)
		}
		out = append(out, int(n))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no types in %q: want integers separated by commas, like 200,300", s)
	}
	return out, nil
}
