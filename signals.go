package main

import (
	"os"
	"os/signal"
	"sync"
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
