package query

import (
	"errors"
	"reflect"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

var (
	queryNow  = time.Date(2024, 3, 20, 9, 30, 0, 0, time.UTC)
	queryZone = time.FixedZone("UTC+2", 2*3600) // neither UTC nor the machine's
)

func mustQuery(t testing.TB, s string) Query {
	t.Helper()
	q, err := Parse(s, queryNow, queryZone)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return q
}

// bare is a term with only what a test compares: no position, no raw
// text, no compiled regexp.
func bare(t Term) Term {
	t.Raw, t.Pos, t.re = "", 0, nil
	return t
}

func TestParseQuery(t *testing.T) {
	text := func(v string) Term { return Term{Field: FieldText, Value: v} }
	not := func(t Term) Term { t.Neg = true; return t }
	types := func(r ...TypeRange) Term { return Term{Field: FieldType, Types: r} }
	one := func(n int) TypeRange { return TypeRange{n, n} }
	names := func(n ...Pattern) Term { return Term{Field: FieldType, TypeNames: n} }
	src := func(p ...Pattern) Term { return Term{Field: FieldSource, Sources: p} }
	tests := []struct {
		in    string
		want  []Term
		canon string // String(); "" means in itself
	}{
		{"", nil, ""},
		{"   ", nil, ""},
		{"failed", []Term{text("failed")}, ""},
		{"Payment  failed\t", []Term{text("Payment"), text("failed")}, "Payment failed"},
		{`"a phrase"`, []Term{text("a phrase")}, ""},
		{`"Note added: \"VIP\""`, []Term{text(`Note added: "VIP"`)}, ""},
		{`"back\\slash"`, []Term{text(`back\slash`)}, `back\slash`},
		{`back\slash`, []Term{text(`back\slash`)}, ""},
		{`""`, []Term{text("")}, ""},
		{`pay"ment fai"led`, []Term{text("payment failed")}, `"payment failed"`},
		{`"type:200"`, []Term{text("type:200")}, ""},
		{`"!x"`, []Term{text("!x")}, ""},
		{`"/x/"`, []Term{text("/x/")}, ""},
		{"12:30", []Term{text("12:30")}, ""},
		{"mollie.com/dashboard", []Term{text("mollie.com/dashboard")}, ""},
		{"Jürgen", []Term{text("Jürgen")}, ""},
		{"!failed", []Term{not(text("failed"))}, ""},
		{`!"a phrase"`, []Term{not(text("a phrase"))}, ""},
		{`!!x`, []Term{not(text("!x"))}, `!"!x"`},
		{"/fail(ed|ure)/", []Term{{Field: FieldRegexp, Value: "fail(ed|ure)"}}, ""},
		{"/(?i)payment paid/", []Term{{Field: FieldRegexp, Value: "(?i)payment paid"}}, ""},
		{`/a\/b/`, []Term{{Field: FieldRegexp, Value: `a\/b`}}, ""},
		{`/\d+/ x`, []Term{{Field: FieldRegexp, Value: `\d+`}, text("x")}, ""},
		{"!/^Payment/", []Term{not(Term{Field: FieldRegexp, Value: "^Payment"})}, ""},
		{"//", []Term{{Field: FieldRegexp, Value: ""}}, ""},
		{"type:222", []Term{types(one(222))}, ""},
		{"type:200,300", []Term{types(one(200), one(300))}, ""},
		{"type:220..229", []Term{types(TypeRange{220, 229})}, ""},
		{"type:200,220..229", []Term{types(one(200), TypeRange{220, 229})}, ""},
		{"type:-1,-5..-2", []Term{types(one(-1), TypeRange{-5, -2})}, ""},
		{"type:7..7", []Term{types(one(7))}, "type:7"},
		{"type:+5", []Term{types(one(5))}, "type:5"},
		{`type:"200"`, []Term{types(one(200))}, "type:200"},
		{"TYPE:200", []Term{types(one(200))}, "type:200"},
		{"!type:201", []Term{not(types(one(201)))}, ""},
		{"type:payment.failed", []Term{names(Pattern{Text: "payment.failed"})}, ""},
		{"type:payment.*", []Term{names(Pattern{Text: "payment.", Prefix: true})}, ""},
		{"type:*", []Term{names(Pattern{Prefix: true})}, ""},
		{`type:"payment.failed"`, []Term{names(Pattern{Text: "payment.failed"})}, "type:payment.failed"},
		{"type:222,payment.failed,220..229,Refund_x-1", []Term{{Field: FieldType, Types: []TypeRange{one(222), {220, 229}},
			TypeNames: []Pattern{{Text: "payment.failed"}, {Text: "Refund_x-1"}}}}, "type:222,220..229,payment.failed,Refund_x-1"},
		{"!type:refund.*,7", []Term{not(Term{Field: FieldType, Types: []TypeRange{one(7)}, TypeNames: []Pattern{{Text: "refund.", Prefix: true}}})}, "!type:7,refund.*"},
		{"source:cst_8wmqcHMN4U", []Term{src(Pattern{Text: "cst_8wmqcHMN4U"})}, ""},
		{"source:cst_8w*", []Term{src(Pattern{Text: "cst_8w", Prefix: true})}, ""},
		{"source:*", []Term{src(Pattern{Prefix: true})}, ""},
		{"source:cst_a,cst_b*", []Term{src(Pattern{Text: "cst_a"}, Pattern{Text: "cst_b", Prefix: true})}, ""},
		{`source:"my events.json"`, []Term{src(Pattern{Text: "my events.json"})}, ""},
		{`source:"a,b.json",c`, []Term{src(Pattern{Text: "a,b.json"}, Pattern{Text: "c"})}, ""},
		{`source:"star*"`, []Term{src(Pattern{Text: "star*"})}, ""},
		{`source:"my dir/"*`, []Term{src(Pattern{Text: "my dir/", Prefix: true})}, ""},
		{"!source:cst_a", []Term{not(src(Pattern{Text: "cst_a"}))}, ""},
		{"since:2024-03-20T09:00:00Z", []Term{{Field: FieldSince, Value: "2024-03-20T09:00:00Z", At: time.Date(2024, 3, 20, 9, 0, 0, 0, time.UTC)}}, ""},
		{"since:2024-03-20", []Term{{Field: FieldSince, Value: "2024-03-20", At: time.Date(2024, 3, 20, 0, 0, 0, 0, queryZone)}}, ""},
		{"until:36h", []Term{{Field: FieldUntil, Value: "36h", At: queryNow.Add(-36 * time.Hour)}}, ""},
		{"since:7d", []Term{{Field: FieldSince, Value: "7d", At: queryNow.Add(-7 * 24 * time.Hour)}}, ""},
		{"!until:7d", []Term{not(Term{Field: FieldUntil, Value: "7d", At: queryNow.Add(-7 * 24 * time.Hour)})}, ""},
		{"link:mollie.com/dashboard", []Term{{Field: FieldLink, Value: "mollie.com/dashboard"}}, ""},
		{`link:"a b"`, []Term{{Field: FieldLink, Value: "a b"}}, ""},
		{"link:a,b", []Term{{Field: FieldLink, Value: "a,b"}}, ""},
		{"has:link", []Term{{Field: FieldHas, Value: "link"}}, ""},
		{"Has:Link", []Term{{Field: FieldHas, Value: "link"}}, "has:link"},
		{"!has:link", []Term{not(Term{Field: FieldHas, Value: "link"})}, ""},
		{"is:new", []Term{{Field: FieldIs, Value: "new"}}, ""},
		{"is:marked", []Term{{Field: FieldIs, Value: "marked"}}, ""},
		{"!is:new", []Term{not(Term{Field: FieldIs, Value: "new"})}, ""},
		{"status:failed", []Term{{Field: FieldStatus, Statuses: []string{"failed"}}}, ""},
		{"status:Failed,canceled", []Term{{Field: FieldStatus, Statuses: []string{"failed", "canceled"}}}, "status:failed,canceled"},
		{"type:222 source:cst_8w* failed", []Term{types(one(222)), src(Pattern{Text: "cst_8w", Prefix: true}), text("failed")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q := mustQuery(t, tt.in)
			var got []Term
			for _, term := range q.Terms() {
				got = append(got, bare(term))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("terms\n%+v\nwant\n%+v", got, tt.want)
			}
			canon := tt.canon
			if canon == "" && tt.want != nil {
				canon = tt.in
			}
			if q.String() != canon {
				t.Errorf("String() = %q, want %q", q.String(), canon)
			}
			if q.Text() != tt.in {
				t.Errorf("Text() = %q, want it as typed", q.Text())
			}
			// The canonical form reads back as the same terms.
			back := mustQuery(t, q.String())
			if back.String() != q.String() {
				t.Errorf("String() %q reads back as %q", q.String(), back.String())
			}
		})
	}
}

func TestParseQueryPositions(t *testing.T) {
	q := mustQuery(t, ` pay  !type:200 "a b"  /x y/`)
	want := []struct {
		raw string
		pos int
	}{{"pay", 1}, {"!type:200", 6}, {`"a b"`, 16}, {"/x y/", 23}}
	if len(q.Terms()) != len(want) {
		t.Fatalf("%d terms, want %d", len(q.Terms()), len(want))
	}
	for i, w := range want {
		if got := q.Terms()[i]; got.Raw != w.raw || got.Pos != w.pos {
			t.Errorf("term %d: Raw %q at %d, want %q at %d", i, got.Raw, got.Pos, w.raw, w.pos)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		in     string
		msg    string
		offset int
	}{
		{"foo:x", `foo:x at column 1: unknown field "foo": want type, source, since, until, link, has, is, status or entity; to look for the text, put it in quotes`, 0},
		{"failed https://x", `https://x at column 8: unknown field "https": want type, source, since, until, link, has, is, status or entity; to look for the text, put it in quotes`, 7},
		{"paid type:2abc", `type:2abc at column 6: "2abc" is not a type: want a type number, a range like 220..229, a name like payment.failed or a prefix like payment.*`, 5},
		{"type:", `type: at column 1: want a type number, a range like 220..229, a name like payment.failed or a prefix like payment.*`, 0},
		{"type:200,", `type:200, at column 1: want a type number, a range like 220..229, a name like payment.failed or a prefix like payment.*`, 0},
		{"type:1.5", `type:1.5 at column 1: "1.5" is not a type: want a type number, a range like 220..229, a name like payment.failed or a prefix like payment.*`, 0},
		{"type:99999999999", `type:99999999999 at column 1: "99999999999" is not a type: want a type number, a range like 220..229, a name like payment.failed or a prefix like payment.*`, 0},
		{"type:229..220", `type:229..220 at column 1: "229..220" is an empty range: the first number must not be above the second`, 0},
		{"type:220..", `type:220.. at column 1: "220.." is not a type: want a type number, a range like 220..229, a name like payment.failed or a prefix like payment.*`, 0},
		{"source:", `source: at column 1: want a source, like source:cst_8wmqcHMN4U or source:cst_8w*`, 0},
		{"source:a,,b", `source:a,,b at column 1: want a source, like source:cst_8wmqcHMN4U or source:cst_8w*`, 0},
		{"since:yesterday", `since:yesterday at column 1: cannot read "yesterday" as a time: want RFC 3339 (2024-03-20T09:00:00Z), a date (2024-03-20) or a duration back from now (36h, 7d)`, 0},
		{"x until:", `until: at column 3: cannot read "" as a time: want RFC 3339 (2024-03-20T09:00:00Z), a date (2024-03-20) or a duration back from now (36h, 7d)`, 2},
		{"link:", `link: at column 1: want text to look for in the first link, like link:mollie.com/dashboard`, 0},
		{"has:links", `has:links at column 1: want has:link`, 0},
		{"is:old", `is:old at column 1: want is:new or is:marked`, 0},
		{"status:", `status: at column 1: want a status, like status:failed or status:failed,canceled`, 0},
		{"/fail(/", "/fail(/ at column 1: invalid regexp: missing closing ): `fail(`", 0},
		{"/x", "/x at column 1: unclosed regexp: end it with /", 0},
		{"a /x/y", "/x/y at column 3: want a space after the regexp's closing /", 2},
		{`a "b c`, `"\"b c" at column 3: unclosed quote: end it with "`, 2},
		{`a "b\"`, `"b\" at column 3: unclosed quote: end it with "`, 2},
		{`source:"x`, `source:"x at column 1: unclosed quote: end it with "`, 0},
		{"!", `! at column 1: want a term after !`, 0},
		{"ü !", `! at column 3: want a term after !`, 3}, // columns count characters, offsets bytes
		{"type:\x1b[31m", `"type:\x1b[31m" at column 1: "\x1b[31m" is not a type: want a type number, a range like 220..229, a name like payment.failed or a prefix like payment.*`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := Parse(tt.in, queryNow, queryZone)
			if err == nil {
				t.Fatalf("Parse(%q) = %q, want an error", tt.in, q.String())
			}
			if err.Error() != tt.msg {
				t.Errorf("error\n%s\nwant\n%s", err, tt.msg)
			}
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("error %T, want *Error", err)
			}
			if qe.Offset != tt.offset {
				t.Errorf("Offset %d, want %d", qe.Offset, tt.offset)
			}
			if !q.IsZero() {
				t.Errorf("a failed parse returned terms: %q", q.String())
			}
		})
	}
}

