package eventgen

import (
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTimeFormFormat(t *testing.T) {
	summer := time.Date(2024, 5, 14, 1, 29, 9, 283999999, time.UTC)
	winter := time.Date(2024, 1, 5, 23, 30, 0, 5e8, time.UTC)
	tests := []struct {
		form TimeForm
		t    time.Time
		want string
	}{
		{formZeroFraction, summer, "2024-05-14T01:29:09.0Z"},
		{formMillis, summer, "2024-05-14T01:29:09.283Z"},
		{formMillis, winter, "2024-01-05T23:30:00.500Z"},
		{formZ, summer, "2024-05-14T01:29:09Z"},
		{formUTCOffset, summer, "2024-05-14T01:29:09+00:00"},
		{formLocal, summer, "2024-05-14T03:29:09+02:00"},
		{formLocal, winter, "2024-01-06T00:30:00+01:00"},
		// The zone t is in does not matter, only the instant.
		{formZ, summer.In(time.FixedZone("", -5*3600)), "2024-05-14T01:29:09Z"},
		{formLocal, summer.In(time.FixedZone("", -5*3600)), "2024-05-14T03:29:09+02:00"},
	}
	for _, tt := range tests {
		got := tt.form.Format(tt.t)
		if got != tt.want {
			t.Errorf("form %d of %v = %q, want %q", tt.form, tt.t, got, tt.want)
		}
		shown := tt.t.Truncate(time.Second)
		if tt.form == formMillis {
			shown = tt.t.Truncate(time.Millisecond)
		}
		if back, err := time.Parse(time.RFC3339, got); err != nil || !back.Equal(shown) {
			t.Errorf("%q reads back as %v (%v), want %v", got, back, err, shown)
		}
	}
}

func TestTimeFormsAreEveryForm(t *testing.T) {
	at := time.Date(2024, 5, 14, 1, 29, 9, 283e6, time.UTC)
	var got []string
	for _, f := range TimeForms() {
		got = append(got, timeFormOf(f.Format(at)))
	}
	// The forms TestRealism finds in generated files, in the same order.
	if want := []string{".0Z", ".mmmZ", "Z", "+00:00", "+0h:00"}; !slices.Equal(got, want) {
		t.Errorf("TimeForms give %v, want %v", got, want)
	}
}

// apiShape is an API URL with the random part of each ID replaced by ID.
func apiShape(url string) string {
	return regexp.MustCompile(`_[A-Za-z0-9]{10}\b`).ReplaceAllString(url, "_ID")
}

func TestKindAPIURL(t *testing.T) {
	const api = "https://api.mollie.com/v2/"
	want := map[int]string{
		200: api + "customers/cst_ID",
		201: api + "customers/cst_ID",
		210: api + "customers/cst_ID/mandates/mdt_ID",
		211: api + "customers/cst_ID/mandates/mdt_ID",
		220: api + "payments/tr_ID",
		221: api + "payments/tr_ID",
		222: api + "payments/tr_ID",
		223: api + "payments/tr_ID",
		230: api + "customers/cst_ID/subscriptions/sub_ID",
		231: api + "customers/cst_ID/subscriptions/sub_ID",
		232: api + "customers/cst_ID/subscriptions/sub_ID",
		240: api + "payments/tr_ID/refunds/re_ID",
		241: api + "payments/tr_ID/refunds/re_ID",
		250: api + "payments/tr_ID/chargebacks/chb_ID",
		260: api + "payment-links/pl_ID",
	}
	r := rand.New(rand.NewPCG(1, 2))
	kinds := Kinds()
	if len(kinds) != len(want) {
		t.Errorf("%d kinds, want %d", len(kinds), len(want))
	}
	for _, k := range kinds {
		url := k.APIURL(r, "cst_tKt44u85MM")
		if got := apiShape(url); got != want[k.Code()] {
			t.Errorf("%d: APIURL %s, want the shape %s", k.Code(), url, want[k.Code()])
		}
		if strings.Contains(want[k.Code()], "cst_") && !strings.Contains(url, "/cst_tKt44u85MM") {
			t.Errorf("%d: APIURL %s lacks the customer", k.Code(), url)
		}
	}
	// The writers link to the same places.
	seen := 0
	for _, e := range decodeNDJSON(t, generate(t, WriteNDJSON, Options{N: 5000, Seed: 3})) {
		var link struct{ Href string }
		if raw, ok := e.Links["url"]; !ok || json.Unmarshal(raw, &link) != nil || !strings.HasPrefix(link.Href, api) {
			continue
		}
		seen++
		if got := apiShape(link.Href); got != want[e.Type] {
			t.Errorf("%d: generated %s, want the shape %s", e.Type, link.Href, want[e.Type])
		}
	}
	if seen < 1000 {
		t.Errorf("only %d API links in 5000 generated events", seen)
	}
}

func TestKindMessage(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	kinds := Kinds()
	if kinds[0].Code() != 200 || kinds[0].Message(r) != "Customer created" {
		t.Errorf("the first kind is %d %q, want 200 Customer created", kinds[0].Code(), kinds[0].Message(r))
	}
	for i, k := range kinds {
		if k.Code() != types[i].code {
			t.Errorf("kind %d has code %d, want %d", i, k.Code(), types[i].code)
		}
		const draws = 1000
		count := map[string]int{}
		for range draws {
			count[k.Message(r)]++
		}
		for _, m := range types[i].messages {
			if count[m] == 0 {
				t.Errorf("%d: %q never drawn", k.Code(), m)
			}
		}
		if len(count) != len(types[i].messages) {
			t.Errorf("%d: drew %v, want only %v", k.Code(), count, types[i].messages)
		}
		if canonical := count[types[i].messages[0]]; canonical < draws*4/10 {
			t.Errorf("%d: the canonical message %d times in %d, want about half", k.Code(), canonical, draws)
		}
	}
}

func TestNewID(t *testing.T) {
	pattern := regexp.MustCompile(`^tr_[A-Za-z0-9]{10}$`)
	a, b := rand.New(rand.NewPCG(5, 6)), rand.New(rand.NewPCG(5, 6))
	seen := map[string]bool{}
	for range 100 {
		id := NewID(a, "tr_")
		if !pattern.MatchString(id) || seen[id] {
			t.Errorf("ID %q", id)
		}
		seen[id] = true
		if again := NewID(b, "tr_"); again != id {
			t.Errorf("same seed, %q then %q", id, again)
		}
	}
}

func TestPersonAndLocale(t *testing.T) {
	mailbox := regexp.MustCompile(`^[a-z]+\.[a-z]+$`)
	r := rand.New(rand.NewPCG(7, 8))
	names, locs := map[string]bool{}, map[string]bool{}
	for range 200 {
		name, mail := Person(r)
		if !isPerson(name, mail) || !mailbox.MatchString(mail) {
			t.Errorf("Person gave %q, %q", name, mail)
		}
		names[name] = true
		loc := Locale(r)
		if !slices.Contains(locales, loc) {
			t.Errorf("Locale gave %q", loc)
		}
		locs[loc] = true
	}
	if len(names) < 50 || len(locs) < 4 {
		t.Errorf("%d names and %d locales in 200 draws", len(names), len(locs))
	}
}

// isPerson reports whether name and mail are a first and a last name of the
// catalog.
func isPerson(name, mail string) bool {
	for _, f := range firstNames {
		for _, l := range lastNames {
			if name == f.name+" "+l.name && mail == f.mail+"."+l.mail {
				return true
			}
		}
	}
	return false
}
