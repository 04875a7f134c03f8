package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
)

// bareName is what a saved view or a profile made by auth login may be
// called: a TOML bare key, so that its table header is plain.
var bareName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// CheckName tells whether name can name a view or profile that eventbrowser
// writes.
func CheckName(name string) error {
	if !bareName.MatchString(name) {
		return fmt.Errorf("%q: a name is letters, digits, - and _ (at most 64)", name)
	}
	return nil
}

// SaveView writes v as [views.NAME] into the config file at path, creating
// it if need be. A view of that name is replaced.
func SaveView(path, name string, v View, columns []string) error {
	if err := CheckName(name); err != nil {
		return err
	}
	var lines []string
	if v.Query != "" {
		lines = append(lines, "query = "+tomlValue(v.Query))
	}
	if v.Sort != "" {
		lines = append(lines, "sort = "+tomlValue(v.Sort))
	}
	if len(v.Columns) > 0 {
		lines = append(lines, "columns = "+tomlValue(v.Columns))
	}
	if v.History != "" {
		lines = append(lines, "history = "+tomlValue(v.History))
	}
	return edit(path, "views", name, []string{"query", "sort", "columns", "history"}, lines, columns, func(c *Config) {
		if c.Views == nil {
			c.Views = map[string]View{}
		}
		c.Views[name] = v
	})
}

// EnableKeyring sets keyring = true in [profiles.NAME] of the config file
// at path, adding the table if need be.
func EnableKeyring(path, name string) error {
	if err := CheckName(name); err != nil {
		return err
	}
	return edit(path, "profiles", name, []string{"keyring"}, []string{"keyring = true"}, nil, func(c *Config) {
		if c.Profiles == nil {
			c.Profiles = map[string]Profile{}
		}
		p := c.Profiles[name]
		p.Keyring = true
		c.Profiles[name] = p
	})
}

// edit sets keys (as lines) in the table [kind.name] of the file at path:
// it drops those keys' lines from the table and writes lines under its
// header, or appends the table if the file has none. Every other line
// stays as it was. The result must read as the old config changed by
// want, or nothing is written: where the table is not one key a line, or
// is written in a way not recognized, the user is told to edit it.
func edit(path, kind, name string, keys, lines, columns []string, want func(*Config)) error {
	doc, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot read the config file: %w", err)
	}
	old, err := parse(path, doc)
	if err != nil {
		return fmt.Errorf("%w (fix it before saving into it)", err)
	}
	want(old)
	got := rewriteTable(doc, kind, name, keys, lines)
	c, err := parse(path, got)
	if err != nil || !sameConfig(c, old) {
		return fmt.Errorf("cannot write [%s.%s] into %s without changing what else it says: edit it by hand", kind, name, path)
	}
	if err := c.check(columns); err != nil {
		return err
	}
	return writeFile(path, got)
}

func sameConfig(a, b *Config) bool {
	return a.DefaultProfile == b.DefaultProfile && reflect.DeepEqual(emptyNil(a.Profiles), emptyNil(b.Profiles)) &&
		reflect.DeepEqual(emptyNil(a.Views), emptyNil(b.Views))
}

func emptyNil[V any](m map[string]V) map[string]V {
	if len(m) == 0 {
		return nil
	}
	return m
}

// rewriteTable is doc with keys' lines in [kind.name] replaced by lines,
// or with the table appended.
func rewriteTable(doc []byte, kind, name string, keys, lines []string) []byte {
	header := regexp.MustCompile(`^\s*\[\s*` + kind + `\s*\.\s*("` + name + `"|'` + name + `'|` + name + `)\s*\]\s*(#.*)?$`)
	keyLine := regexp.MustCompile(`^\s*(` + strings.Join(keys, "|") + `)\s*=`)
	text := string(doc)
	all := strings.SplitAfter(text, "\n")
	start := -1
	for i, l := range all {
		if header.MatchString(strings.TrimRight(l, "\r\n")) {
			start = i
			break
		}
	}
	if start < 0 {
		var b bytes.Buffer
		b.WriteString(text)
		if text != "" && !strings.HasSuffix(text, "\n") {
			b.WriteByte('\n')
		}
		if text != "" {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "[%s.%s]\n", kind, name)
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		return b.Bytes()
	}
	out := append([]string{}, all[:start+1]...)
	if !strings.HasSuffix(all[start], "\n") {
		out[start] += "\n"
	}
	for _, l := range lines {
		out = append(out, l+"\n")
	}
	i := start + 1
	for ; i < len(all) && !strings.HasPrefix(strings.TrimSpace(all[i]), "["); i++ {
		if !keyLine.MatchString(all[i]) {
			out = append(out, all[i])
		}
	}
	out = append(out, all[i:]...)
	return []byte(strings.Join(out, ""))
}

// tomlValue writes a string or a list of strings as TOML: JSON's strings
// are TOML's basic strings.
func tomlValue(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	s := strings.TrimSpace(b.String())
	if _, ok := v.([]string); ok {
		s = strings.ReplaceAll(s, `","`, `", "`)
	}
	return s
}

// writeFile replaces the file at path with doc at once (a new file and a
// rename), keeping its permissions; a new file is the user's alone, in a
// directory that is too.
func writeFile(path string, doc []byte) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real // a linked config stays linked
	}
	mode := fs.FileMode(0o600)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot write the config file: %w", err)
	}
	f, err := os.CreateTemp(dir, ".config-*.toml")
	if err != nil {
		return fmt.Errorf("cannot write the config file: %w", err)
	}
	defer os.Remove(f.Name()) // after the rename, there is none
	if _, err := f.Write(doc); err != nil {
		f.Close()
		return fmt.Errorf("cannot write the config file: %w", err)
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return fmt.Errorf("cannot write the config file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot write the config file: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("cannot write the config file: %w", err)
	}
	return nil
}

// OthersCanRead reports whether users other than the owner may read the
// file at path: a key written in it would not be the owner's alone.
func OthersCanRead(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().Perm()&0o044 != 0
}