func TestParseQueryErrorCauses(t *testing.T) {
	_, err := Parse("/(/", queryNow, queryZone)
	var se *syntax.Error
	if !errors.As(err, &se) || se.Code != syntax.ErrMissingParen {
		t.Errorf("a bad regexp's error %v does not wrap the regexp's error", err)
	}
	_, err = Parse("since:soon", queryNow, queryZone)
	if errors.Unwrap(err) == nil || !strings.Contains(errors.Unwrap(err).Error(), `"soon"`) {
		t.Errorf("a bad time's error %v does not wrap ParseInstant's", err)
	}
}

func TestQueryAllows(t *testing.T) {
	q := mustQuery(t, "pay type:200,220..229 !type:221 source:cst_a* !source:cst_ab")
	for typ, want := range map[int]bool{200: true, 220: true, 221: false, 229: true, 230: false, 199: false} {
		if got := q.AllowsType(typ, ""); got != want {
			t.Errorf("AllowsType(%d) = %v, want %v", typ, got, want)
		}
	}
	for s, want := range map[string]bool{"cst_a": true, "cst_ax": true, "cst_ab": false, "cst_b": false, "": false} {
		if got := q.AllowsSource(s); got != want {
			t.Errorf("AllowsSource(%q) = %v, want %v", s, got, want)
		}
	}
	if !q.LimitsTypes() || !q.LimitsSources() {
		t.Error("LimitsTypes or LimitsSources false for a query with both")
	}
	free := mustQuery(t, "pay")
	if free.LimitsTypes() || free.LimitsSources() || !free.AllowsType(1, "") || !free.AllowsType(0, "payment.paid") || !free.AllowsSource("x") {
		t.Error("a query without type: or source: limits them")
	}
}

