package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEndToEndProfileAndViews browses the fake API with --profile, the key
// taken from the variable the profile names: the title and the status line
// say the profile and its mode; v opens a saved view and V saves one,
// into the config file, beside the user's comments.
func TestEndToEndProfileAndViews(t *testing.T) {
	bin := buildBinary(t)
	srv, ids := fakeMollie(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "eventbrowser", "config.toml")
	os.MkdirAll(filepath.Dir(path), 0o700)
	doc := fmt.Sprintf(`# my shops
[profiles.shop-nl]
key_env = "SHOP_NL_KEY"   # from the password manager, at login
api_url = %q

[views.payments]
query = "payment"
sort = "created"
`, srv.URL)
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	env := fmt.Sprintf("env -u MOLLIE_API_KEY XDG_CONFIG_HOME=%q SHOP_NL_KEY=%q TZ=UTC", dir, srv.Key)

	out, _, code := sh(t, fmt.Sprintf("%s %q auth status --profile shop-nl", env, bin))
	if code != 0 || !strings.Contains(out, "profile  shop-nl\nmode     test\nkey      test_… from $SHOP_NL_KEY (key_env)\n") || strings.Contains(out, srv.Key[5:]) {
		t.Errorf("auth status: exit %d\n%s", code, out)
	}

	term := startTerminal(t, fmt.Sprintf("%s %q --profile shop-nl --history events --customer %s", env, bin, strings.Join(ids[:2], ",")))
	term.waitFor("shop-nl · test · 3 events")
	if title := term.format("#{pane_title}"); !strings.Contains(title, "shop-nl · test") {
		t.Errorf("the window title %q does not say the profile", title)
	}
	term.keys("v")
	term.waitFor("Saved views")
	term.keys("Enter")
	s := term.waitFor("shop-nl · test · 1 of 3 events · payment · sort created ↑")
	if !strings.Contains(s, "Payment created") || strings.Contains(s, "Customer created") {
		t.Errorf("the view does not show its rows:\n%s", s)
	}
	term.keys("V")
	term.text("mine")
	term.keys("Enter")
	term.waitFor("saved view mine")
	term.keys("q")
	if status := term.waitForExit(); status != "0" {
		t.Errorf("exit status %s after q, want 0", status)
	}
	got, _ := os.ReadFile(path)
	if want := doc + "\n[views.mine]\nquery = \"payment\"\nsort = \"created\"\nhistory = \"events\"\n"; string(got) != want {
		t.Errorf("the config file became\n%s\nwant\n%s", got, want)
	}
}
