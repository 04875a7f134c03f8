// Package config is eventbrowser's config file, config.toml: the profiles
// (which Mollie account, where its key comes from) and the saved views
// (named queries). It reads the file strictly, every error naming the
// file, the line and the key, and writes a view or a profile into it by
// editing only that table's lines, so the user's comments and layout stay.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
)

// FileName is the config file's name in its directory.
const FileName = "config.toml"

// Config is what config.toml says.
type Config struct {
	DefaultProfile string             `toml:"default_profile"`
	Profiles       map[string]Profile `toml:"profiles"`
	Views          map[string]View    `toml:"views"`

	path  string         // where it was read from
	lines map[string]int // the line of each key, "profiles.shop.api_url"
}

// Profile is a Mollie account: where its key comes from (one of KeyEnv,
// KeyCommand, Keyring or, if the user writes it there, Key), how the API
// is reached with it, and where its webhooks' signing secrets are.
type Profile struct {
	KeyEnv     string `toml:"key_env"`     // an environment variable's name
	KeyCommand string `toml:"key_command"` // a shell command whose output is the key
	Keyring    bool   `toml:"keyring"`     // the OS keyring, under Service and the profile's name
	Key        string `toml:"key"`         // the key itself, in the file

	APIURL    string `toml:"api_url"`
	ProfileID string `toml:"profile_id"` // pfl_…, for organization access tokens
	Testmode  bool   `toml:"testmode"`   // test mode, for access tokens

	// WebhookSecretEnv names the environment variable that holds the
	// signing secrets of the account's webhooks (listen, replay); never
	// the secrets themselves.
	WebhookSecretEnv string `toml:"webhook_secret_env"`
}

// View is a saved view: a query, a sort, the table's columns and where
// histories come from (--history).
type View struct {
	Query   string   `toml:"query"`
	Sort    string   `toml:"sort"`
	Columns []string `toml:"columns"`
	History string   `toml:"history"`
}

// Path is where the config file is: explicit (--config) if given, else
// config.toml in eventbrowser's directory of the platform's config
// directory ($XDG_CONFIG_HOME or ~/.config on Linux, ~/Library/Application
// Support on macOS, %AppData% on Windows), read through getenv.
func Path(explicit string, getenv func(string) string) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	dir, err := configDir(getenv, runtime.GOOS)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "eventbrowser", FileName), nil
}

// configDir is os.UserConfigDir over getenv, so tests can set it.
func configDir(getenv func(string) string, goos string) (string, error) {
	switch goos {
	case "windows":
		if d := getenv("AppData"); d != "" {
			return d, nil
		}
		return "", errors.New("%AppData% is not set: give the config file with --config")
	case "darwin", "ios":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support"), nil
		}
	default:
		if d := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
			return d, nil
		}
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, ".config"), nil
		}
	}
	return "", errors.New("neither $XDG_CONFIG_HOME nor $HOME is set: give the config file with --config")
}

// Load reads the config file at path. A file that does not exist is an
// empty config unless must is set (the user named it with --config).
// columns are the table's column names, which views may list.
func Load(path string, must bool, columns []string) (*Config, error) {
	doc, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !must {
		return &Config{path: path}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the config file: %w", err)
	}
	c, err := parse(path, doc)
	if err != nil {
		return nil, err
	}
	if err := c.check(columns); err != nil {
		return nil, err
	}
	return c, nil
}

// File is where the config was read from.
func (c *Config) File() string { return c.path }

// errorAt is an error about key, at its line of the file.
func (c *Config) errorAt(key, format string, args ...any) error {
	return &Error{File: c.path, Line: c.lines[key], Key: key, Msg: fmt.Sprintf(format, args...)}
}

// Error is a mistake in the config file, where it is.
type Error struct {
	File string
	Line int    // 0 when unknown
	Key  string // "profiles.shop.api_url"; "" for a syntax error
	Msg  string
}

func (e *Error) Error() string {
	at := e.File
	if e.Line > 0 {
		at = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Key == "" {
		return at + ": " + withholdKeys(e.Msg)
	}
	return at + ": " + withholdKeys(e.Key+": "+e.Msg)
}

// keyLike is a Mollie key or token written where a name or value goes:
// a prefix and at least 12 letters and digits, as source.CheckKey wants,
// so that a profile named test_shop is still shown.
var keyLike = regexp.MustCompile(`\b(live|test|access)_[A-Za-z0-9]{12,}`)

// withholdKeys shows only the prefix of what looks like a key in a text
// quoted from the file: a key pasted in the wrong place is still a key.
func withholdKeys(s string) string { return keyLike.ReplaceAllString(s, "${1}_…") }

// ProfileNames are the profiles' names, sorted.
func (c *Config) ProfileNames() []string { return sortedKeys(c.Profiles) }

// ViewNames are the views' names, sorted.
func (c *Config) ViewNames() []string { return sortedKeys(c.Views) }

func sortedKeys[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Profile is the profile named name, or the default profile when name is
// ""; ok is false when there is none. An unknown name is an error that
// lists the known ones.
func (c *Config) Profile(name string) (p Profile, chosen string, err error) {
	chosen = name
	if chosen == "" {
		chosen = c.DefaultProfile
	}
	if chosen == "" {
		return Profile{}, "", nil
	}
	p, ok := c.Profiles[chosen]
	if !ok {
		return Profile{}, "", fmt.Errorf("no profile %q in %s%s", chosen, c.path, known(c.ProfileNames()))
	}
	return p, chosen, nil
}

// View is the view named name, or an error that lists the known ones.
func (c *Config) View(name string) (View, error) {
	v, ok := c.Views[name]
	if !ok {
		return View{}, fmt.Errorf("no view %q in %s%s", name, c.path, known(c.ViewNames()))
	}
	return v, nil
}

func known(names []string) string {
	if len(names) == 0 {
		return " (it has none)"
	}
	return " (it has " + strings.Join(names, ", ") + ")"
}
