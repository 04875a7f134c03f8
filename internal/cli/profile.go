package cli

import (
	"fmt"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/eventbrowser/eventbrowser/internal/config"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source"
	"github.com/eventbrowser/eventbrowser/ui"
)

// configFlags are the flags that reach the config file: which file,
// which profile, which view.
type configFlags struct {
	path, profile, view string
}

func (o *options) bindConfig(b *flagBinder) {
	b.fs.StringVar(&o.config.path, "config", "", "")
	b.fs.StringVar(&o.config.profile, "profile", "", "")
	b.fs.StringVar(&o.config.view, "view", "", "")
}

// loadConfig reads the config file, which need not exist unless --config
// names it. Without a place for it (no $HOME) it is empty, unless a flag
// needs it.
func loadConfig(f configFlags, getenv func(string) string) (*config.Config, error) {
	path, err := config.Path(f.path, getenv)
	if err != nil {
		if f.profile != "" || f.view != "" {
			return nil, err
		}
		return &config.Config{}, nil
	}
	return config.Load(path, f.path != "", ui.ColumnNames)
}

// keySources are where keys come from in e.
func keySources(e Env) config.Sources {
	return config.Sources{Getenv: e.getenv, Keyring: e.keyring, Run: e.runKeyCommand}
}

// applyConfig reads the config file and applies the view (--view) and
// the profile (--profile, or default_profile when the API is asked for):
// its key, unless MOLLIE_API_KEY is set, its API URL, profile ID and
// test mode, unless their flags are given. Its errors are usage errors.
func (o *options) applyConfig(e Env) error {
	cfg, err := loadConfig(o.config, e.getenv)
	if err != nil {
		return usagef("%v", err)
	}
	o.cfg = cfg
	if err := o.applyView(e.now); err != nil {
		return err
	}
	m := &o.mollie
	p, name, err := cfg.Profile(o.config.profile)
	if err != nil {
		return usagef("--profile: %v", err)
	}
	// The default profile's key is read when the API is asked for: a
	// key_command may prompt for a passphrase.
	needed := o.config.profile != "" || len(m.Customers) > 0 || m.AllCustomers || o.expand
	if !needed {
		name = ""
	}
	key, err := config.ResolveKey(name, p, keySources(e))
	if err != nil {
		return usagef("%v", err)
	}
	m.Key, o.keySource, o.profileName = key.Value(), key.Source, name
	if name == "" {
		return nil
	}
	if p.APIURL != "" && !o.changed("api-url") {
		m.BaseURL = p.APIURL
	}
	if !o.changed("testmode") {
		m.Testmode = p.Testmode
	}
	m.ProfileID = p.ProfileID
	return nil
}

// applyView presets the query, sort, columns and history of --view,
// where their flags do not say otherwise; the view's query and the
// flags' must all hold.
func (o *options) applyView(now time.Time) error {
	if o.config.view == "" {
		return nil
	}
	v, err := o.cfg.View(o.config.view)
	if err != nil {
		return usagef("--view: %v", err)
	}
	q, err := query.Parse(v.Query, now, time.Local)
	if err != nil {
		return usagef("--view: %v", err)
	}
	o.queries = append([]query.Query{q}, o.queries...)
	if v.Sort != "" && !o.changed("sort") {
		if o.sort, err = model.ParseSort(v.Sort); err != nil {
			return usagef("--view: %v", err)
		}
	}
	if v.History != "" && !o.changed("history") {
		o.mollie.History = v.History
	}
	if !o.changed("columns") {
		o.columns = v.Columns
	}
	return nil
}

// profileLabel is what the screen says of the profile and its mode:
// "shop-nl · live"; the mode alone without a profile, the variable's name
// for the profile's when MOLLIE_API_KEY won over it; "" without a key.
func (o *options) profileLabel() string {
	m := &o.mollie
	if m.Key == "" {
		return ""
	}
	mode := config.Mode(m.Key, m.Testmode)
	switch {
	case o.profileName == "":
		return mode
	case o.keySource == source.KeyEnv:
		return source.KeyEnv + " · " + mode
	}
	return o.profileName + " · " + mode
}

// savedViews are the config's views for the table's v.
func (o *options) savedViews() []ui.SavedView {
	var views []ui.SavedView
	for _, name := range o.cfg.ViewNames() {
		v := o.cfg.Views[name]
		views = append(views, ui.SavedView{Name: name, Query: v.Query, Sort: v.Sort, Columns: v.Columns})
	}
	return views
}

// saveView writes a view from the table's V into the config file.
func (o *options) saveView(v ui.SavedView) error {
	if o.cfg.File() == "" {
		return fmt.Errorf("there is no place for a config file: set $HOME or use --config")
	}
	return config.SaveView(o.cfg.File(), v.Name, config.View{Query: v.Query, Sort: v.Sort, Columns: v.Columns,
		History: o.viewHistory()}, ui.ColumnNames)
}

// viewHistory is the --history a saved view keeps: the one asked for,
// unless it is the default.
func (o *options) viewHistory() string {
	if h := o.mollie.History; h != source.HistoryAuto {
		return h
	}
	return ""
}

// completeNames completes the names of the config's profiles or views,
// from the file --config names or the default one.
func completeNames(getenv func(string) string, names func(*config.Config) []string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		path, _ := cmd.Flags().GetString("config")
		cfg, err := loadConfig(configFlags{path: path}, getenv)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		}
		return slices.Clone(names(cfg)), cobra.ShellCompDirectiveNoFileComp
	}
}
