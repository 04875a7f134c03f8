package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/eventbrowser/eventbrowser/source"
)

// panicSource panics in Load, as a buggy source would.
type panicSource struct{}

func (panicSource) Load(context.Context, func(source.Batch)) error { panic("boom in Load") }

// asPanic returns err as a *PanicError, failing the test if it is not one.
func asPanic(t *testing.T, err error) *PanicError {
	t.Helper()
	var p *PanicError
	if !errors.As(err, &p) {
		t.Fatalf("Err() = %v (%T), want a *PanicError", err, err)
	}
	return p
}

func TestPanicInCommandEndsProgram(t *testing.T) {
	hs := newFixture(t)
	hs.m.cfg.Open = func(string) error { panic("boom in Open") }
	cmd := hs.press("o")
	if cmd == nil {
		t.Fatal("o returned no command")
	}
	msg := cmd() // would kill the test binary if the command were not guarded
	if _, ok := msg.(panicMsg); !ok {
		t.Fatalf("the command returned %#v, want a panicMsg", msg)
	}
	_, cmd = hs.m.Update(msg)
	if !isQuit(cmd) {
		t.Error("the panic did not end the program")
	}
	p := asPanic(t, hs.m.Err())
	if p.Value != "boom in Open" || !strings.Contains(string(p.Stack), "TestPanicInCommandEndsProgram") {
		t.Errorf("PanicError{%v, stack:\n%s}: want the panic's value and where it happened", p.Value, p.Stack)
	}
	if hs.view() != "" {
		t.Error("View draws the screen after a panic")
	}
	if _, cmd := hs.m.Update(keyMsg("j")); !isQuit(cmd) {
		t.Error("a message after the panic did not end the program")
	}
}

func TestPanicInBatchedCommandIsCaught(t *testing.T) {
	ok := func() tea.Msg { return "fine" }
	boom := func() tea.Msg { panic("boom in a batch") }
	batch, isBatch := guard(tea.Batch(ok, boom))().(tea.BatchMsg)
	if !isBatch || len(batch) != 2 {
		t.Fatalf("guard(tea.Batch(...))() = %#v", batch)
	}
	if got := batch[0](); got != "fine" {
		t.Errorf("first command: %#v", got)
	}
	if got, isPanic := batch[1]().(panicMsg); !isPanic || got.err.Value != "boom in a batch" {
		t.Errorf("second command: %#v, want a panicMsg", got)
	}
	if guard(nil) != nil {
		t.Error("guard(nil) is not nil")
	}
}

func TestPanicInUpdateEndsProgram(t *testing.T) {
	hs := newFixture(t)
	hs.m.common.clock.now = func() time.Time { panic("boom in Update") } // e reads the clock in Update
	if cmd := hs.press("e"); !isQuit(cmd) {
		t.Error("the panic did not end the program")
	}
	if p := asPanic(t, hs.m.Err()); p.Value != "boom in Update" {
		t.Errorf("Value = %v", p.Value)
	}
}

func TestPanicInViewEndsProgram(t *testing.T) {
	// View cannot return a command; the one Init started waiting for a
	// panic in View ends the program.
	var boom atomic.Bool
	cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, &opener{})
	cfg.Now = func() time.Time {
		if boom.Load() {
			panic("boom in View")
		}
		return fixedNow
	}
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	teatest.WaitFor(t, tm.Output(), loadedStatus.Match,
		teatest.WithDuration(waitFor), teatest.WithCheckInterval(10*time.Millisecond))
	boom.Store(true)
	tm.Type("TT") // relative times: View reads the clock
	final := tm.FinalModel(t, teatest.WithFinalTimeout(waitFor)).(*Model)
	if p := asPanic(t, final.Err()); p.Value != "boom in View" || !strings.Contains(string(p.Stack), "formatCreated") {
		t.Errorf("PanicError{%v, stack:\n%s}: want the panic in View", p.Value, p.Stack)
	}
	if v := screen(final); v != "" {
		t.Errorf("View() after a panic = %q, want nothing", v)
	}
}

func TestPanicInSourceEndsProgram(t *testing.T) {
	// The source panics in the loader's goroutine: the program must end
	// the ordinary way (Run returns no error, so the terminal is
	// restored), with the panic as the model's error.
	m := New(testConfig(panicSource{}, &opener{}))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(waitFor)).(*Model)
	p := asPanic(t, final.Err())
	if p.Value != "boom in Load" || !strings.Contains(string(p.Stack), "panicSource.Load") {
		t.Errorf("PanicError{%v, stack:\n%s}: want the source's panic", p.Value, p.Stack)
	}
}

