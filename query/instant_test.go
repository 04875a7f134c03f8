package query

import (
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/timefmt"
)

func TestParseInstant(t *testing.T) {
	// A zone that is neither UTC nor the machine's, so a date that came out
	// at UTC midnight or at local midnight would show.
	amsterdam := time.FixedZone("UTC+2", 2*3600)
	now := time.Date(2024, 3, 20, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		// RFC 3339, in any of the forms events are written in.
		{"2024-03-20T09:00:00Z", time.Date(2024, 3, 20, 9, 0, 0, 0, time.UTC)},
		{"2024-03-20T09:13:37.0Z", time.Date(2024, 3, 20, 9, 13, 37, 0, time.UTC)},
		{"2024-05-14T01:29:09.283Z", time.Date(2024, 5, 14, 1, 29, 9, 283_000_000, time.UTC)},
		{"2022-01-03T13:42:04+00:00", time.Date(2022, 1, 3, 13, 42, 4, 0, time.UTC)},
		{"2024-05-22T15:11:19+02:00", time.Date(2024, 5, 22, 13, 11, 19, 0, time.UTC)},
		{"2024-05-22T15:11:19-05:30", time.Date(2024, 5, 22, 20, 41, 19, 0, time.UTC)},
		{"2024-03-20t09:00:00z", time.Date(2024, 3, 20, 9, 0, 0, 0, time.UTC)},
		// A date is midnight where the user is.
		{"2024-03-20", time.Date(2024, 3, 19, 22, 0, 0, 0, time.UTC)},
		{"2024-01-01", time.Date(2023, 12, 31, 22, 0, 0, 0, time.UTC)},
		{"2024-02-29", time.Date(2024, 2, 28, 22, 0, 0, 0, time.UTC)},
		// A duration is that long before now.
		{"36h", now.Add(-36 * time.Hour)},
		{"90m", now.Add(-90 * time.Minute)},
		{"7d", now.Add(-7 * 24 * time.Hour)},
		{"1d12h", now.Add(-36 * time.Hour)},
		{"2d30m", now.Add(-(48*time.Hour + 30*time.Minute))},
		{"1h30m", now.Add(-90 * time.Minute)},
		{"0s", now},
		{"0d", now},
		{"1.5h", now.Add(-90 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseInstant(tt.in, now, amsterdam)
			if err != nil {
				t.Fatalf("ParseInstant(%q): %v", tt.in, err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseInstant(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseInstantDateInLocation(t *testing.T) {
	for _, loc := range []*time.Location{time.UTC, time.FixedZone("UTC-5", -5*3600), time.FixedZone("UTC+13:45", 13*3600+45*60)} {
		got, err := ParseInstant("2024-03-20", time.Now(), loc)
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2024, 3, 20, 0, 0, 0, 0, loc); !got.Equal(want) {
			t.Errorf("in %v: %v, want %v", loc, got, want)
		}
	}
}

func TestParseInstantErrors(t *testing.T) {
	now := time.Date(2024, 3, 20, 9, 30, 0, 0, time.UTC)
	for _, in := range []string{
		"",
		" ",
		"yesterday",
		"today",
		"now",
		"-5h",
		"-1d",
		"7d-5h",
		"7x",
		"7",
		"d",
		"d5h",
		"1.5d",
		"7dd",
		"2024-13-01",
		"2024-02-30",
		"2024-3-20",
		"20240320",
		"2024-03-20T09:00:00",     // no offset
		"2024-03-20 09:00:00Z",    // a space for the T
		"2024-03-20T25:00:00Z",    // no such hour
		"2024-03-20T09:00:00+2",   // a short offset
		"99999999999999999999d",   // more days than fit
		"65535d2562047h",          // more than a time.Duration holds
		"2024-03-20T09:00:00Z 1h", // two values
	} {
		t.Run(in, func(t *testing.T) {
			got, err := ParseInstant(in, now, time.UTC)
			if err == nil {
				t.Fatalf("ParseInstant(%q) = %v, want an error", in, got)
			}
			msg := err.Error()
			for _, want := range []string{"RFC 3339", "2024-03-20", "36h"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not show the forms (%s)", msg, want)
				}
			}
		})
	}
}

// FuzzParseInstant checks that any --since/--until value either fails with a
// message safe for a terminal or gives an instant that reads back the same
// when written as RFC 3339, and that a timestamp ParseTime (the decoder's
// createdAt parser) accepts means that same instant.
func FuzzParseInstant(f *testing.F) {
	f.Add("2024-03-20T09:13:37.0Z")
	now := time.Date(2024, 3, 20, 9, 30, 0, 0, time.UTC)
	zone := time.FixedZone("UTC+2", 2*3600)
	f.Fuzz(func(t *testing.T, s string) {
		pt, perr := timefmt.Parse(s)
		got, err := ParseInstant(s, now, zone)
		if err != nil {
			if msg := err.Error(); cells.SanitizeLine(msg) != msg {
				t.Fatalf("ParseInstant(%q) error %q holds controls", s, msg)
			}
			if perr == nil {
				t.Fatalf("ParseTime(%q) = %v, but ParseInstant fails: %v", s, pt, err)
			}
			return
		}
		if perr == nil {
			if !pt.Equal(got) {
				t.Fatalf("ParseTime(%q) = %v, ParseInstant = %v", s, pt, got)
			}
			if back, err := timefmt.Parse(pt.Format(time.RFC3339Nano)); err != nil || !back.Equal(pt) {
				t.Fatalf("ParseTime(%q) = %v, which does not read back: %v, %v", s, pt, back, err)
			}
		}
		if back, err := ParseInstant(got.Format(time.RFC3339Nano), now, zone); err != nil || !back.Equal(got) {
			t.Fatalf("ParseInstant(%q) = %v, which does not read back: %v, %v", s, got, back, err)
		}
	})
}
