package cli

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/keytest"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// keySourceDocs are profiles that take the key, @K@, from each source
// there is.
var keySourceDocs = []string{
	"[profiles.p]\nkey_env = \"SHOP_KEY\"\napi_url = \"API_URL\"\n",
	"[profiles.p]\nkey_command = \"echo @K@\"\napi_url = \"API_URL\"\n",
	"[profiles.p]\nkeyring = true\napi_url = \"API_URL\"\n",
	"[profiles.p]\nkey = \"@K@\"\napi_url = \"API_URL\"\n",
}

// misplacedDocs hold the key where it does not belong: each is an error.
var misplacedDocs = []string{
	"[profiles.p]\nkey_env = \"@K@\"\n",
	"[profiles.p]\nkeyring = true\nprofile_id = \"@K@\"\n",
	"[profiles.p]\ntestmode = \"@K@\"\n",
	"[profiles.p]\nkey_command = \"echo @K@ @K@\"\n",
	"[profiles.p]\nkey_command = \"echo @K@; exit 1\"\n",
	"[views.@K@]\nquery = \"@K@:x\"\n",
	"[profiles.p]\nkeyring = true\n[views.v]\ncolumns = [\"@K@\"]\n",
}

// TestNoKeyFromAnySource is TestNoPieceOfTheKeyInTexts (source) for the
// whole command, over every source of the key: whatever the API echoes
// of the key, and wherever the config file holds it, nothing the command
// prints or says holds a piece of it.
func TestNoKeyFromAnySource(t *testing.T) {
	r := rand.New(rand.NewPCG(26, 26))
	for round := range 40 {
		key := keytest.Random(r)
		srv := molliefake.New(t, molliefake.WithKey(key))
		id := srv.AddCustomer(molliefake.Customer{ID: "cst_Echo" + fmt.Sprint(round)})
		detail := keytest.Disguise(r, key)
		srv.Fail(id, molliefake.Fault{Status: 422, Body: fmt.Sprintf(`{"status":422,"title":"Unprocessable %s","detail":%q}`, detail[:min(len(detail), 10)], detail)})
		doc := keySourceDocs[round%len(keySourceDocs)]
		w := newWorld(t, strings.ReplaceAll(strings.ReplaceAll(doc, "@K@", key), "API_URL", srv.URL))
		w.env["SHOP_KEY"], w.ring["p"] = key, key
		runs := [][]string{{"--profile", "p", "--customer", id, "--output", "tsv"}, {"auth", "status", "--profile", "p"}}
		for _, args := range runs {
			out, errOut, _ := w.run("", args...)
			if p := keytest.LeakedPiece(out+errOut, key); p != "" {
				t.Fatalf("round %d, %q, %v: the output holds %q:\n%s%s", round, doc, args, p, out, errOut)
			}
		}
		bad := misplacedDocs[round%len(misplacedDocs)]
		os.WriteFile(w.path(), []byte(strings.ReplaceAll(bad, "@K@", key)), 0o600)
		out, errOut, code := w.run("", "--profile", "p", "--demo", "--output", "tsv")
		if code == 0 || keytest.LeakedPiece(out+errOut, key) != "" {
			t.Fatalf("round %d, %q: exit %d, the output holds the key:\n%s%s", round, bad, code, out, errOut)
		}
	}
}
