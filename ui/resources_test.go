package ui

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/source"
)

// fakeFetcher answers from bodies, or with errs, and counts the fetches of
// each URL.
type fakeFetcher struct {
	bodies map[string]string
	errs   map[string]error
	mu     sync.Mutex
	calls  map[string]int
}

func (f *fakeFetcher) Fetch(ctx context.Context, url string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[url]++
	if err := f.errs[url]; err != nil {
		return nil, err
	}
	if b, ok := f.bodies[url]; ok {
		return []byte(b), nil
	}
	return nil, &source.ResourceError{Kind: source.ResourceKind(url), APIError: &source.APIError{Status: http.StatusNotFound}}
}

// total counts the fetches of every URL.
func (f *fakeFetcher) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		n += c
	}
	return n
}

func (f *fakeFetcher) count(url string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[url]
}

const failedPayment = `{"resource":"payment","id":"tr_9fLm2QwZkE","status":"failed","amount":{"currency":"EUR","value":"49.95"},
	"method":"creditcard","details":{"failureReason":"authentication_failed","failureMessage":"3-D Secure \u001b[31mfailed"}}`

// newResourceHarness is the fixture with f fetching what events link to.
func newResourceHarness(t *testing.T, f source.Fetcher, expand bool) *harness {
	t.Helper()
	hs := &harness{open: &opener{}}
	cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, hs.open)
	cfg.Resources, cfg.Expand = f, expand
	hs.m = New(cfg)
	t.Cleanup(hs.m.Close)
	hs.m.Update(tea.WindowSizeMsg{Width: 100, Height: 40})
	loadEvents(t, hs.m)
	hs.m.List().SetCursor(0)
	return hs
}

// deliver runs cmd, and the commands of its batches, and hands the
// resources they fetch to the model, until n have arrived.
func (hs *harness) deliver(t *testing.T, cmd tea.Cmd, n int) {
	t.Helper()
	msgs := make(chan tea.Msg, 64)
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c != nil {
			go func() { msgs <- c() }()
		}
	}
	run(cmd)
	for timeout := time.After(waitFor); n > 0; {
		select {
		case msg := <-msgs:
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					run(c)
				}
			case resourceMsg:
				n--
				_, c := hs.m.Update(msg)
				run(c)
			case previewRestMsg:
				_, c := hs.m.Update(msg)
				run(c)
			}
		case <-timeout:
			t.Fatalf("%d resources never arrived", n)
		}
	}
}

func TestDetailShowsTheLinkedResource(t *testing.T) {
	f := &fakeFetcher{bodies: map[string]string{hrefPaid: failedPayment}}
	hs := newResourceHarness(t, f, false)
	cmd := hs.press("enter")
	if v := hs.view(); !strings.Contains(v, "1  fetching "+hrefPaid+" …") || !strings.Contains(hs.status(), "fetching 1 linked") {
		t.Errorf("while fetching, the view does not say so:\n%s", v)
	}
	hs.deliver(t, cmd, 1)
	v := hs.view()
	for _, want := range []string{"1  payment tr_9fLm2QwZkE  " + hrefPaid, "   Status        failed", "   Amount        EUR 49.95",
		"   Failure       authentication_failed", "   Failure text  3-D Secure failed", "2  not fetched: not a Mollie API resource"} {
		if !strings.Contains(v, want) {
			t.Errorf("the detail view lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(hs.status(), "fetching") {
		t.Errorf("status %q still says fetching", hs.status())
	}
	// Cached: the same event again, or another linking to it, fetches nothing.
	hs.press("esc")
	if cmd := hs.press("enter"); cmd != nil {
		hs.deliver(t, cmd, 0)
	}
	if n := f.count(hrefPaid); n != 1 {
		t.Errorf("%d fetches of %s, want 1", n, hrefPaid)
	}
	hs.press("J")
	if v := hs.view(); !strings.Contains(v, "Resource "+hrefPaid+" · raw JSON") || !strings.Contains(v, `"failureReason": "authentication_failed"`) {
		t.Errorf("J does not show the resource's JSON:\n%s", v)
	}
	if v := hs.view(); !strings.Contains(v, `"3-D Secure \u001b[31mfailed"`) {
		t.Errorf("the raw JSON does not keep the escape as JSON writes it:\n%s", v)
	}
}

func TestDetailResourceErrors(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"gone", &source.ResourceError{Kind: "payment", APIError: &source.APIError{Status: 404}}, "gone (404)"},
		{"no permission", &source.ResourceError{Kind: "payment", APIError: &source.APIError{Status: 403, KeyPrefix: "access_…"}},
			"the API key (access_…) may not read this payment: it lacks payments.read (HTTP 403)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newResourceHarness(t, &fakeFetcher{errs: map[string]error{hrefPaid: tt.err}}, false)
			hs.deliver(t, hs.press("enter"), 1)
			if v := strings.Join(strings.Fields(hs.view()), " "); !strings.Contains(v, "1 payment "+hrefPaid+" "+tt.want) {
				t.Errorf("the detail view does not say %q:\n%s", tt.want, v)
			}
		})
	}
	t.Run("no key", func(t *testing.T) {
		hs := newResourceHarness(t, nil, false)
		hs.press("enter")
		if v := hs.view(); !strings.Contains(v, "1  set MOLLIE_API_KEY to fetch this payment") {
			t.Errorf("without a key the view does not say what to do:\n%s", v)
		}
	})
}

func TestExpandFillsTheStatusColumn(t *testing.T) {
	f := &fakeFetcher{bodies: map[string]string{hrefPaid: failedPayment}}
	hs := newResourceHarness(t, f, true)
	header := strings.SplitN(hs.view(), "\n", 2)[0]
	if !strings.HasSuffix(strings.TrimRight(header, " "), "STATUS") {
		t.Fatalf("with --expand the header has no STATUS: %q", header)
	}
	// The rows on screen were fetched as they arrived, once each.
	if row := strings.Split(hs.view(), "\n")[1]; !strings.HasSuffix(strings.TrimRight(row, " "), "failed") {
		t.Errorf("the first row's status is not shown: %q", row)
	}
	if n := f.count(hrefPaid); n != 1 {
		t.Errorf("%d fetches of %s, want 1", n, hrefPaid)
	}
}

// o opens the dashboard page of what an event links to once its resource
// has given one, not the API URL a browser gets a 401 from; O opens the
// link as it is (issue 23, item 19).
func TestOpenPrefersTheDashboardPage(t *testing.T) {
	const dashboard = "https://my.mollie.com/dashboard/org_1/payments/tr_9fLm2QwZkE"
	body := strings.TrimSuffix(failedPayment, "}") + `,"_links":{"dashboard":{"href":"` + dashboard + `","type":"text/html"}}}`
	f := &fakeFetcher{bodies: map[string]string{hrefPaid: body}}
	hs := newResourceHarness(t, f, false)
	run := func(key string) {
		if cmd := hs.press(key); cmd != nil {
			cmd()
		}
	}
	run("o") // nothing fetched yet: the link itself
	hs.deliver(t, hs.press("enter"), 1)
	run("o")
	run("O")
	if want := []string{hrefPaid, dashboard, hrefPaid}; !slices.Equal(hs.open.urls, want) {
		t.Errorf("o, then o and O once the resource came, opened %q, want %q", hs.open.urls, want)
	}
}
