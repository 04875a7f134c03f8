package timefmt

import (
	"testing"
	"time"
)

func TestSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", time.Millisecond: "1ms", 5 * time.Second: "5s", time.Minute: "1m", 90 * time.Second: "1m 30s",
		time.Hour: "1h", 90 * time.Minute: "1h 30m", time.Hour + time.Second: "1h",
		10*time.Hour + 30*time.Minute: "10h 30m", (18*24+9)*time.Hour + 5*time.Minute: "18d 9h", 48 * time.Hour: "2d",
	} {
		if got := Span(d); got != want {
			t.Errorf("Span(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestAgo(t *testing.T) {
	now := time.Date(2024, 6, 10, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s ago"},
		{59 * time.Second, "59s ago"},
		{90 * time.Second, "1m ago"},
		{3 * time.Hour, "3h ago"},
		{47 * time.Hour, "47h ago"},
		{72 * time.Hour, "3d ago"},
		{90 * 24 * time.Hour, "3mo ago"},
		{3 * 365 * 24 * time.Hour, "3y ago"},
		{-2 * time.Hour, "2h from now"},
	}
	for _, tt := range tests {
		if got := Ago(now, now.Add(-tt.d)); got != tt.want {
			t.Errorf("Ago(now, now-%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
