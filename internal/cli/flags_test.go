package cli

import (
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/query"
)

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stdin  string // "" is /dev/null
		reason string // in the first line of stderr
	}{
		{"unknown flag", []string{"--bogus", cliFixture}, "", "unknown flag --bogus"},
		{"unknown short flag", []string{"-x", cliFixture}, "", "unknown flag -x"},
		{"type not a number", []string{"--type", "2x", cliFixture}, "", `--type: bad type "2x"`},
		{"type not an integer", []string{"--type", "1.5", cliFixture}, "", `--type: bad type "1.5"`},
		{"type out of range", []string{"--type", "200,99999999999", cliFixture}, "", `--type: bad type "99999999999"`},
		{"since a word", []string{"--since", "yesterday", cliFixture}, "", `--since: cannot read "yesterday" as a time`},
		{"until a bad unit", []string{"--until", "3x", cliFixture}, "", `--until: cannot read "3x" as a time`},
		{"since a negative duration", []string{"--since=-5h", cliFixture}, "", `--since: cannot read "-5h" as a time`},
		{"sort", []string{"--sort", "foo", cliFixture}, "", `--sort: unknown sort "foo"`},
		{"sort descending unknown", []string{"--sort", "-date", cliFixture}, "", `--sort: unknown sort "date"`},
		{"output", []string{"--output", "xml", cliFixture}, "", `--output: unknown output format "xml"`},
		{"since without a value", []string{"--since"}, "", "--since needs a value"},
		{"demo with a file", []string{"--demo", cliFixture}, "", "--demo takes no files"},
		{"status without --expand", []string{"-q", "status:paid", cliFixture}, "", "status: needs --expand"},
		{"demo not a boolean", []string{"--demo=maybe"}, "", "--demo"},
		{"no-mouse not a boolean", []string{"--no-mouse=maybe", cliFixture}, "", "--no-mouse"},
		{"max-held not a size", []string{"--max-held", "lots", cliFixture}, "", "--max-held"},
		{"max-held a bad unit", []string{"--max-held", "3XB", cliFixture}, "", "--max-held"},
		{"no input at all", nil, "", "no events to show"},
		{"no input, only filters", []string{"--type", "200"}, "", "no events to show"},
		{"usage before a missing file", []string{"--type", "x y", "no-such-file.json"}, "", `--type: bad type "x y"`},
		{"query with a bad type", []string{"--query", "paid type:2abc", cliFixture}, "",
			`--query: type:2abc at column 6: "2abc" is not a type: want a type number, a range like 220..229, a name like payment.failed or a prefix like payment.*`},
		{"query with an unknown field", []string{"-q", "foo:x", cliFixture}, "", `-q: foo:x at column 1: unknown field "foo"`},
		{"query with a bad time", []string{"-q", "since:yesterday", cliFixture}, "", `-q: since:yesterday at column 1: cannot read "yesterday" as a time`},
		{"query with a bad regexp", []string{"-q", "/(/", cliFixture}, "", "-q: /(/ at column 1: invalid regexp: missing closing ): `(`"},
		{"query with an unclosed quote", []string{"-q", `a "b`, cliFixture}, "", `-q: "b at column 3: unclosed quote: end it with "`},
		{"a bad query after good ones", []string{"-q", "a", "--query", "!", cliFixture}, "", `--query: ! at column 1: want a term after !`},
		{"query without a value", []string{cliFixture, "-q"}, "", "-q needs a value"},
		{"man with an argument", []string{"man", "x"}, "", `unknown command "x" for "eventbrowser man"`},
		{"completion with an extra argument", []string{"completion", "bash", "x"}, "", `unknown command "x" for "eventbrowser completion bash"`},
		{"--expand and --watch when printing", []string{"--demo", "--expand", "--watch", "5s"}, "", "--expand and --watch do not go together when printing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := cliRun(t, cliStdin(t, tt.stdin), tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[0], "eventbrowser: ") || !strings.Contains(lines[0], tt.reason) ||
				lines[1] != "Run 'eventbrowser --help' for usage." {
				t.Errorf("stderr:\n%s\nwant one line with %q, then the pointer to --help", errOut, tt.reason)
			}
		})
	}
}

// commandOptions is the options newCommand makes of args, parsed and
// validated, without running anything.
func commandOptions(t *testing.T, args []string, e Env) (*options, error) {
	t.Helper()
	var got *options
	_, cmd := newCommand(e, args, func(o *options) error { got = o; return nil })
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err != nil {
		return nil, err
	}
	if got == nil {
		t.Fatalf("%q ran nothing", args)
	}
	return got, nil
}

