package cli

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"

	tea "charm.land/bubbletea/v2"
)

// killOnSignal ends p at once, with the terminal restored, on SIGHUP,
// SIGINT, SIGQUIT or SIGTERM, rather than letting the signal kill the
// process with the terminal raw and in the alternate screen. The function
// it returns stops listening and says which signal, if any, came.
func killOnSignal(p *tea.Program) (stop func() syscall.Signal) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM)
	done := make(chan struct{})
	var mu sync.Mutex
	var got syscall.Signal
	go func() {
		select {
		case s := <-sigs:
			mu.Lock()
			got, _ = s.(syscall.Signal)
			mu.Unlock()
			p.Kill()
		case <-done:
		}
	}()
	return func() syscall.Signal {
		signal.Stop(sigs)
		close(done)
		mu.Lock()
		defer mu.Unlock()
		return got
	}
}

// signalContext is a context that ends on SIGHUP, SIGINT, SIGQUIT or
// SIGTERM: print mode stops its loads on one and exits as the interactive
// view does, rather than dying mid-write or, on SIGQUIT, dumping its
// goroutines. The function it returns stops listening and says which
// signal, if any, came.
func signalContext() (context.Context, func() syscall.Signal) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM)
	var got atomic.Int32
	go func() {
		select {
		case s := <-sigs:
			if s, ok := s.(syscall.Signal); ok {
				got.Store(int32(s))
			}
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, func() syscall.Signal {
		signal.Stop(sigs)
		cancel()
		return syscall.Signal(got.Load())
	}
}
