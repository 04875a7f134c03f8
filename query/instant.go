package query

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/timefmt"
)

// ParseInstant reads a --since or --until value: an RFC 3339 timestamp
// ("2024-03-20T09:00:00Z"), a date ("2024-03-20", midnight in loc), or a
// duration back from now ("36h", "90m", "7d").
func ParseInstant(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if t, err := timefmt.Parse(s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, nil
	}
	if d, err := parseAgo(s); err == nil {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time: want RFC 3339 (2024-03-20T09:00:00Z), a date (2024-03-20) or a duration back from now (36h, 7d)", s)
}

// parseAgo reads a non-negative duration; "d" (24h days) is accepted besides
// Go's units, alone or in front of them ("7d", "1d12h").
func parseAgo(s string) (time.Duration, error) {
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.ParseUint(s[:i], 10, 16)
		if err != nil {
			return 0, err
		}
		days, s = time.Duration(n)*24*time.Hour, s[i+1:]
		if s == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || days+d < days { // days+d < days: it overflowed
		return 0, fmt.Errorf("bad duration %q", s)
	}
	return days + d, nil
}