func TestQueryAllowsNamedTypes(t *testing.T) {
	q := mustQuery(t, "type:200..299,payment.*,refund.refunded !type:payment.open")
	for _, tt := range []struct {
		num  int
		name string
		want bool
	}{
		{200, "", true}, {300, "", false}, {0, "payment.failed", true}, {0, "payment.open", false},
		{0, "payment", false}, {0, "refund.refunded", true}, {0, "refund.refunded2", false}, {0, "Payment.failed", false},
	} {
		if got := q.AllowsType(tt.num, tt.name); got != tt.want {
			t.Errorf("AllowsType(%d, %q) = %v, want %v", tt.num, tt.name, got, tt.want)
		}
	}
	if got := mustQuery(t, "type:*").AllowsType(5, ""); got {
		t.Error("type:* allows a number; it is every named type")
	}
}

func TestQueryWithTypes(t *testing.T) {
	tests := []struct {
		in    string
		types []int
		want  string // Text() afterwards
	}{
		{"", []int{200}, "type:200"},
		{"failed", []int{200, 300}, "failed type:200,300"},
		{"failed  ", []int{200}, "failed  type:200"},
		{"  failed type:1  since:7d", []int{221, 220, 222, 223, 300}, "  failed type:220..223,300  since:7d"},
		{`"a b" type:1 /x y/ !type:2 c`, []int{5}, `"a b" type:5 /x y/ c`},
		{"a type:1 b !type:2", []int{6, 7}, "a type:6,7 b"},
		{"a type:1 b", nil, "a b"},
		{"type:1 a", nil, "a"},
		{"a type:1", nil, "a"},
		{"type:1", nil, ""},
		{"a type:1 type:2", nil, "a"},
		{"a", nil, "a"},
	}
	for _, tt := range tests {
		q := mustQuery(t, tt.in).WithTypes(tt.types, nil)
		if q.Text() != tt.want {
			t.Errorf("%q.WithTypes(%v) = %q, want %q", tt.in, tt.types, q.Text(), tt.want)
		}
		// The types read back as the selection.
		for _, typ := range []int{1, 2, 5, 200, 220, 221, 223, 224, 300} {
			want := len(tt.types) == 0 || contains(tt.types, typ)
			if q.AllowsType(typ, "") != want {
				t.Errorf("%q: AllowsType(%d) = %v, want %v", q.Text(), typ, !want, want)
			}
		}
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestQueryWithSources(t *testing.T) {
	tests := []struct {
		in      string
		sources []string
		want    string
	}{
		{"failed", []string{"cst_a"}, "failed source:cst_a"},
		{"failed source:cst_8w* type:200", []string{"cst_a", "my file.json", "x*", "a,b"}, `failed source:cst_a,"my file.json","x*","a,b" type:200`},
		{"!source:x failed", nil, "failed"},
	}
	for _, tt := range tests {
		q := mustQuery(t, tt.in).WithSources(tt.sources)
		if q.Text() != tt.want {
			t.Errorf("%q.WithSources(%q) = %q, want %q", tt.in, tt.sources, q.Text(), tt.want)
		}
		for _, s := range append(tt.sources, "cst_8wx", "x", "xy", "a") {
			want := len(tt.sources) == 0 || slicesContains(tt.sources, s)
			if q.AllowsSource(s) != want {
				t.Errorf("%q: AllowsSource(%q) = %v, want %v", q.Text(), s, !want, want)
			}
		}
	}
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestQueryWithout(t *testing.T) {
	q := mustQuery(t, "failed  status:failed type:1 !status:paid x")
	if got := q.Without(FieldStatus).Text(); got != "failed  type:1 x" {
		t.Errorf("Without(FieldStatus) = %q", got)
	}
	if got := q.Without(FieldText).String(); got != "status:failed type:1 !status:paid" {
		t.Errorf("Without(FieldText) = %q", got)
	}
}

func TestQueryAbsolute(t *testing.T) {
	tests := []struct{ in, want string }{
		{"pay  since:7d !until:36h x", "pay  since:2024-03-13T09:30:00Z !until:2024-03-18T21:30:00Z x"},
		{"since:2024-03-20", "since:2024-03-19T22:00:00Z"}, // midnight in queryZone
		{"since:2024-03-20T09:00:00+01:00 until:1h", "since:2024-03-20T09:00:00+01:00 until:2024-03-20T08:30:00Z"},
		{"pay type:1", "pay type:1"},
	}
	for _, tt := range tests {
		q := mustQuery(t, tt.in)
		abs := q.Absolute()
		if abs.Text() != tt.want {
			t.Errorf("%q.Absolute() = %q, want %q", tt.in, abs.Text(), tt.want)
		}
		// Read a day later somewhere else, it means the same instants.
		again, err := Parse(abs.Text(), queryNow.Add(24*time.Hour), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		for i, term := range again.Terms() {
			if !term.At.Equal(q.Terms()[i].At) {
				t.Errorf("%q: term %d means %v, not %v", abs.Text(), i, term.At, q.Terms()[i].At)
			}
		}
	}
}

// FuzzParseQuery checks that any text either fails with a *Error
// that is safe for a terminal and points inside the text, or gives a query
// whose canonical form reads back as the same terms, and that the panels'
// rewrites of it parse.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"failed", `"a phrase" !x`, "/fail(ed)?/ type:220..229,300", "source:cst_8w*,\"a b\" since:7d until:2024-03-20",
		"link:mollie.com has:link is:new status:failed,canceled", "type:payment.*,222,payment.failed,*", `!type:"a.b",x_1-`, `!"!x" "\\" a"b"c`, "type:", "/x", `"`, "foo:bar",
		"since:0000-01-01 until:9999-12-31", "since:65535d",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s, queryNow, queryZone)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q): error %T, want *Error", s, err)
			}
			if msg := err.Error(); cells.SanitizeLine(msg) != msg {
				t.Fatalf("Parse(%q): error %q holds controls", s, msg)
			}
			if qe.Offset < 0 || qe.Offset >= len(s) || !strings.HasPrefix(s[qe.Offset:], qe.Term) {
				t.Fatalf("Parse(%q): error at %d names %q, not what is there", s, qe.Offset, qe.Term)
			}
			return
		}
		canon := q.String()
		back, err := Parse(canon, queryNow, queryZone)
		if err != nil {
			t.Fatalf("Parse(%q) = %q, which does not read back: %v", s, canon, err)
		}
		if len(back.Terms()) != len(q.Terms()) {
			t.Fatalf("Parse(%q) = %q, which reads back as %d terms, not %d", s, canon, len(back.Terms()), len(q.Terms()))
		}
		for i := range q.Terms() {
			a, b := bare(q.Terms()[i]), bare(back.Terms()[i])
			if !a.At.Equal(b.At) {
				t.Fatalf("Parse(%q) = %q: term %d reads back at %v, not %v", s, canon, i, b.At, a.At)
			}
			a.At, b.At = time.Time{}, time.Time{}
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("Parse(%q) = %q: term %d reads back as %+v, not %+v", s, canon, i, b, a)
			}
			if raw := q.Terms()[i]; s[raw.Pos:raw.Pos+len(raw.Raw)] != raw.Raw {
				t.Fatalf("Parse(%q): term %d at %d is not %q", s, i, raw.Pos, raw.Raw)
			}
		}
		a := q.Absolute()
		if len(a.Terms()) != len(q.Terms()) {
			t.Fatalf("%q.Absolute() = %q, with %d terms, not %d", s, a.Text(), len(a.Terms()), len(q.Terms()))
		}
		for i, term := range a.Terms() {
			if !term.At.Equal(q.Terms()[i].At) {
				t.Fatalf("%q.Absolute() = %q: term %d means %v, not %v", s, a.Text(), i, term.At, q.Terms()[i].At)
			}
		}
		// The panels' rewrites keep the other terms and parse.
		w := q.WithTypes([]int{1, 2, 3}, []string{"payment.paid"}).WithSources([]string{"a b", "c*"})
		if !w.AllowsType(2, "") || w.AllowsType(4, "") || !w.AllowsType(0, "payment.paid") || w.AllowsType(0, "payment.paid2") || !w.AllowsSource("c*") || w.AllowsSource("c") {
			t.Fatalf("%q rewritten as %q does not select what it was given", s, w.Text())
		}
		if n := len(w.WithTypes(nil, nil).WithSources(nil).Terms()); n != countOther(q) {
			t.Fatalf("%q without types and sources has %d terms, want %d", s, n, countOther(q))
		}
	})
}

