package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/eventbrowser/eventbrowser/internal/config"
	"github.com/eventbrowser/eventbrowser/source"
)

// configCommand is `eventbrowser config path`: where the config file is.
func configCommand(e Env) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "The config file (config.toml)", Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return usagef("config needs a command: path") }}
	var f configFlags
	path := &cobra.Command{Use: "path", Short: "Print where the config file is", Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			p, err := config.Path(f.path, e.getenv)
			if err != nil {
				return usagef("%v", err)
			}
			fmt.Fprintln(e.stdout, p)
			return nil
		}}
	path.Flags().StringVar(&f.path, "config", "", "the config file instead of the default one")
	cmd.AddCommand(path)
	return cmd
}

// authCommand is `eventbrowser auth login|logout|status`: a profile's key
// in the OS keyring, and which key a run would use.
func authCommand(e Env) *cobra.Command {
	cmd := &cobra.Command{Use: "auth", Short: "A profile's API key: login, logout, status", Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return usagef("auth needs a command: login, logout or status") }}
	sub := func(use, short string, run func(configFlags) error) {
		var f configFlags
		c := &cobra.Command{Use: use, Short: short, Args: cobra.NoArgs,
			RunE: func(*cobra.Command, []string) error { return failed(run(f)) }}
		c.Flags().StringVar(&f.path, "config", "", "the config file instead of the default one")
		c.Flags().StringVar(&f.profile, "profile", "", "the profile (default: default_profile)")
		c.RegisterFlagCompletionFunc("profile", completeNames(e.getenv, (*config.Config).ProfileNames))
		cmd.AddCommand(c)
	}
	sub("login", "Read a profile's key without echo and keep it in the OS keyring", func(f configFlags) error { return authLogin(e, f) })
	sub("logout", "Remove a profile's key from the OS keyring", func(f configFlags) error { return authLogout(e, f) })
	sub("status", "Say which profile, mode and key (its prefix only) a run uses, and from where", func(f configFlags) error { return authStatus(e, f) })
	return cmd
}

// authProfile is the profile auth works on: --profile, else the default.
func authProfile(e Env, f configFlags, must bool) (*config.Config, string, error) {
	cfg, err := loadConfig(f, e.getenv)
	if err != nil {
		return nil, "", usagef("%v", err)
	}
	name := f.profile
	if name == "" {
		name = cfg.DefaultProfile
	}
	if name == "" && must {
		return nil, "", usagef("name the profile: --profile NAME")
	}
	if cfg.File() == "" {
		return nil, "", usagef("there is no place for a config file: set $HOME or use --config")
	}
	return cfg, name, nil
}

// authLogin reads a key (without echo from a terminal, else a line of
// stdin), checks its shape, keeps it in the keyring under the profile's
// name and sets keyring = true in the profile.
func authLogin(e Env, f configFlags) error {
	cfg, name, err := authProfile(e, f, true)
	if err != nil {
		return err
	}
	if err := config.CheckName(name); err != nil {
		return usagef("--profile: %v", err)
	}
	if e.keyring == nil {
		return errors.New("there is no OS keyring here: use key_env or key_command in the profile")
	}
	key, err := readKey(e, name)
	if err != nil {
		return err
	}
	if err := source.CheckKey(key, "the key"); err != nil {
		return usagef("%v", err)
	}
	if err := e.keyring.Set(name, key); err != nil {
		return fmt.Errorf("cannot keep the key in the OS keyring: %w", err)
	}
	if err := config.EnableKeyring(cfg.File(), name); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "kept the %s key of profile %s in the OS keyring; %s says keyring = true\n",
		source.KeyPrefix(key), name, cfg.File())
	return nil
}

// readKey reads the key: from the terminal without echo, or a line of
// stdin when it is not a terminal (a password manager's output piped in).
func readKey(e Env, name string) (string, error) {
	if e.stdin != nil && term.IsTerminal(e.stdin.Fd()) {
		fmt.Fprintf(e.stderr, "Mollie API key for profile %s (not shown): ", name)
		b, err := term.ReadPassword(e.stdin.Fd())
		fmt.Fprintln(e.stderr)
		return strings.TrimSpace(string(b)), err
	}
	var r io.Reader = strings.NewReader("")
	if e.stdin != nil {
		r = e.stdin
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("cannot read the key: %w", err)
	}
	return strings.TrimSpace(line), nil
}

func authLogout(e Env, f configFlags) error {
	_, name, err := authProfile(e, f, true)
	if err != nil {
		return err
	}
	if e.keyring == nil {
		return errors.New("there is no OS keyring here")
	}
	switch err := e.keyring.Delete(name); {
	case errors.Is(err, config.ErrNotInKeyring):
		fmt.Fprintf(e.stdout, "the OS keyring holds no key of profile %s\n", name)
	case err != nil:
		return fmt.Errorf("cannot remove the key from the OS keyring: %w", err)
	default:
		fmt.Fprintf(e.stdout, "removed the key of profile %s from the OS keyring\n", name)
	}
	return nil
}