func TestPanicInCommandEndsProgramRunning(t *testing.T) {
	cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, &opener{})
	cfg.Open = func(string) error { panic("boom in Open") }
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	teatest.WaitFor(t, tm.Output(), loadedStatus.Match,
		teatest.WithDuration(waitFor), teatest.WithCheckInterval(10*time.Millisecond))
	tm.Type("o")
	final := tm.FinalModel(t, teatest.WithFinalTimeout(waitFor)).(*Model)
	if p := asPanic(t, final.Err()); p.Value != "boom in Open" {
		t.Errorf("Value = %v", p.Value)
	}
}

func TestPanicReport(t *testing.T) {
	p := &PanicError{Value: fmt.Errorf("bad event \x1b]52;c;ZXZpbA==\x07%q", "x"), Stack: []byte("goroutine 1 [running]:\nmain.main()\n")}
	want := "eventbrowser v1.2.3 crashed: bad event \"x\"; please report it with the steps that led here\n\ngoroutine 1 [running]:\nmain.main()\n"
	if got := p.Report("v1.2.3"); got != want {
		t.Errorf("Report() =\n%q\nwant\n%q", got, want)
	}
}

// quietProgram runs m without a terminal: no input, output discarded, no
// signal handling.
func quietProgram(m tea.Model) *tea.Program {
	return tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutSignalHandler())
}

// waitGoroutines polls until no more goroutines run than base, and fails
// with their stacks if that does not happen within 5 s.
func waitGoroutines(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines outlive the program, %d ran before:\n%s",
				runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestNoGoroutineOutlivesTheProgram(t *testing.T) {
	tests := []struct {
		name string
		cfg  func(started chan struct{}) Config
		end  func(p *tea.Program)
	}{
		{"q while loading", func(started chan struct{}) Config {
			return testConfig(blockingSource{started: started, done: make(chan error, 1)}, &opener{})
		}, func(p *tea.Program) { p.Send(keyMsg("q")) }},
		{"quit from outside while loading", func(started chan struct{}) Config {
			return testConfig(blockingSource{started: started, done: make(chan error, 1)}, &opener{})
		}, func(p *tea.Program) { p.Quit() }}, // as a SIGTERM does: Update never sees it
		{"q while a watch waits", func(started chan struct{}) Config {
			cfg := testConfig(startedSource{started, fakeSource{batches: fixtureBatches(t)}}, &opener{})
			cfg.Watch = time.Hour
			return cfg
		}, func(p *tea.Program) { p.Send(keyMsg("q")) }},
		{"panic in the source", func(started chan struct{}) Config {
			close(started)
			return testConfig(panicSource{}, &opener{})
		}, func(*tea.Program) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := runtime.NumGoroutine()
			started := make(chan struct{})
			m := New(tt.cfg(started))
			p := quietProgram(m)
			go func() {
				<-started
				time.Sleep(10 * time.Millisecond) // let the load's goroutines start
				tt.end(p)
			}()
			if _, err := p.Run(); err != nil {
				t.Fatalf("Run() = %v", err)
			}
			m.Close()
			waitGoroutines(t, base)
		})
	}
}

func TestLoaderEndsWithProgramWhateverTheSourceDoes(t *testing.T) {
	// A source blocked in a read (stdin) cannot notice the context; its
	// own goroutine stays until the read returns, but nothing of the UI's
	// waits for it.
	base := runtime.NumGoroutine()
	src := stuckSource{started: make(chan struct{}), release: make(chan struct{})}
	m := New(testConfig(src, &opener{}))
	p := quietProgram(m)
	go func() {
		<-src.started
		p.Send(keyMsg("q"))
	}()
	if _, err := p.Run(); err != nil {
		t.Fatalf("Run() = %v", err)
	}
	m.Close()
	waitGoroutines(t, base+1) // the source's Load
	close(src.release)
	waitGoroutines(t, base)
}

// stuckSource blocks in Load until released, whatever its context says.
type stuckSource struct{ started, release chan struct{} }

func (s stuckSource) Load(context.Context, func(source.Batch)) error {
	close(s.started)
	<-s.release
	return nil
}

// startedSource closes started when its Load begins, then loads src.
type startedSource struct {
	started chan struct{}
	src     source.Source
}

func (s startedSource) Load(ctx context.Context, send func(source.Batch)) error {
	close(s.started)
	return s.src.Load(ctx, send)
}
