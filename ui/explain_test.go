package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/source"
)

// TestConfigExplain: the errors of loads are shown in the words
// Config.Explain gives them, as the command writes them on stderr.
func TestConfigExplain(t *testing.T) {
	boom := errors.New("customer cst_x: api.test did not answer within 30s")
	cfg := testConfig(fakeSource{}, &opener{})
	cfg.Explain = func(err error) string { return err.Error() + " (--timeout)" }
	m := New(cfg)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	m.Update(batchMsg{batch: source.Batch{Chunks: chunks(genEvents(5)...), Failures: []source.Failure{{Source: "cst_x", Err: boom}}}})
	m.Update(loadDoneMsg{})
	failView := viewIn[*failuresView](m, stateFailures)
	failView.SetSize(120, 20)
	if want := "  " + boom.Error() + " (--timeout)"; !slices.ContainsFunc(failView.lines, func(l string) bool { return ansi.Strip(l) == want }) {
		t.Errorf("the failures view shows\n%s\nwithout %q", strings.Join(failView.lines, "\n"), want)
	}
	m.load.gen = 1 // a refresh's error is shown, not the end
	m.Update(loadDoneMsg{gen: 1, err: boom})
	if want := "refresh failed, showing what was loaded before: " + boom.Error() + " (--timeout)"; m.load.loadErr != want {
		t.Errorf("loadErr %q, want %q", m.load.loadErr, want)
	}
}
