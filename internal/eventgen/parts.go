package eventgen

import (
	"math/rand/v2"
	"strings"
	"time"
)

// The catalog and the createdAt forms one piece at a time, for fakes that
// build their own responses (source/molliefake) rather than write a file.
// Messages, URLs, IDs and locales are drawn as the writers draw them.

// Kind is one type of event in the catalog: its type code, its messages and
// the resource its link points at.
type Kind struct{ t *eventType }

// Kinds returns the catalog. The first kind is 200 "Customer created", a
// customer's first event.
func Kinds() []Kind {
	kinds := make([]Kind, len(types))
	for i := range types {
		kinds[i] = Kind{&types[i]}
	}
	return kinds
}

// Code is the kind's type code, such as 200.
func (k Kind) Code() int { return k.t.code }

// Message returns one of the kind's messages, the canonical one (such as
// "Customer created") half of the time.
func (k Kind) Message(r *rand.Rand) string { return k.t.messages[k.t.pickMessage(r)] }

// APIURL returns the API URL of a new resource of the kind, belonging to the
// customer with the given ID (cst_…), such as
// https://api.mollie.com/v2/customers/cst_…/mandates/mdt_….
func (k Kind) APIURL(r *rand.Rand, customerID string) string {
	ref, payment := newID(r), newID(r)
	customer := strings.TrimPrefix(customerID, "cst_")
	return string(appendAPIURL(nil, k.t.about, []byte(customer), ref[:], payment[:]))
}

// NewID returns prefix followed by ten random letters and digits, as in
// Mollie's IDs such as cst_tKt44u85MM.
func NewID(r *rand.Rand, prefix string) string {
	x := newID(r)
	return prefix + string(x[:])
}

// Person returns a made-up customer's name and the part of an e-mail address
// before the @ that goes with it, such as "Jürgen Müller" and
// "juergen.mueller".
func Person(r *rand.Rand) (name, mailbox string) {
	first := firstNames[r.IntN(len(firstNames))]
	last := lastNames[r.IntN(len(lastNames))]
	return first.name + " " + last.name, first.mail + "." + last.mail
}

// Locale returns a customer's locale, such as nl_NL, as often as customers
// of a Dutch payments account have it.
func Locale(r *rand.Rand) string { return locales[r.IntN(len(locales))] }

// TimeForms returns every form of createdAt, the one the writers use most
// first:
//
//	2024-03-20T09:13:37.0Z      whole seconds with a zero fraction
//	2024-05-14T01:29:09.283Z    milliseconds
//	2024-12-12T10:00:00Z        whole seconds
//	2022-01-03T13:42:04+00:00   whole seconds, offset +00:00
//	2024-05-22T15:11:19+02:00   Amsterdam time (summer time from April to October)
func TimeForms() []TimeForm {
	return []TimeForm{formZeroFraction, formMillis, formZ, formUTCOffset, formLocal}
}

// Format returns t written in the form f, dropping the fraction of a second that f
// does not show.
func (f TimeForm) Format(t time.Time) string {
	return string(appendTime(make([]byte, 0, len("2006-01-02T15:04:05.000+00:00")), t.Unix(), t.Nanosecond()/1e6, f))
}
