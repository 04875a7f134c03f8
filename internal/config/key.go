package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/eventbrowser/eventbrowser/source"
)

// Key is an API key and where it came from. Its String is the prefix and
// the source only: the key itself is never formatted.
type Key struct {
	value  string
	Source string // "MOLLIE_API_KEY", "$SHOP_KEY (key_env)", "key_command", "the keyring", "the config file"
	InFile bool   // the user wrote the key into the config file
}

// Value is the key itself, for the API's Authorization header only.
func (k Key) Value() string { return k.value }

// Prefix is all of the key that may be shown: "live_…".
func (k Key) Prefix() string { return source.KeyPrefix(k.value) }

// String is the prefix and the source, so that a Key in a format verb
// shows no secret.
func (k Key) String() string { return k.Prefix() + " from " + k.Source }

// Mode is "live" or "test": a key's own, or testmode for access tokens.
func Mode(key string, testmode bool) string {
	switch {
	case strings.HasPrefix(key, "test_"):
		return "test"
	case strings.HasPrefix(key, "access_") && testmode:
		return "test"
	}
	return "live"
}

// Sources are where keys are read from: the environment, the keyring and
// the shell that runs key_command.
type Sources struct {
	Getenv  func(string) string
	Keyring Keyring
	// Run runs a key_command and returns its output; nil means sh -c (cmd
	// /C on Windows), with stderr on the terminal for a password prompt.
	Run func(ctx context.Context, command string) ([]byte, error)
}

// commandTimeout bounds a key_command, which may wait for a passphrase.
const commandTimeout = 2 * time.Minute

// ResolveKey finds the API key: MOLLIE_API_KEY when it is set, else the
// profile's (name, p; name "" for none) from where it says. Errors name
// the profile and the source, never the key.
func ResolveKey(name string, p Profile, s Sources) (Key, error) {
	if k := s.Getenv(source.KeyEnv); k != "" {
		return Key{value: k, Source: source.KeyEnv}, nil
	}
	if name == "" {
		return Key{}, nil
	}
	k, err := profileKey(name, p, s)
	if err != nil {
		return Key{}, fmt.Errorf("profile %s: %w", name, err)
	}
	if k.value == "" {
		return Key{}, fmt.Errorf("profile %s: %s gave no key", name, k.Source)
	}
	if err := source.CheckKey(k.value, k.Source); err != nil {
		return Key{}, fmt.Errorf("profile %s: %w", name, err)
	}
	return k, nil
}

func profileKey(name string, p Profile, s Sources) (Key, error) {
	switch {
	case p.KeyEnv != "":
		src := "$" + p.KeyEnv + " (key_env)"
		v := s.Getenv(p.KeyEnv)
		if v == "" {
			return Key{}, fmt.Errorf("key_env names %s, which is not set", p.KeyEnv)
		}
		return Key{value: v, Source: src}, nil
	case p.KeyCommand != "":
		out, err := runCommand(s, p.KeyCommand)
		if err != nil {
			return Key{}, err
		}
		return Key{value: string(bytes.TrimSpace(out)), Source: "key_command"}, nil
	case p.Keyring:
		if s.Keyring == nil {
			return Key{}, errors.New("keyring = true, but there is no keyring here")
		}
		v, err := s.Keyring.Get(name)
		if errors.Is(err, ErrNotInKeyring) {
			return Key{}, fmt.Errorf("no key in the keyring: run eventbrowser auth login --profile %s", name)
		}
		if err != nil {
			return Key{}, fmt.Errorf("the keyring: %w", err)
		}
		return Key{value: v, Source: "the keyring"}, nil
	case p.Key != "":
		return Key{value: p.Key, Source: "the config file", InFile: true}, nil
	}
	return Key{}, fmt.Errorf("no key: give key_env, key_command or keyring = true (eventbrowser auth login --profile %s)", name)
}

// runCommand runs a key_command. Its error says how it ended, not what it
// printed: that may be the key.
func runCommand(s Sources, command string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	run := s.Run
	if run == nil {
		run = shell
	}
	out, err := run(ctx, command)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("key_command took longer than %v", commandTimeout)
	}
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return nil, fmt.Errorf("key_command failed (%v)", exit.ProcessState)
		}
		return nil, fmt.Errorf("key_command: %w", err)
	}
	return out, nil
}

// shell runs command in the platform's shell, with stderr on ours for its
// prompts and messages.
func shell(ctx context.Context, command string) ([]byte, error) {
	var cmd *exec.Cmd
	if runtime.GOOS == "windows" {
		cmd = exec.CommandContext(ctx, "cmd", "/C", command)
	} else {
		cmd = exec.CommandContext(ctx, "sh", "-c", command)
	}
	cmd.Stderr = os.Stderr
	return cmd.Output()
}
