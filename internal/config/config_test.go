package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var columns = []string{"created", "type", "message", "source", "status"}

// write puts doc in a config.toml of a temporary config directory, as
// $XDG_CONFIG_HOME, and returns its path.
func write(t *testing.T, doc string) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	path, err := Path("", os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPath(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tt := range []struct {
		goos string
		env  func(string) string
		want string
	}{
		{"linux", env("XDG_CONFIG_HOME", "/x", "HOME", "/h"), "/x/eventbrowser/config.toml"},
		{"linux", env("XDG_CONFIG_HOME", "relative", "HOME", "/h"), "/h/.config/eventbrowser/config.toml"},
		{"darwin", env("HOME", "/Users/a"), "/Users/a/Library/Application Support/eventbrowser/config.toml"},
		{"windows", env("AppData", `C:\U\a\AppData\Roaming`), filepath.Join(`C:\U\a\AppData\Roaming`, "eventbrowser", "config.toml")},
	} {
		dir, err := configDir(tt.env, tt.goos)
		if got := filepath.Join(dir, "eventbrowser", FileName); err != nil || got != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.goos, got, err, tt.want)
		}
	}
	if _, err := configDir(env(), "linux"); err == nil || !strings.Contains(err.Error(), "--config") {
		t.Errorf("no HOME: %v, want a pointer to --config", err)
	}
	if p, _ := Path("/etc/eb.toml", env()); p != "/etc/eb.toml" {
		t.Errorf("--config: %q", p)
	}
}

func TestLoad(t *testing.T) {
	path := write(t, `# my profiles
default_profile = "shop-nl"

[profiles.shop-nl]
key_env = "SHOP_NL_KEY"   # set in ~/.profile

[profiles.org]
key_command = "pass show mollie/org"
profile_id = "pfl_QkEhN94Ba"
testmode = true
api_url = "http://127.0.0.1:8080"

[views.failed]
query = "type:payment.failed"
sort = "-created"
columns = ["created", "message"]
history = "resources"
`)
	c, err := Load(path, true, columns)
	if err != nil {
		t.Fatal(err)
	}
	p, name, err := c.Profile("")
	if err != nil || name != "shop-nl" || p.KeyEnv != "SHOP_NL_KEY" {
		t.Errorf("the default profile: %q %+v %v", name, p, err)
	}
	if p, _, _ := c.Profile("org"); !p.Testmode || p.ProfileID != "pfl_QkEhN94Ba" || p.APIURL != "http://127.0.0.1:8080" {
		t.Errorf("org: %+v", p)
	}
	v, err := c.View("failed")
	if err != nil || v.Query != "type:payment.failed" || v.Sort != "-created" || strings.Join(v.Columns, ",") != "created,message" || v.History != "resources" {
		t.Errorf("the view: %+v %v", v, err)
	}
	if _, _, err := c.Profile("nope"); err == nil || !strings.Contains(err.Error(), "(it has org, shop-nl)") {
		t.Errorf("an unknown profile: %v", err)
	}
	if _, err := c.View("nope"); err == nil || !strings.Contains(err.Error(), "(it has failed)") {
		t.Errorf("an unknown view: %v", err)
	}
}

// TestLoadMissing: the default file may be missing; one named with
// --config may not.
func TestLoadMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.toml")
	if c, err := Load(path, false, columns); err != nil || len(c.Profiles) != 0 {
		t.Errorf("a missing default file: %v", err)
	}
	if _, err := Load(path, true, columns); err == nil || !strings.Contains(err.Error(), "none.toml") {
		t.Errorf("a missing --config file: %v", err)
	}
}

