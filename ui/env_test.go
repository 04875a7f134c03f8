package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestNoBrowser(t *testing.T) {
	const (
		ssh       = "no browser over SSH"
		noDisplay = "no display for a browser"
	)
	tests := []struct {
		name string
		goos string
		env  []string
		want string
	}{
		{"linux desktop", "linux", []string{"DISPLAY", ":0"}, ""},
		{"linux wayland", "linux", []string{"WAYLAND_DISPLAY", "wayland-0"}, ""},
		{"linux console", "linux", nil, noDisplay},
		{"freebsd console", "freebsd", nil, noDisplay},
		{"linux console with BROWSER", "linux", []string{"BROWSER", "w3m"}, ""},
		{"WSL", "linux", []string{"WSL_DISTRO_NAME", "Ubuntu"}, ""},
		{"ssh into linux", "linux", []string{"SSH_TTY", "/dev/pts/3"}, ssh},
		{"ssh with X forwarding", "linux", []string{"SSH_TTY", "/dev/pts/3", "DISPLAY", "localhost:10.0"}, ssh},
		{"ssh into a mac", "darwin", []string{"SSH_TTY", "/dev/ttys001"}, ssh},
		{"ssh with BROWSER", "linux", []string{"SSH_TTY", "/dev/pts/3", "BROWSER", "lynx"}, ""},
		{"mac", "darwin", nil, ""},
		{"windows", "windows", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := noBrowser(envOf(tt.env...), tt.goos); got != tt.want {
				t.Errorf("noBrowser(%q, %s) = %q, want %q", tt.env, tt.goos, got, tt.want)
			}
		})
	}
}

func TestHyperlinksFollowTERM(t *testing.T) {
	for term, want := range map[string]bool{"xterm-256color": true, "tmux-256color": true, "screen": true, "dumb": false, "": false} {
		if got := hyperlinks(envOf("TERM", term)); got != want {
			t.Errorf("TERM=%q: hyperlinks = %v, want %v", term, got, want)
		}
	}
}

// newHeadless is the fixture loaded in an environment without a browser.
func newHeadless(t *testing.T, goos string, env ...string) *harness {
	t.Helper()
	hs := &harness{open: &opener{}}
	cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, hs.open)
	cfg.Getenv, cfg.GOOS = envOf(env...), goos
	hs.m = New(cfg)
	t.Cleanup(hs.m.Close)
	hs.m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	loadEvents(t, hs.m)
	hs.m.List().SetCursor(0)
	return hs
}

func TestOpenWithoutBrowserCopiesTheURL(t *testing.T) {
	tests := []struct {
		name string
		goos string
		env  []string
		keys []string
		why  string
	}{
		{"ssh, o in table", "linux", []string{"SSH_TTY", "/dev/pts/3"}, []string{"o"}, "no browser over SSH"},
		{"ssh, 2 in detail", "darwin", []string{"SSH_TTY", "/dev/ttys001"}, []string{"enter", "2"}, "no browser over SSH"},
		{"linux console", "linux", nil, []string{"o"}, "no display for a browser"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHeadless(t, tt.goos, tt.env...)
			href := hrefPaid
			if tt.keys[len(tt.keys)-1] == "2" {
				href = hrefCheckout
			}
			cmd := hs.press(tt.keys...)
			if want := tt.why + ": copied " + href + " (OSC 52)"; !strings.Contains(hs.status(), want) {
				t.Errorf("status %q does not say %q", hs.status(), want)
			}
			if text, ok := copied(cmd); !ok || text != href {
				t.Errorf("the command copies %q (%v), want %q through the renderer", text, ok, href)
			}
			if len(hs.open.urls) > 0 {
				t.Errorf("started a browser with %q", hs.open.urls)
			}
		})
	}
	t.Run("javascript: is neither opened nor copied", func(t *testing.T) {
		hs := newHeadless(t, "linux", "SSH_TTY", "/dev/pts/3")
		hs.at(posRefundJS)
		if cmd := hs.press("o"); cmd != nil {
			t.Errorf("returned a command (%T)", cmd())
		}
		if !strings.Contains(hs.status(), "not opened: javascript: links are not opened") {
			t.Errorf("status %q does not say why", hs.status())
		}
	})
	t.Run("BROWSER over ssh is started", func(t *testing.T) {
		hs := newHeadless(t, "linux", "SSH_TTY", "/dev/pts/3", "BROWSER", "lynx")
		msg := hs.press("o")()
		if _, ok := msg.(linkOpenedMsg); !ok {
			t.Errorf("o ran %T; want the browser started", msg)
		}
		if len(hs.open.urls) != 1 {
			t.Errorf("opened %q; want the browser started", hs.open.urls)
		}
	})
}

func TestBrowserCommand(t *testing.T) {
	const url = "https://api.mollie.com/v2/payments/tr_1?a=1&b=2"
	tests := []struct {
		env  string
		want []string
		err  string
	}{
		{"firefox", []string{"firefox", url}, ""},
		{"  firefox   --new-tab ", []string{"firefox", "--new-tab", url}, ""},
		{"firefox %s", []string{"firefox", url}, ""},
		{"open -a Safari --args=%s", []string{"open", "-a", "Safari", "--args=" + url}, ""},
		{`"/path/with space/open.sh"`, []string{"/path/with space/open.sh", url}, ""},
		{`'/path/with space/open.sh' --flag`, []string{"/path/with space/open.sh", "--flag", url}, ""},
		{`/path/with\ space/open.sh`, []string{"/path/with space/open.sh", url}, ""},
		{`sh -c 'echo "$1"' x`, []string{"sh", "-c", `echo "$1"`, "x", url}, ""},
		{`"a\"b"`, []string{`a"b`, url}, ""},
		{`"unclosed`, nil, `unclosed " quote`},
		{`'unclosed`, nil, "unclosed ' quote"},
		{`""`, []string{"", url}, ""},
	}
	for _, tt := range tests {
		got, err := browserCommand(tt.env, url)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("browserCommand(%q): %v, want an error saying %q", tt.env, err, tt.err)
		case tt.err == "" && (err != nil || !slices.Equal(got, tt.want)):
			t.Errorf("browserCommand(%q) = %q, %v; want %q", tt.env, got, err, tt.want)
		}
	}
}
