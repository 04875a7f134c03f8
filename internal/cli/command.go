package cli

import (
	"fmt"
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/config"
	"github.com/eventbrowser/eventbrowser/output"
	"github.com/spf13/cobra"
)

// newCommand is the eventbrowser command (cobra, with pflag's flags): the
// flags bound into the options it returns (bindFlags), completion of
// flags, of their fixed values and of file names, a hidden man page, and
// the help text. Once the flags are parsed and validated, runF runs with
// the options; Run's runs the program, a test's can look at them.
func newCommand(e Env, args []string, runF func(*options) error) (*options, *cobra.Command) {
	cmd := &cobra.Command{
		Use:           "eventbrowser [flags] [FILE...]",
		Short:         "Browse Mollie customer events in the terminal, or print them for scripts",
		Args:          cobra.ArbitraryArgs, // files, and ./name for a file named like a command
		SilenceErrors: true,
		SilenceUsage:  true,
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveDefault // file names
		},
	}
	o := newOptions(e)
	flags := bindFlags(cmd.Flags(), args, e.now, o)
	cmd.SetArgs(args)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return flags.usageError(err) })
	cmd.RunE = func(c *cobra.Command, paths []string) error {
		o.changed = c.Flags().Changed
		if err := o.validate(e, paths); err != nil {
			return err
		}
		return runF(o)
	}
	fixed := func(values ...string) cobra.CompletionFunc {
		return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
	}
	cmd.RegisterFlagCompletionFunc("output", fixed(output.FormatNames()...))
	cmd.RegisterFlagCompletionFunc("sort", fixed("-created", "created", "type", "-type", "message", "-message", "none", "-none"))
	cmd.RegisterFlagCompletionFunc("profile", completeNames(e.getenv, (*config.Config).ProfileNames))
	cmd.RegisterFlagCompletionFunc("columns", completeColumns)
	cmd.RegisterFlagCompletionFunc("view", completeNames(e.getenv, (*config.Config).ViewNames))
	for _, name := range []string{"type", "grep", "since", "until", "query", "customer", "concurrency", "api-url", "timeout", "watch", "max-event-size", "max-held"} {
		cmd.RegisterFlagCompletionFunc(name, cobra.NoFileCompletions)
	}
	defaultHelp := cmd.HelpFunc()
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c.HasParent() {
			defaultHelp(c, args)
			return
		}
		fmt.Fprint(c.OutOrStdout(), usage)
	})
	cmd.AddCommand(manCommand(e.build.Version), configCommand(e), authCommand(e))
	cmd.SetOut(e.stdout)
	cmd.SetErr(e.stderr)
	strictCompletion(cmd) // after SetOut: cobra's scripts keep the writer they find
	return o, cmd
}

// shells are the shells cobra writes completions for.
const shells = "bash, zsh, fish or powershell"

// strictCompletion makes `completion` with no shell, or one cobra does not
// know, a usage error (exit 2), where cobra would print help and exit 0.
func strictCompletion(cmd *cobra.Command) {
	cmd.InitDefaultCompletionCmd()
	for _, c := range cmd.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("completion needs a shell: %s", shells)
			}
			return usagef("completion: unknown shell %q: want %s", args[0], shells)
		}
	}
}

// pflagMessage says a flag parse error in the words of the rest of the
// program: "unknown flag --bogus", "--since needs a value".
func pflagMessage(msg string) string {
	switch {
	case strings.HasPrefix(msg, "unknown flag: "):
		return "unknown flag " + strings.TrimPrefix(msg, "unknown flag: ")
	case strings.HasPrefix(msg, "unknown shorthand flag: "):
		if _, flag, ok := strings.Cut(msg, " in "); ok {
			return "unknown flag " + flag
		}
	case strings.HasPrefix(msg, "flag needs an argument: "):
		name := strings.TrimPrefix(msg, "flag needs an argument: ")
		if short, _, ok := strings.Cut(name, " in "); ok {
			name = "-" + strings.Trim(short, "'")
		}
		return name + " needs a value"
	case strings.HasPrefix(msg, "invalid argument "):
		// invalid argument "maybe" for "--demo" flag: strconv.ParseBool: …
		if arg, rest, ok := strings.Cut(strings.TrimPrefix(msg, "invalid argument "), " for "); ok {
			flag, _, _ := strings.Cut(strings.Trim(rest, `"`), `" flag`)
			if f := strings.Fields(flag); len(f) > 0 {
				flag = f[len(f)-1]
			}
			return flag + ": " + arg + " is not true or false"
		}
	}
	return msg
}
