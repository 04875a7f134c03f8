package cli

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
)

// TestExitCode holds the one mapping of errors to exit statuses and what
// is said on stderr.
func TestExitCode(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"success", nil, 0, ""},
		{"usage", usagef("--type: bad type %q", "x"), 2, "eventbrowser: --type: bad type \"x\"\nRun 'eventbrowser --help' for usage.\n"},
		{"usage, bare", &usageError{msg: "--watch reads the input again", bare: true}, 2, "eventbrowser: --watch reads the input again\n"},
		{"usage, wrapped", fmt.Errorf("printing: %w", usagef("drop one")), 2, "eventbrowser: drop one\nRun 'eventbrowser --help' for usage.\n"},
		{"signal", signalError{syscall.SIGTERM}, 128 + 15, "eventbrowser: terminated\n"},
		{"already said", errReported, 1, ""},
		{"a failure", errors.New("cannot open x.json: no such file or directory"), 1, "eventbrowser: cannot open x.json: no such file or directory\n"},
		{"a failure with escapes", errors.New("x\x1b[2J.json:1: bad"), 1, "eventbrowser: x.json:1: bad\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr strings.Builder
			code := exitCode(Env{stderr: &stderr}, newOptions(Env{}), tt.err)
			if code != tt.code || stderr.String() != tt.stderr {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr.String(), tt.code, tt.stderr)
			}
		})
	}
}
