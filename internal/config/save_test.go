package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const commented = `# eventbrowser's config
default_profile = "shop"   # the one I use most

[profiles.shop]
key_env = "SHOP_KEY"

# views for the support desk
[views.failed]
# payments that failed
query = "type:payment.failed"
sort = "created"

[views.other]
query = "mandate"
`

// TestSaveView: a new view is appended, an existing one has only its
// keys' lines replaced, and every comment and other line stays.
func TestSaveView(t *testing.T) {
	path := write(t, commented)
	if err := SaveView(path, "new-one", View{Query: `"3-D Secure" type:222`, Columns: []string{"created", "message"}}, columns); err != nil {
		t.Fatal(err)
	}
	if err := SaveView(path, "failed", View{Query: "type:payment.failed !paid", Sort: "-created", History: "resources"}, columns); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := `# eventbrowser's config
default_profile = "shop"   # the one I use most

[profiles.shop]
key_env = "SHOP_KEY"

# views for the support desk
[views.failed]
query = "type:payment.failed !paid"
sort = "-created"
history = "resources"
# payments that failed

[views.other]
query = "mandate"

[views.new-one]
query = "\"3-D Secure\" type:222"
columns = ["created", "message"]
`
	if string(got) != want {
		t.Errorf("the file became\n%s\nwant\n%s", got, want)
	}
	c, err := Load(path, true, columns)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := c.View("new-one"); v.Query != `"3-D Secure" type:222` || len(v.Columns) != 2 {
		t.Errorf("read back: %+v", v)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("the file's mode became %v", st.Mode())
	}
}

// TestSaveViewRefuses: where the table is not one key a line, or the
// file does not read, nothing is written and the user is told why.
func TestSaveViewRefuses(t *testing.T) {
	for _, tt := range []struct{ doc, want string }{
		{"[views.x]\ncolumns = [\n  \"created\",\n]\n", "cannot write [views.x] into "},
		{"views = { x = { query = \"a\" } }\n", "cannot write [views.x] into "},
		{"[views.\"x\"]\nquery = '''\na\n'''\n", "cannot write [views.x] into "},
		{"[views.y]\nquery = 3\n", "views.y.query: want a string in quotes, not an integer (fix it before saving into it)"},
	} {
		path := write(t, tt.doc)
		err := SaveView(path, "x", View{Query: "b"}, columns)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.doc, err, tt.want)
		}
		if got, _ := os.ReadFile(path); string(got) != tt.doc {
			t.Errorf("%q: the file changed to %q", tt.doc, got)
		}
	}
	if err := SaveView(write(t, ""), "a b", View{}, columns); err == nil || !strings.Contains(err.Error(), "letters, digits") {
		t.Errorf("a name with a space: %v", err)
	}
}

// TestSaveIntoNewFile: saving with no config file makes one, the user's
// alone, in a directory that is too.
func TestSaveIntoNewFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "eventbrowser", "config.toml")
	if err := EnableKeyring(path, "shop"); err != nil {
		t.Fatal(err)
	}
	if err := SaveView(path, "v", View{Sort: "type"}, columns); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if want := "[profiles.shop]\nkeyring = true\n\n[views.v]\nsort = \"type\"\n"; string(got) != want {
		t.Errorf("%q, want %q", got, want)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode())
	}
	if st, _ := os.Stat(filepath.Dir(path)); st.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v", st.Mode())
	}
	if OthersCanRead(path) {
		t.Error("OthersCanRead of a 0600 file")
	}
	os.Chmod(path, 0o644)
	if !OthersCanRead(path) {
		t.Error("OthersCanRead of a 0644 file")
	}
}

// TestEnableKeyring: an existing profile gains the line, a profile with
// another source is refused.
func TestEnableKeyring(t *testing.T) {
	path := write(t, "[profiles.a]\napi_url = \"http://127.0.0.1:1\" # local\n")
	if err := EnableKeyring(path, "a"); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "[profiles.a]\nkeyring = true\napi_url = \"http://127.0.0.1:1\" # local\n" {
		t.Errorf("%q", got)
	}
	path = write(t, "[profiles.a]\nkey_env = \"A\"\n")
	if err := EnableKeyring(path, "a"); err == nil || !strings.Contains(err.Error(), "give one of key_env") {
		t.Errorf("a profile with key_env: %v", err)
	}
}
