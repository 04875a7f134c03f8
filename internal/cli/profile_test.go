package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/config"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
	"github.com/eventbrowser/eventbrowser/ui"
)

// memKeyring is a keyring in memory.
type memKeyring map[string]string

func (k memKeyring) Get(p string) (string, error) {
	if v, ok := k[p]; ok {
		return v, nil
	}
	return "", config.ErrNotInKeyring
}
func (k memKeyring) Set(p, v string) error { k[p] = v; return nil }
func (k memKeyring) Delete(p string) error {
	if _, ok := k[p]; !ok {
		return config.ErrNotInKeyring
	}
	delete(k, p)
	return nil
}

// world is a temporary config directory ($XDG_CONFIG_HOME), an
// environment, a keyring and a fake API, for runs of the command.
type world struct {
	t    *testing.T
	dir  string
	doc  string // the config file as written
	env  map[string]string
	ring memKeyring
	srv  *molliefake.Server
	ids  []string
}

func newWorld(t *testing.T, doc string) *world {
	w := &world{t: t, dir: t.TempDir(), ring: memKeyring{}}
	w.env = map[string]string{"XDG_CONFIG_HOME": w.dir}
	w.srv = molliefake.New(t, molliefake.WithIncludeEvents())
	a := w.srv.AddCustomer(molliefake.Customer{ID: "cst_8wmqcHMN4U", Events: []json.RawMessage{
		molliefake.NewEvent(200, "2024-03-20T09:13:37Z", "Customer created", ""),
		molliefake.NewEvent(220, "2024-03-21T10:00:00Z", "Payment created", ""),
		molliefake.NewEvent(221, "2024-03-22T10:00:00Z", "Payment paid", ""),
	}})
	w.ids = []string{a}
	doc = strings.ReplaceAll(strings.ReplaceAll(doc, "API_URL", w.srv.URL), "CMD_KEY", w.srv.Key)
	w.doc = doc
	if doc != "" {
		os.MkdirAll(filepath.Join(w.dir, "eventbrowser"), 0o700)
		if err := os.WriteFile(w.path(), []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func (w *world) path() string { return filepath.Join(w.dir, "eventbrowser", "config.toml") }

func (w *world) run(stdin string, args ...string) (stdout, stderr string, code int) {
	w.t.Helper()
	var out, errOut bytes.Buffer
	code = Run(args, Env{stdin: cliStdin(w.t, stdin), stdout: &out, stderr: &errOut, now: cliNow, build: testBuild,
		getenv: func(k string) string { return w.env[k] }, keyring: w.ring,
		runKeyCommand: func(ctx context.Context, c string) ([]byte, error) {
			return exec.CommandContext(ctx, "sh", "-c", c).Output()
		}})
	return out.String(), errOut.String(), code
}

const profiles = `# profiles, one for each key source
default_profile = "ring"

[profiles.env]
key_env = "SHOP_KEY"
api_url = "API_URL"

[profiles.cmd]
key_command = "echo CMD_KEY"
api_url = "API_URL"

[profiles.ring]
keyring = true
api_url = "API_URL"

[profiles.file]
key = "live_placeholderplaceholder1"
api_url = "API_URL"

[views.paid]
query = "type:221"
sort = "created"
`

// TestProfileKeySources loads the fake API's events with the key from
// each source, MOLLIE_API_KEY winning over each when set.
func TestProfileKeySources(t *testing.T) {
	w := newWorld(t, strings.Replace(profiles, "live_placeholderplaceholder1", "CMD_KEY", 1))
	w.env["SHOP_KEY"], w.ring["ring"] = w.srv.Key, w.srv.Key
	for _, args := range [][]string{{"--profile", "env"}, {"--profile", "cmd"}, {"--profile", "ring"}, {"--profile", "file"}, {}} {
		out, errOut, code := w.run("", append(args, "--customer", w.ids[0], "--output", "tsv")...)
		if code != 0 || strings.Count(out, "\n") != 3 {
			t.Errorf("%v: exit %d, %q, stderr %q", args, code, out, errOut)
		}
		// MOLLIE_API_KEY wins: a wrong one is rejected, and named.
		w.env["MOLLIE_API_KEY"] = "test_wrongwrongwrongwrong"
		_, errOut, code = w.run("", append(args, "--customer", w.ids[0], "--output", "tsv")...)
		if code != 1 || !strings.Contains(errOut, "rejected") {
			t.Errorf("%v with MOLLIE_API_KEY: exit %d, stderr %q", args, code, errOut)
		}
		delete(w.env, "MOLLIE_API_KEY")
	}
}

// TestProfileErrors: an unknown profile or view, a key source that fails,
// a bad config: usage errors that say where.
func TestProfileErrors(t *testing.T) {
	w := newWorld(t, profiles)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--profile", "nope", "--demo"}, `--profile: no profile "nope" in ` + w.path() + " (it has cmd, env, file, ring)"},
		{[]string{"--view", "nope", "--demo"}, `--view: no view "nope" in ` + w.path() + " (it has paid)"},
		{[]string{"--profile", "env", "--demo"}, "profile env: key_env names SHOP_KEY, which is not set"},
		{[]string{"--profile", "ring", "--demo"}, "profile ring: no key in the keyring: run eventbrowser auth login --profile ring"},
		{[]string{"--config", filepath.Join(w.dir, "none.toml"), "--demo"}, "cannot read the config file"},
	} {
		_, errOut, code := w.run("", append(tt.args, "--output", "tsv")...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	os.WriteFile(w.path(), []byte("[profiles.a]\nkeyring = true\n\n[views.x]\nsort = \"size\"\n"), 0o600)
	if _, errOut, code := w.run("", "--demo", "--output", "tsv"); code != 2 || !strings.Contains(errOut, w.path()+":5: views.x.sort: ") {
		t.Errorf("a bad config: exit %d, stderr %q", code, errOut)
	}
	// Files alone need no key: the default profile's is not read.
	os.WriteFile(w.path(), []byte(w.doc), 0o600)
	if _, errOut, code := w.run("", "--demo", "--output", "tsv"); code != 0 {
		t.Errorf("the demo with a default profile without a key: exit %d, stderr %q", code, errOut)
	}
}

// TestViewSavedAndReopened saves a view as V does and opens it with
// --view: the same rows as its query, sort and columns typed as flags;
// --columns wins over the view's.
func TestViewSavedAndReopened(t *testing.T) {
	w := newWorld(t, profiles)
	o := newOptions(Env{})
	o.cfg, _ = config.Load(w.path(), true, ui.ColumnNames)
	if err := o.saveView(ui.SavedView{Name: "mandates", Query: "mandate !type:210", Sort: "-created", Columns: []string{"created", "message"}}); err != nil {
		t.Fatal(err)
	}
	direct, _, _ := w.run("", "--demo", "-q", "mandate !type:210", "--sort", "-created", "--columns", "created,message", "--output", "tsv")
	viewed, errOut, code := w.run("", "--demo", "--view", "mandates", "--output", "tsv")
	if code != 0 || viewed != direct || strings.Count(viewed, "\n") < 2 {
		t.Errorf("--view: exit %d, stderr %q,\n%s\nwant\n%s", code, errOut, viewed, direct)
	}
	if doc, _ := os.ReadFile(w.path()); !bytes.HasPrefix(doc, []byte(w.doc)) {
		t.Errorf("saving changed the lines before:\n%s", doc)
	}
	if first, _, _ := strings.Cut(viewed, "\n"); strings.Count(first, "\t") != 1 {
		t.Errorf("--view: %q, want the view's two columns", first)
	}
	if ids, _, _ := w.run("", "--demo", "--view", "mandates", "--columns", "id", "--output", "tsv"); !strings.HasPrefix(ids, "mdt_") {
		t.Errorf("--view and --columns id: %q", ids)
	}
	// The view's query and the flags' must all hold.
	both, _, _ := w.run("", "--demo", "--view", "mandates", "--grep", "xyz-nothing", "--output", "tsv")
	if both != "" {
		t.Errorf("--view and --grep: %q", both)
	}
}

// TestAuth logs in from a pipe, says the status with the key's prefix
// only, warns of a key in a file others can read, and logs out.
func TestAuth(t *testing.T) {
	w := newWorld(t, "# mine\n")
	out, errOut, code := w.run(w.srv.Key+"\n", "auth", "login", "--profile", "shop-nl")
	if code != 0 || w.ring["shop-nl"] != w.srv.Key || !strings.Contains(out, "kept the test_… key of profile shop-nl") {
		t.Errorf("login: exit %d, %q, stderr %q", code, out, errOut)
	}
	if doc, _ := os.ReadFile(w.path()); string(doc) != "# mine\n\n[profiles.shop-nl]\nkeyring = true\n" {
		t.Errorf("the config became %q", doc)
	}
	out, _, code = w.run("", "auth", "status", "--profile", "shop-nl")
	want := fmt.Sprintf("config   %s\nprofile  shop-nl\nmode     test\nkey      test_… from the keyring\napi      https://api.mollie.com\n", w.path())
	if code != 0 || out != want {
		t.Errorf("status: exit %d\n%s\nwant\n%s", code, out, want)
	}
	w.env["MOLLIE_API_KEY"] = "live_abcdefghijklmnop"
	if out, _, _ = w.run("", "auth", "status", "--profile", "shop-nl"); !strings.Contains(out, "mode     live\nkey      live_… from MOLLIE_API_KEY (set, so it wins over the profile's own)") {
		t.Errorf("status with MOLLIE_API_KEY:\n%s", out)
	}
	delete(w.env, "MOLLIE_API_KEY")
	if out, _, code = w.run("", "auth", "logout", "--profile", "shop-nl"); code != 0 || len(w.ring) != 0 || !strings.Contains(out, "removed") {
		t.Errorf("logout: exit %d, %q", code, out)
	}
	if _, errOut, code := w.run("", "auth", "status", "--profile", "shop-nl"); code != 1 || !strings.Contains(errOut, "no key in the keyring") {
		t.Errorf("status after logout: exit %d, %q", code, errOut)
	}
	if _, errOut, code := w.run("test_short\n", "auth", "login", "--profile", "x"); code != 2 || !strings.Contains(errOut, "the key is malformed") {
		t.Errorf("login with a bad key: exit %d, %q", code, errOut)
	}
	os.WriteFile(w.path(), []byte("[profiles.f]\nkey = \"live_abcdefghijklmnop\"\n"), 0o600)
	os.Chmod(w.path(), 0o644)
	if _, errOut, code := w.run("", "auth", "status", "--profile", "f"); code != 0 || !strings.Contains(errOut, "holds the key of profile f and others can read it: chmod 600 ") {
		t.Errorf("status of a key in a readable file: exit %d, stderr %q", code, errOut)
	}
	if out, _, _ := w.run("", "config", "path"); out != w.path()+"\n" {
		t.Errorf("config path: %q", out)
	}
}

// TestCompleteNames: --profile and --view complete with the config's names.
func TestCompleteNames(t *testing.T) {
	w := newWorld(t, profiles)
	for flag, want := range map[string]string{"--profile": "cmd\nenv\nfile\nring\n", "--view": "paid\n"} {
		out, _, code := w.run("", "__complete", flag, "")
		if names, _, _ := strings.Cut(out, ":"); code != 0 || names != want {
			t.Errorf("%s: exit %d, %q; want %q", flag, code, out, want)
		}
	}
	if out, _, _ := w.run("", "__complete", "auth", "status", "--profile", ""); !strings.HasPrefix(out, "cmd\nenv\n") {
		t.Errorf("auth status --profile: %q", out)
	}
}

// TestProfileLabel: what the title and status line say of the key.
func TestProfileLabel(t *testing.T) {
	for _, tt := range []struct {
		profile, source, key string
		testmode             bool
		want                 string
	}{
		{"", "", "", false, ""},
		{"", "MOLLIE_API_KEY", "test_abcdefghijkl", false, "test"},
		{"shop-nl", "the keyring", "live_abcdefghijkl", false, "shop-nl · live"},
		{"org", "key_command", "access_abcdefghijkl", true, "org · test"},
		{"shop-nl", "MOLLIE_API_KEY", "live_abcdefghijkl", false, "MOLLIE_API_KEY · live"},
	} {
		o := newOptions(Env{})
		o.profileName, o.keySource, o.mollie.Key, o.mollie.Testmode = tt.profile, tt.source, tt.key, tt.testmode
		if got := o.profileLabel(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt, got, tt.want)
		}
	}
}
