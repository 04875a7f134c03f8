package ui

import (
	"bytes"
	"encoding/base64"
	"image/color"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// exclusiveWriter is a terminal that fails the test when two goroutines
// write to it at once.
type exclusiveWriter struct {
	t       *testing.T
	writing sync.Mutex // held while a write is under way
	mu      sync.Mutex // guards out
	out     bytes.Buffer
}

func (w *exclusiveWriter) Write(p []byte) (int, error) {
	if !w.writing.TryLock() {
		w.t.Error("two goroutines wrote to the terminal at once")
		return len(p), nil
	}
	defer w.writing.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.out.Write(p)
}

func (w *exclusiveWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.out.String()
}

// waitFor waits until the terminal has received want n times.
func (w *exclusiveWriter) waitFor(want string, n int) {
	w.t.Helper()
	for deadline := time.Now().Add(waitFor); strings.Count(w.String(), want) < n; {
		if time.Now().After(deadline) {
			w.t.Fatalf("the terminal never received %q %d times", want, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// osc52 is the sequence that puts text on the clipboard.
func osc52(text string) string { return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) }

// TestOnlyTheRendererWrites runs a session that copies with y, copies
// with o where no browser can start, scrolls and moves, with a terminal
// that fails on writes from two goroutines at once: the copies must reach
// the terminal, through the renderer, between its frames. Run it with
// -race.
func TestOnlyTheRendererWrites(t *testing.T) {
	w := &exclusiveWriter{t: t}
	cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, &opener{})
	cfg.Getenv, cfg.GOOS = envOf("SSH_TTY", "/dev/pts/3"), "linux"
	m := New(cfg)
	p := tea.NewProgram(m, tea.WithOutput(w), tea.WithInput(nil), tea.WithWindowSize(100, 30),
		tea.WithColorProfile(colorprofile.TrueColor), tea.WithoutSignals())
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	defer m.Close()

	w.waitFor("10 events", 1)
	p.Send(keyMsg("y"))
	w.waitFor(osc52("https://api.mollie.com/v2/payments/tr_9fLm2QwZkE"), 1)
	for range 3 {
		p.Send(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelDown})
		p.Send(keyMsg("j"))
		p.Send(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelUp})
	}
	for _, k := range []string{"g", "j", "j", "j", "o"} { // the subscription
		p.Send(keyMsg(k))
	}
	w.waitFor(osc52("https://www.mollie.com/dashboard/org_1/subscriptions/sub_rVKGtNd6s3"), 1)
	p.Send(keyMsg("enter"))
	for range 5 {
		p.Send(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelDown})
	}
	p.Send(keyMsg("y")) // the subscription's link again, from the detail view
	w.waitFor(osc52("https://www.mollie.com/dashboard/org_1/subscriptions/sub_rVKGtNd6s3"), 2)
	p.Send(keyMsg("q"))
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(waitFor):
		p.Kill()
		t.Fatal("the program did not end after q")
	}
	if got := strings.Count(w.String(), "\x1b]52;c;"); got != 3 {
		t.Errorf("%d copies reached the terminal, want 3", got)
	}
}

func TestPaletteFollowsTheBackground(t *testing.T) {
	m := New(testConfig(fakeSource{}, &opener{}))
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	init := m.Init()
	m.Close() // so that the command waiting for a panic in View returns
	var asks bool
	for _, c := range init().(tea.BatchMsg) {
		if msg := c(); msg == tea.RequestBackgroundColor() {
			asks = true
		}
	}
	if !asks {
		t.Error("Init does not ask the terminal for its background colour")
	}
	// The accent colour of each palette, as 24-bit SGR.
	const light, dark = "38;2;90;63;192", "38;2;183;166;255"
	tests := []struct {
		bg   color.Color
		want string
	}{
		{color.White, light},
		{color.Black, dark},
		{color.RGBA{R: 0xfd, G: 0xf6, B: 0xe3, A: 0xff}, light}, // solarized light
		{color.RGBA{R: 0x28, G: 0x2a, B: 0x36, A: 0xff}, dark},  // dracula
	}
	for _, tt := range tests {
		m.Update(tea.BackgroundColorMsg{Color: tt.bg})
		status := m.View().Content
		if !strings.Contains(status, tt.want) {
			t.Errorf("background %v: the screen is not drawn in %s:\n%q", tt.bg, tt.want, status)
		}
		other := map[string]string{light: dark, dark: light}[tt.want]
		if strings.Contains(status, other) {
			t.Errorf("background %v: the screen still uses %s", tt.bg, other)
		}
	}
	// Without colour the selection is still marked.
	m.Update(batchMsg{batch: fixtureBatches(t)[0]})
	if row := cursorRow(t, ansi.Strip(m.View().Content)); !strings.HasPrefix(row, " ▸ ") {
		t.Errorf("without colour the selected row %q has no ▸", row)
	}
}

func TestViewDeclaresTheTerminal(t *testing.T) {
	for _, noMouse := range []bool{false, true} {
		cfg := testConfig(fakeSource{}, &opener{})
		cfg.Title, cfg.NoMouse = "events.json\x1b]0;evil\a", noMouse
		v := New(cfg).View()
		if !v.AltScreen {
			t.Error("not in the alternate screen")
		}
		if want := map[bool]tea.MouseMode{false: tea.MouseModeCellMotion, true: tea.MouseModeNone}[noMouse]; v.MouseMode != want {
			t.Errorf("--no-mouse %v: mouse mode %v, want %v", noMouse, v.MouseMode, want)
		}
		if v.WindowTitle != "eventbrowser — events.json" {
			t.Errorf("window title %q: want the source, without its escape sequence", v.WindowTitle)
		}
	}
}
