package cli

import (
	"cmp"
	"fmt"
	"text/tabwriter"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/config"
	"github.com/eventbrowser/eventbrowser/source"
)

// authStatus says what a run would use: the config file, the profile,
// the mode, the key's prefix and where it came from, the API; and warns
// when the key is written in a file others can read. No key is a failure.
func authStatus(e Env, f configFlags) error {
	cfg, name, err := authProfile(e, f, false)
	if err != nil {
		return err
	}
	p, name, err := cfg.Profile(name)
	if err != nil {
		return usagef("--profile: %v", err)
	}
	key, err := config.ResolveKey(name, p, keySources(e))
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "config\t%s\n", cfg.File())
	fmt.Fprintf(w, "profile\t%s\n", cmp.Or(name, "(none)"))
	if key.Value() == "" {
		w.Flush()
		return fmt.Errorf("no key: set %s, or give a profile (--profile, or default_profile in %s)", source.KeyEnv, cfg.File())
	}
	fmt.Fprintf(w, "mode\t%s\n", config.Mode(key.Value(), p.Testmode))
	from := key.Source
	if name != "" && key.Source == source.KeyEnv {
		from += " (set, so it wins over the profile's own)"
	}
	fmt.Fprintf(w, "key\t%s from %s\n", key.Prefix(), from)
	fmt.Fprintf(w, "api\t%s\n", cmp.Or(p.APIURL, source.DefaultAPIURL))
	if p.ProfileID != "" {
		fmt.Fprintf(w, "profile_id\t%s\n", p.ProfileID)
	}
	w.Flush()
	if p.Key != "" && config.OthersCanRead(cfg.File()) {
		warnf(e.stderr, "eventbrowser: warning: %s holds the key of profile %s and others can read it: chmod 600 %s\n",
			cfg.File(), name, cells.ShellQuote(cfg.File()))
	}
	return nil
}