func countOther(q Query) int {
	n := 0
	for _, t := range q.Terms() {
		if t.Field != FieldType && t.Field != FieldSource {
			n++
		}
	}
	return n
}

// FuzzParseTypes checks that a --type value either fails with a message
// safe for a terminal or gives a type: term of 32-bit types that reads
// back the same, written out and read as --type and as a query.
func FuzzParseTypes(f *testing.F) {
	f.Add("200,300")
	f.Add(" 220..229 , payment.*,refund.refunded,,")
	f.Fuzz(func(t *testing.T, s string) {
		term, err := ParseTypes(s)
		if err != nil {
			if msg := err.Error(); cells.SanitizeLine(msg) != msg {
				t.Fatalf("ParseTypes(%q) error %q holds controls", s, msg)
			}
			return
		}
		if len(term.Types) == 0 && len(term.TypeNames) == 0 {
			t.Fatalf("ParseTypes(%q) = no types and no error", s)
		}
		for _, r := range term.Types {
			if r.Lo != int(int32(r.Lo)) || r.Hi != int(int32(r.Hi)) {
				t.Fatalf("ParseTypes(%q) = %v, outside 32 bits", s, r)
			}
		}
		canon := term.String()
		again, err := ParseTypes(strings.TrimPrefix(canon, "type:"))
		if err != nil || !reflect.DeepEqual(again, term) {
			t.Fatalf("ParseTypes(%q) = %q, which reads back as %+v, %v", s, canon, again, err)
		}
		q, err := Parse(canon, queryNow, queryZone)
		if err != nil || len(q.Terms()) != 1 || !reflect.DeepEqual(bare(q.Terms()[0]), term) {
			t.Fatalf("ParseTypes(%q) = %q, which reads as the query %+v, %v", s, canon, q.Terms(), err)
		}
	})
}

func TestWords(t *testing.T) {
	words := Words()
	for _, want := range []string{"type:", "source:", "since:", "until:", "link:", "has:link", "is:new", "is:marked", "status:"} {
		if !slices.Contains(words, want) {
			t.Errorf("Words() = %q, missing %q", words, want)
		}
	}
	for _, w := range words {
		text := w
		if strings.HasSuffix(w, ":") {
			text += "x"
		}
		if _, err := Parse(text, queryNow, queryZone); err != nil && strings.Contains(err.Error(), "unknown field") {
			t.Errorf("Words() has %q, which Parse does not know: %v", w, err)
		}
	}
}
