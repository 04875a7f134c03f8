package ui

import (
	"fmt"
	"runtime/debug"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// A panic must not leave the terminal in the alternate screen, in raw mode,
// with the cursor hidden and the report lost with the screen. Bubble Tea
// catches panics in its own loop and restores the terminal, but prints its
// own report and knows nothing of goroutines it did not start. So the model
// catches every panic itself, in Update, View, Init, each command and the
// loader's goroutines, and ends the program the ordinary way, with the
// panic as its error, which main reports once the terminal is back.

// PanicError is a panic caught in the program, with the stack where it
// happened.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Report is what to tell the user: which version crashed and why, and the
// stack for the bug report.
func (e *PanicError) Report(version string) string {
	// The value may quote an event, so it is cleaned like event text.
	return fmt.Sprintf("eventbrowser %s crashed: %s; please report it with the steps that led here\n\n%s",
		version, cells.ClipWidth(cells.SanitizeLine(fmt.Sprint(e.Value)), 500), e.Stack)
}

// caught wraps a recovered value; call it in the deferred function, where
// the stack still shows the panic.
func caught(r any) *PanicError { return &PanicError{Value: r, Stack: debug.Stack()} }

// panicMsg carries a panic caught in a command or a goroutine to Update.
type panicMsg struct{ err *PanicError }

// guard makes cmd, and the commands of a batch it returns, report a panic
// as a panicMsg.
func guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = panicMsg{caught(r)}
			}
		}()
		msg = cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			guarded := make(tea.BatchMsg, len(batch))
			for i, c := range batch {
				guarded[i] = guard(c)
			}
			msg = guarded
		}
		return msg
	}
}

// waitViewPanic returns a command that waits for a panic in View, to end
// the program; it ends with the program.
func (m *Model) waitViewPanic() tea.Cmd {
	ctx := m.load.ctx
	return func() tea.Msg {
		select {
		case <-m.viewPanic:
			return panicMsg{} // the panic is recorded already
		case <-ctx.Done():
			return nil
		}
	}
}

// catch ends the program with a panic of Init or Update as its error; defer
// it.
func (m *Model) catch(cmd *tea.Cmd) {
	if r := recover(); r != nil {
		*cmd = m.crash(caught(r))
	}
}

// crash ends the program with err, the first panic, as its error.
func (m *Model) crash(err *PanicError) tea.Cmd {
	if !m.panicked && err != nil {
		m.panicked, m.err = true, err
	}
	return m.quit()
}
