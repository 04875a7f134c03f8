package config

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
)

// parse decodes doc strictly: an unknown key, a value of the wrong type
// or bad TOML is an *Error at its line.
func parse(path string, doc []byte) (*Config, error) {
	c := &Config{path: path}
	dec := toml.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, decodeError(path, err)
	}
	c.lines = keyLines(doc)
	return c, nil
}

// decodeError is go-toml's error as an *Error: the first unknown key, or
// the key and line of a bad value.
func decodeError(path string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		de := strict.Errors[0]
		line, _ := de.Position()
		return &Error{File: path, Line: line, Key: strings.Join(de.Key(), "."),
			Msg: "unknown key" + more(len(strict.Errors)-1)}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, _ := de.Position()
		// go-toml's message may quote the value, which may be a key.
		return &Error{File: path, Line: line, Key: strings.Join(de.Key(), "."), Msg: typeMessage(cells.SanitizeLine(withoutValue(de.Error())))}
	}
	// A value of the wrong type: go-toml says which field, not where.
	return &Error{File: path, Msg: cells.SanitizeLine(withoutValue(err.Error()))}
}

func more(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (and %d more)", n)
}

// quoted are the quoted texts in go-toml's messages.
var quoted = regexp.MustCompile(`'[^']*'|"[^"]*"`)

// withoutValue takes what go-toml quotes out of its message: the value
// may be a key written in the wrong place.
func withoutValue(msg string) string {
	return strings.TrimPrefix(quoted.ReplaceAllString(msg, "…"), "toml: ")
}

// mistyped is go-toml's message for a value of the wrong type.
var mistyped = regexp.MustCompile(`^cannot decode TOML (\w+) into .*?(?:of type )?(\S+)$`)

// typeMessage says go-toml's "cannot decode TOML string into struct
// field config.Profile.Testmode of type bool" in the file's own words.
func typeMessage(msg string) string {
	m := mistyped.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	want := map[string]string{"bool": "true or false", "string": "a string in quotes",
		"[]string": `a list of strings, ["a", "b"]`, "config.View": "a table", "config.Profile": "a table"}[m[2]]
	if want == "" {
		return msg
	}
	article := "a"
	if strings.ContainsRune("aeiou", rune(m[1][0])) {
		article = "an"
	}
	return fmt.Sprintf("want %s, not %s %s", want, article, m[1])
}

// keyLines maps every key of doc, dotted from its table
// ("profiles.shop.api_url"), and every table, to its line.
func keyLines(doc []byte) map[string]int {
	lines := map[string]int{}
	p := unstable.Parser{KeepComments: false}
	p.Reset(doc)
	var table []string
	for p.NextExpression() {
		n := p.Expression()
		var key []string
		var at int
		for it := n.Key(); it.Next(); {
			k := it.Node()
			if at == 0 {
				at = p.Shape(k.Raw).Start.Line
			}
			key = append(key, string(k.Data))
		}
		switch n.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = key
			lines[strings.Join(table, ".")] = at
		case unstable.KeyValue:
			full := append(append([]string{}, table...), key...)
			for i := range full {
				if _, ok := lines[strings.Join(full[:i+1], ".")]; !ok {
					lines[strings.Join(full[:i+1], ".")] = at
				}
			}
		}
	}
	return lines
}

// profileID is the shape of a website profile's ID.
var profileID = regexp.MustCompile(`^pfl_[A-Za-z0-9]+$`)

// check holds every value to what it may be, naming the key and its line.
func (c *Config) check(columns []string) error {
	if c.DefaultProfile != "" {
		if _, ok := c.Profiles[c.DefaultProfile]; !ok {
			return c.errorAt("default_profile", "no profile %q%s", c.DefaultProfile, known(c.ProfileNames()))
		}
	}
	for _, name := range c.ProfileNames() {
		if err := c.checkProfile(name, c.Profiles[name]); err != nil {
			return err
		}
	}
	for _, name := range c.ViewNames() {
		if err := c.checkView(name, c.Views[name], columns); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) checkProfile(name string, p Profile) error {
	at := "profiles." + name
	sources := 0
	for _, set := range []bool{p.KeyEnv != "", p.KeyCommand != "", p.Keyring, p.Key != ""} {
		if set {
			sources++
		}
	}
	switch {
	case sources > 1:
		return c.errorAt(at, "give one of key_env, key_command, keyring and key, not %d", sources)
	case p.Key != "" && source.CheckKey(p.Key, "key") != nil:
		// Not CheckKey's words: they name MOLLIE_API_KEY.
		return c.errorAt(at+".key", "not a Mollie key: live_…, test_… or access_… followed by letters and digits")
	case p.KeyEnv != "" && source.CheckKey(p.KeyEnv, "key_env") == nil:
		return c.errorAt(at+".key_env", "this is a key: key_env takes the name of the environment variable that holds it")
	case p.KeyEnv != "" && !envName.MatchString(p.KeyEnv):
		return c.errorAt(at+".key_env", "%q is not an environment variable's name", cells.SanitizeLine(p.KeyEnv))
	case p.WebhookSecretEnv != "" && !envName.MatchString(p.WebhookSecretEnv):
		// Not quoted: it may be a secret written in the wrong place.
		return c.errorAt(at+".webhook_secret_env", "not an environment variable's name (letters, digits and _): it takes the name of the variable that holds the secrets")
	case p.ProfileID != "" && !profileID.MatchString(p.ProfileID):
		return c.errorAt(at+".profile_id", "%q is not a profile ID: they look like pfl_QkEhN94Ba", cells.SanitizeLine(p.ProfileID))
	}
	if p.APIURL != "" {
		if err := source.CheckBaseURL(p.APIURL); err != nil {
			return c.errorAt(at+".api_url", "%v", err)
		}
	}
	return nil
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (c *Config) checkView(name string, v View, columns []string) error {
	at := "views." + name
	if _, err := query.Parse(v.Query, time.Now(), time.Local); err != nil {
		return c.errorAt(at+".query", "%v", err)
	}
	if v.Sort != "" {
		if _, err := model.ParseSort(v.Sort); err != nil {
			return c.errorAt(at+".sort", "%v", err)
		}
	}
	switch v.History {
	case "", source.HistoryEvents, source.HistoryResources, source.HistoryAuto:
	default:
		return c.errorAt(at+".history", "%q: want events, resources or auto", cells.SanitizeLine(v.History))
	}
	for _, col := range v.Columns {
		if columns == nil {
			break // the caller does not know the columns
		}
		if !slices.Contains(columns, col) {
			return c.errorAt(at+".columns", "no column %q: the columns are %s", cells.SanitizeLine(col), strings.Join(columns, ", "))
		}
	}
	return nil
}
