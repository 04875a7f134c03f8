package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// TestEndToEndOutcomes: under NO_COLOR the outcome shows as a glyph before
// the type; the detail names the demo's types, with colours without the
// glyph (issue 23, item 20).
func TestEndToEndOutcomes(t *testing.T) {
	bin := buildBinary(t)
	t.Run("NO_COLOR", func(t *testing.T) {
		term := startTerminal(t, fmt.Sprintf("env NO_COLOR=1 TZ=UTC %q --demo -q type:222", bin))
		s := term.waitFor("27 of 360 events")
		if !regexp.MustCompile(`(?m)^ ▸  \S+ \S+  ✗ 222 `).MatchString(s) {
			t.Errorf("the failed payments do not show ✗ before their type:\n%s", s)
		}
		term.keys("Enter")
		term.waitFor("Type      ✗ 222 Payment failed")
	})
	t.Run("colours", func(t *testing.T) {
		term := startTerminal(t, fmt.Sprintf("env -u NO_COLOR TERM=xterm-256color TZ=UTC %q --demo -q type:221", bin))
		s := term.waitFor("53 of 360 events")
		if strings.Contains(s, "✓") {
			t.Errorf("with colours, the outcome is shown by a glyph too:\n%s", s)
		}
		term.keys("Enter")
		term.waitFor("Type      221 Payment paid")
	})
}

// TestEndToEndListingCount: a customer list of one page is counted
// without a + from the start, while its customers load (issue 23, item 15).
func TestEndToEndListingCount(t *testing.T) {
	bin := buildBinary(t)
	srv := molliefake.New(t, molliefake.WithIncludeEvents())
	srv.AddGenerated(30, 2, 1)
	srv.SetLatency(40e6) // 40 ms an answer: the load takes a while
	term := startTerminal(t, fmt.Sprintf("env MOLLIE_API_KEY=%q TZ=UTC %q --api-url %q --history events --all-customers --concurrency 2",
		srv.Key, bin, srv.URL))
	counts := regexp.MustCompile(`customers (\d+)/(\d+\+?)`)
	loading := term.waitUntil(func(screen []string) string {
		if m := counts.FindStringSubmatch(strings.Join(screen, "\n")); m == nil || m[1] == "30" {
			return "no count of customers while loading"
		}
		return ""
	})
	if m := counts.FindStringSubmatch(strings.Join(loading, "\n")); m[2] != "30" {
		t.Errorf("while loading, the count says %q, want %q: the list was one page", m[0], "customers "+m[1]+"/30")
	}
	term.waitFor("60 events")
}
