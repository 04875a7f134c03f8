package ui

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
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
	hs := &harness{open: &opener{}, clip: &bytes.Buffer{}}
	cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, hs.open, hs.clip)
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
			// The URL shows at once, before the copy is done.
			if want := tt.why + ": " + href; !strings.Contains(hs.status(), want) {
				t.Errorf("status %q does not say %q", hs.status(), want)
			}
			if cmd == nil {
				t.Fatal("returned no command")
			}
			msg := cmd()
			if len(hs.open.urls) > 0 {
				t.Errorf("started a browser with %q", hs.open.urls)
			}
			body, ok := strings.CutPrefix(hs.clip.String(), "\x1b]52;c;")
			text, _ := base64.StdEncoding.DecodeString(strings.TrimSuffix(body, "\a"))
			if !ok || string(text) != href {
				t.Errorf("clipboard got %q, want an OSC 52 sequence of %q", hs.clip.String(), href)
			}
			hs.m.Update(msg)
			if want := tt.why + ": copied " + href + " (OSC 52)"; !strings.Contains(hs.status(), want) {
				t.Errorf("status %q does not say %q", hs.status(), want)
			}
		})
	}
	t.Run("javascript: is neither opened nor copied", func(t *testing.T) {
		hs := newHeadless(t, "linux", "SSH_TTY", "/dev/pts/3")
		hs.at(posRefundJS)
		if cmd := hs.press("o"); cmd != nil {
			t.Errorf("returned a command (%T)", cmd())
		}
		if !strings.Contains(hs.status(), "not opened: javascript: links are not opened") || hs.clip.Len() > 0 {
			t.Errorf("status %q, clipboard %q", hs.status(), hs.clip.String())
		}
	})
	t.Run("a failed copy still shows the URL", func(t *testing.T) {
		hs := newHeadless(t, "linux", "SSH_TTY", "/dev/pts/3")
		hs.m.Update(copiedMsg{text: hrefPaid, err: errors.New("broken pipe"), why: "no browser over SSH"})
		if want := "no browser over SSH: " + hrefPaid + " (could not copy it: broken pipe)"; !strings.Contains(hs.status(), want) {
			t.Errorf("status %q does not say %q", hs.status(), want)
		}
	})
	t.Run("BROWSER over ssh is started", func(t *testing.T) {
		hs := newHeadless(t, "linux", "SSH_TTY", "/dev/pts/3", "BROWSER", "lynx")
		hs.m.Update(hs.press("o")())
		if len(hs.open.urls) != 1 || hs.clip.Len() > 0 {
			t.Errorf("opened %q, copied %q; want the browser started", hs.open.urls, hs.clip.String())
		}
	})
}
