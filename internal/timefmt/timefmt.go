// Package timefmt reads and writes times the way Mollie and the command
// line write them: RFC 3339 with any fraction and offset.
package timefmt

import (
	"fmt"
	"strings"
	"time"
)

// Parse parses an RFC 3339 timestamp with optional fractional seconds of
// any length and any offset, as Mollie writes them ("2024-03-20T09:13:37.0Z",
// "2022-01-03T13:42:04+00:00"). RFC 3339 allows a lower-case "t" and "z" too.
func Parse(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil && strings.ContainsAny(s, "tz") {
		if t2, err2 := time.Parse(time.RFC3339Nano, strings.ToUpper(s)); err2 == nil {
			t, err = t2, nil
		}
	}
	if err == nil && !offsetInRange(s) {
		// Go reads +24:00 and +00:60; RFC 3339 allows 00-23 hours and
		// 00-59 minutes.
		return time.Time{}, fmt.Errorf("%q has the UTC offset %s, outside ±23:59: not RFC 3339", s, s[len(s)-6:])
	}
	return t, err
}

// offsetInRange reports whether a timestamp's numeric UTC offset, if it
// ends in one (±hh:mm), is within RFC 3339's hours and minutes.
func offsetInRange(s string) bool {
	n := len(s)
	if n < 6 || s[n-6] != '+' && s[n-6] != '-' || s[n-3] != ':' {
		return true
	}
	h, m := (s[n-5]-'0')*10+s[n-4]-'0', (s[n-2]-'0')*10+s[n-1]-'0'
	return h <= 23 && m <= 59
}
