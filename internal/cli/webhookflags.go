package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/eventbrowser/eventbrowser/internal/config"
	"github.com/eventbrowser/eventbrowser/query"
	"github.com/eventbrowser/eventbrowser/source/webhook"
)

// webhookFlags are the flags listen and replay share: where deliveries
// are forwarded, which events, and the config file and profile the
// signing secrets (and listen's key) may come from.
type webhookFlags struct {
	forwardTo string
	queries   []query.Query
	config    configFlags // --config and --profile; views are the table's

	// What resolve makes of them.
	cfg         *config.Config
	profile     config.Profile
	profileName string // "" without a profile
}

// bind binds the shared flags to cmd's flag set, with completion of the
// profile's name.
func (w *webhookFlags) bind(b *flagBinder, cmd *cobra.Command, getenv func(string) string) {
	b.fs.StringVar(&w.forwardTo, "forward-to", "", "")
	bindQueries(b, &w.queries)
	b.fs.StringVar(&w.config.path, "config", "", "")
	b.fs.StringVar(&w.config.profile, "profile", "", "")
	cmd.RegisterFlagCompletionFunc("profile", completeNames(getenv, (*config.Config).ProfileNames))
	cmd.RegisterFlagCompletionFunc("forward-to", cobra.NoFileCompletions)
}

// resolve checks --forward-to and reads the config file and the profile:
// --profile's, else default_profile's. Its errors are usage errors.
func (w *webhookFlags) resolve(getenv func(string) string) error {
	if w.forwardTo != "" {
		if err := checkForwardURL(w.forwardTo); err != nil {
			return usagef("--forward-to: %v", err)
		}
	}
	cfg, err := loadConfig(w.config, getenv)
	if err != nil {
		return usagef("%v", err)
	}
	w.cfg = cfg
	if w.profile, w.profileName, err = cfg.Profile(w.config.profile); err != nil {
		return usagef("--profile: %v", err)
	}
	return nil
}

// secrets are the signing secrets: MOLLIE_WEBHOOK_SECRET's when it is
// set, else those in the variable the profile's webhook_secret_env names;
// none without either. A profile's variable that is not set is an error.
// Secrets never come from a flag: a flag's value shows in ps.
func (w *webhookFlags) secrets(getenv func(string) string) (webhook.Secrets, error) {
	if s := webhook.ParseSecrets(getenv(webhook.SecretEnv)); len(s) > 0 {
		return s, nil
	}
	name := w.profile.WebhookSecretEnv
	if name == "" {
		return nil, nil
	}
	s := webhook.ParseSecrets(getenv(name))
	if len(s) == 0 {
		return nil, fmt.Errorf("profile %s: webhook_secret_env names %s, which is not set (nor is %s)", w.profileName, name, webhook.SecretEnv)
	}
	return s, nil
}
