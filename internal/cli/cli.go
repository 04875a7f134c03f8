// Package cli is the eventbrowser command: its flags, the interactive
// view or print mode they choose, the man page and completions. Run is
// the whole program, over the world Env gives it; main only calls it.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/eventbrowser/eventbrowser/internal/config"
)

// System is the world of the running program: its standard streams,
// the clock, the environment, and b, the build's version filled in from
// what Go recorded in the binary.
func System(b Build) Env {
	return Env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		now: time.Now(), stdoutIsTerminal: term.IsTerminal(os.Stdout.Fd()),
		stderrIsTerminal: term.IsTerminal(os.Stderr.Fd()),
		getenv:           os.Getenv,
		keyring:          config.SystemKeyring{},
		build:            b.resolve(),
	}
}

// Env is the world Run works in, so tests can supply their own.
type Env struct {
	stdin            *os.File
	stdout, stderr   io.Writer
	now              time.Time
	stdoutIsTerminal bool
	stderrIsTerminal bool // progress of long loads is shown there only then
	getenv           func(string) string
	keyring          config.Keyring // the OS keyring; nil where there is none (tests)
	// runKeyCommand runs a profile's key_command; nil means the shell.
	runKeyCommand func(ctx context.Context, command string) ([]byte, error)
	build         Build // what --version says
}

// Run runs the command with args and returns its exit status (exitCode).
func Run(args []string, e Env) int {
	var runErr error
	o, cmd := newCommand(e, args, func(o *options) error {
		runErr = o.run(e)
		return nil
	})
	cmd.AddCommand(listenCommand(e, args, func(lo *listenOptions) error {
		runErr = lo.listenRun(e)
		return nil
	}))
	cmd.AddCommand(replayCommand(e, args, func(ro *replayOptions) error {
		runErr = ro.replayRun(e)
		return nil
	}))
	cmd.SetIn(e.stdin)
	if err := cmd.Execute(); err != nil {
		// Before anything ran: a flag, a value or a combination of them
		// (usage errors already), or an argument cobra refused.
		var usage *usageError
		var failed *failure
		switch {
		case errors.As(err, &failed):
			err = failed.err // a command ran, and failed
		case !errors.As(err, &usage):
			err = usagef("%v", err)
		}
		return exitCode(e, o, err)
	}
	return exitCode(e, o, runErr)
}

// usageError is a mistake on the command line: exit status 2. Its message
// is followed by a pointer to --help, unless bare.
type usageError struct {
	msg  string
	bare bool
}

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// failure is a command's failure that is no usage error: exit status 1.
// A subcommand's error reaches Run through cobra, which would otherwise
// take it for a mistake on the command line.
type failure struct{ err error }

func (f *failure) Error() string { return f.err.Error() }
func (f *failure) Unwrap() error { return f.err }

// failed marks err, unless it is a usage error or nil, as a failure.
func failed(err error) error {
	var usage *usageError
	if err == nil || errors.As(err, &usage) {
		return err
	}
	return &failure{err}
}

// signalError says the program was ended by a signal: exit status 128+n,
// as a shell says it.
type signalError struct{ sig syscall.Signal }

func (e signalError) Error() string { return e.sig.String() }

// errReported is a failure already said on stderr, in words of its own.
var errReported = errors.New("failed, as said on stderr")

// exitCode says err on stderr and returns the exit status: 0 without an
// error, 2 for a mistake on the command line, 128+n for signal n, 1 for
// any other failure. It is the one place that decides them.
func exitCode(e Env, o *options, err error) int {
	var usage *usageError
	var sig signalError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &usage):
		if usage.bare {
			warnf(e.stderr, "eventbrowser: %s\n", usage.msg)
		} else {
			warnf(e.stderr, "eventbrowser: %s\nRun 'eventbrowser --help' for usage.\n", usage.msg)
		}
		return 2
	case errors.As(err, &sig):
		warnf(e.stderr, "eventbrowser: %v", sig.sig)
		return 128 + int(sig.sig)
	case errors.Is(err, errReported):
		return 1
	}
	warnf(e.stderr, "eventbrowser: %s\n", o.explain(err))
	return 1
}
