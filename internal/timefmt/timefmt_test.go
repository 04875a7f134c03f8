package timefmt

import "testing"

func TestParseErrors(t *testing.T) {
	for _, s := range []string{
		"",
		"yesterday",
		"2024-03-20",
		"2024-03-20T09:13:37",       // no offset
		"2024-03-20 09:13:37Z",      // space
		"2024-03-20T09:13Z",         // no seconds
		"2024-13-20T09:13:37Z",      // month 13
		"2024-03-20T25:13:37Z",      // hour 25
		"2024-03-20T09:13:37+0200",  // offset without colon
		"2024-03-20T09:13:37+24:00", // offset hours past 23
		"2024-03-20T09:13:37-24:00",
		"2024-03-20T09:13:37+00:60", // offset minutes past 59
		"2024-03-20T09:13:37.5+99:99",
		" 2024-03-20T09:13:37Z",
		"2024-03-20T09:13:37Zjunk",
		"1710926017",
	} {
		if got, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) = %v, want an error", s, got)
		}
	}
}