// parsed is what TestOptions looks at of the options.
type parsed struct {
	demo, skipInvalid, noMouse bool
	paths                      []string
	query                      string // the filter's, as its text
	output                     string
	demoResources              bool // resources from the demo, not the API
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  parsed // sort aside
		sort  string // as --sort takes it; "" means the default
	}{
		{"defaults", []string{cliFixture}, "", parsed{}, ""},
		{"several files", []string{"a.json", "-", "b.json"}, "", parsed{paths: []string{"a.json", "-", "b.json"}}, ""},
		{"stdin when piped and no file", nil, "[]", parsed{paths: []string{"-"}}, ""},
		{"demo", []string{"--demo"}, "", parsed{demo: true, paths: []string{}}, ""},
		{"skip-invalid", []string{"--skip-invalid", cliFixture}, "", parsed{skipInvalid: true}, ""},
		{"no-mouse", []string{"--no-mouse", cliFixture}, "", parsed{noMouse: true}, ""},
		{"no-mouse after the files", []string{cliFixture, "--no-mouse=true"}, "", parsed{noMouse: true}, ""},
		{"one type", []string{"--type", "200", cliFixture}, "", parsed{query: "type:200"}, ""},
		{"types repeated and comma-separated", []string{"--type", "200,300", "--type=400", "--type", " 500 , -1 ", cliFixture}, "",
			parsed{query: "type:-1,200,300,400,500"}, ""},
		{"types in a run", []string{"--type", "222,220,221", cliFixture}, "", parsed{query: "type:220..222"}, ""},
		{"types as type: takes them", []string{"--type", "payment.*,230..239", "--type", "222, refund.refunded,payment.*", "--type", "200", cliFixture}, "",
			parsed{query: "type:200,222,230..239,payment.*,refund.refunded"}, ""},
		{"grep", []string{"--grep", "Mandate Created", cliFixture}, "", parsed{query: `"Mandate Created"`}, ""},
		{"grep negated", []string{"--grep", "!mandate", cliFixture}, "", parsed{query: "!mandate"}, ""},
		{"grep what reads as a term", []string{"--grep", `type:200 "x"`, cliFixture}, "", parsed{query: `"type:200 \"x\""`}, ""},
		{"grep a lone ! shows all", []string{"--grep", "!", cliFixture}, "", parsed{query: ""}, ""},
		{"the last grep wins, even an empty one", []string{"--grep", "x", "--grep=", cliFixture}, "", parsed{}, ""},
		{"the last since wins", []string{"--since", "7d", "--since", "2024-03-20", cliFixture}, "", parsed{query: "since:2024-03-20"}, ""},
		{"a query keeps its spacing, an empty one is left out", []string{"-q", "type:200   paid", "-q", "", cliFixture}, "", parsed{query: "type:200   paid"}, ""},
		{"since and until RFC 3339", []string{"--since", "2024-03-20T09:00:00Z", "--until", "2024-05-22T15:11:19+02:00", cliFixture}, "",
			parsed{query: "since:2024-03-20T09:00:00Z until:2024-05-22T15:11:19+02:00"}, ""},
		{"since a date", []string{"--since", "2024-03-20", cliFixture}, "", parsed{query: "since:2024-03-20"}, ""},
		{"since and until durations", []string{"--since", "7d", "--until", "36h", cliFixture}, "", parsed{query: "since:7d until:36h"}, ""},
		{"query", []string{"--query", "type:220..229 !paid", cliFixture}, "", parsed{query: "type:220..229 !paid"}, ""},
		{"-q, repeated", []string{"-q", "paid", "-q=source:cst_8w*", cliFixture}, "", parsed{query: "paid source:cst_8w*"}, ""},
		{"query and every filter flag", []string{"--until", "1d", "--grep", "Pay", "-q", `"a b" !is:new`, "--type", "300", "--since", "7d", "--type", "200", cliFixture}, "",
			parsed{query: `"a b" !is:new type:200,300 Pay since:7d until:1d`}, ""},
		{"sort ascending", []string{"--sort", "created", cliFixture}, "", parsed{}, "created"},
		{"sort descending", []string{"--sort", "-type", cliFixture}, "", parsed{}, "-type"},
		{"sort by message", []string{"--sort=message", cliFixture}, "", parsed{}, "message"},
		{"last sort wins", []string{"--sort", "type", "--sort", "-message", cliFixture}, "", parsed{}, "-message"},
		{"output", []string{"--output", "ndjson", cliFixture}, "", parsed{output: "ndjson"}, ""},
		{"last output wins", []string{"--output", "json", "--output", "table", cliFixture}, "", parsed{output: "table"}, ""},
		{"flags after files", []string{"a.json", "--output", "json", "b.json", "--type", "200"}, "",
			parsed{paths: []string{"a.json", "b.json"}, output: "json", query: "type:200"}, ""},
		{"everything after -- is a file", []string{"--output", "json", "--", "--type", "-"}, "",
			parsed{paths: []string{"--type", "-"}, output: "json"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := commandOptions(t, tt.args, Env{stdin: cliStdin(t, tt.stdin), now: cliNow})
			if err != nil {
				t.Fatalf("%q: %v", tt.args, err)
			}
			want := tt.want
			if want.paths == nil && !want.demo {
				want.paths = []string{cliFixture}
			}
			want.demoResources = want.demo
			if tt.sort == "" {
				tt.sort = "-created"
			}
			if o.sort.String() != tt.sort {
				t.Errorf("sort %v, want %s", o.sort, tt.sort)
			}
			// The filter flags are all in the query, which reads as if typed.
			q, err := query.Parse(want.query, cliNow, time.Local)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := o.filter.String(), q.String(); g != w {
				t.Errorf("query %q, want %q", g, w)
			}
			got := parsed{demo: o.demo, skipInvalid: o.skipInvalid, noMouse: o.noMouse, paths: o.paths,
				query: o.filter.Text(), output: o.output, demoResources: o.resources != nil}
			if len(got.paths) == 0 && len(want.paths) == 0 {
				got.paths, want.paths = nil, nil
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%q gives\n%+v\nwant\n%+v", tt.args, got, want)
			}
		})
	}
}

// TestMaxHeld: --max-held sets the cap of the resources held, parsed as
// --max-event-size is; without it Held keeps its default.
func TestMaxHeld(t *testing.T) {
	tests := []struct {
		args []string
		want int64
	}{
		{[]string{cliFixture}, 0},
		{[]string{"--max-held", "300MB", cliFixture}, 300 << 20},
		{[]string{"--max-held=2GB", cliFixture}, 2 << 30},
	}
	for _, tt := range tests {
		o, err := commandOptions(t, tt.args, Env{stdin: cliStdin(t, ""), now: cliNow})
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got := o.newHeld(nil).MaxTotal; got != tt.want {
			t.Errorf("%q: MaxTotal %d, want %d", tt.args, got, tt.want)
		}
	}
}