// TestLoadErrors: every mistake names the file, the line and the key.
func TestLoadErrors(t *testing.T) {
	for _, tt := range []struct{ doc, want string }{
		{"[profiles.a]\nkey_env = \"A\"\nkeyenv = \"B\"\n", ":3: profiles.a.keyenv: unknown key"},
		{"colour = true\n", ":1: colour: unknown key"},
		{"[profiles.test_shop]\nkeyring = 1\n", ":2: profiles.test_shop.keyring: want true or false, not an integer"},
		{"\n[profiles.a]\ntestmode = \"yes\"\n", ":3: profiles.a.testmode: want true or false, not a string"},
		{"[views.x]\ncolumns = \"created\"\n", ":2: views.x.columns: want a list of strings"},
		{"[profiles.a]\nkey_env = \"A\n", ":2: "},
		{"default_profile = \"b\"\n[profiles.a]\nkey_env = \"A\"\n", ":1: default_profile: no profile \"b\" (it has a)"},
		{"[profiles.a]\nkey_env = \"A\"\n\nkeyring = true\n", ":1: profiles.a: give one of key_env, key_command, keyring and key, not 2"},
		{"[profiles.a]\nkey_env = \"A B\"\n", ":2: profiles.a.key_env: \"A B\" is not an environment variable's name"},
		{"[profiles.a]\nkeyring = true\napi_url = \"http://api.mollie.com\"\n", ":3: profiles.a.api_url: "},
		{"[profiles.a]\nkeyring = true\nprofile_id = \"shop\"\n", ":3: profiles.a.profile_id: \"shop\" is not a profile ID"},
		{"[profiles.a]\nwebhook_secret_env = \"A B\"\n", ":2: profiles.a.webhook_secret_env: not an environment variable's name"},
		{"[profiles.a]\nkey = \"live_short\"\n", ":2: profiles.a.key: not a Mollie key"},
		{"[views.x]\nquery = \"type:\"\n", ":2: views.x.query: "},
		{"[views.x]\nsort = \"size\"\n", ":2: views.x.sort: "},
		{"[views.x]\nhistory = \"all\"\n", ":2: views.x.history: \"all\": want events, resources or auto"},
		{"[views.x]\ncolumns = [\"created\", \"amount\"]\n", ":2: views.x.columns: no column \"amount\""},
	} {
		path := write(t, tt.doc)
		_, err := Load(path, true, columns)
		if err == nil || !strings.HasPrefix(err.Error(), path+tt.want) {
			t.Errorf("%q: %v\nwant %s%s…", tt.doc, err, path, tt.want)
		}
	}
}

// TestLoadErrorsHideKeys: a key written where it does not belong is not
// quoted back.
func TestLoadErrorsHideKeys(t *testing.T) {
	const key = "live_Zq8PvX3kLm9WnR2tYb6HcJ4dFs7Gh"
	for _, doc := range []string{
		"[profiles.a]\nkey_env = \"" + key + "\"\n",
		"[profiles.a]\nkey_env = " + key + "\n",
		"[profiles.a]\ntestmode = \"" + key + "\"\n",
		"[profiles.a]\nkey = \"" + key + " \"\n",
		"[profiles.a]\nkey_command = [\"" + key + "\"]\n",
		"[profiles.a]\nkeyring = true\nprofile_id = \"" + key + "\"\n",
		"[profiles.a]\nwebhook_secret_env = \"" + key + "/\"\n",
		"[views." + key + "]\nquery = 3\n",
		"[views.v]\ncolumns = [\"" + key + "\"]\n",
	} {
		_, err := Load(write(t, doc), true, columns)
		if err == nil || strings.Contains(err.Error(), key[5:11]) {
			t.Errorf("%q: %v", doc, err)
		}
	}
}

// TestReadmeExample: the README's commented example reads as it says.
func TestReadmeExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, doc, ok := strings.Cut(string(readme), "```toml\n")
	doc, _, _ = strings.Cut(doc, "```")
	if !ok {
		t.Fatal("README.md has no toml example")
	}
	c, err := Load(write(t, doc), true, columns)
	if err != nil {
		t.Fatal(err)
	}
	if p, name, _ := c.Profile(""); name != "shop-nl" || p.KeyEnv != "SHOP_NL_KEY" || len(c.Profiles) != 3 || !c.Profiles["agency"].Keyring {
		t.Errorf("profiles %+v", c.Profiles)
	}
	if v, err := c.View("failed"); err != nil || len(v.Columns) != 3 || v.History != "resources" {
		t.Errorf("the view: %+v, %v", v, err)
	}
}
