package model

import (
	"strconv"
	"strings"
)

// Outcome is what an event's type says became of the object it is about,
// as far as the type's name tells: the table colours rows by it.
type Outcome uint8

const (
	OutcomeOther     Outcome = iota // the name says no outcome, or the type has none
	OutcomeFailed                   // failed, canceled, expired, charged back
	OutcomeSucceeded                // paid, refunded, succeeded
	OutcomePending                  // pending, queued, processing, open, authorized
)

// KnownTypeNames are the names of the numeric types Mollie documents:
// only 200. The demo knows its own (demo.TypeNames).
var KnownTypeNames = map[int]string{200: "Customer created"}

// outcomeWords are the words of a type's name that tell its outcome, in
// the order they win: "refund.failed" failed, "chargeback.received" too.
var outcomeWords = []struct {
	word    string
	outcome Outcome
}{
	{"failed", OutcomeFailed}, {"canceled", OutcomeFailed}, {"cancelled", OutcomeFailed},
	{"expired", OutcomeFailed}, {"chargeback", OutcomeFailed}, {"charged", OutcomeFailed},
	{"pending", OutcomePending}, {"queued", OutcomePending}, {"processing", OutcomePending},
	{"open", OutcomePending}, {"authorized", OutcomePending},
	{"paid", OutcomeSucceeded}, {"refunded", OutcomeSucceeded}, {"succeeded", OutcomeSucceeded},
	{"processed", OutcomeSucceeded},
}

// OutcomeOf reads an outcome from a type's name, a webhook's
// ("payment.failed") or a known numeric type's ("Payment failed"), by its
// words, in any case. A chargeback that was reversed is no failure.
func OutcomeOf(name string) Outcome {
	best := len(outcomeWords)
	for rest := name; rest != ""; {
		i := strings.IndexFunc(rest, isLetter)
		if i < 0 {
			break
		}
		rest = rest[i:]
		j := strings.IndexFunc(rest, func(r rune) bool { return !isLetter(r) })
		if j < 0 {
			j = len(rest)
		}
		word := rest[:j]
		rest = rest[j:]
		if strings.EqualFold(word, "reversed") {
			return OutcomeOther
		}
		for k, w := range outcomeWords[:best] {
			if strings.EqualFold(word, w.word) {
				best = k
				break
			}
		}
	}
	if best == len(outcomeWords) {
		return OutcomeOther
	}
	return outcomeWords[best].outcome
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// TypeLabel is a type as the screen names it: a name as it is, a number
// with its name where names knows it ("222 Payment failed"), else alone.
// The name is the caller's to sanitize.
func TypeLabel(num int, name string, names map[int]string) string {
	if name != "" {
		return name
	}
	if known, ok := names[num]; ok {
		return strconv.Itoa(num) + " " + known
	}
	return strconv.Itoa(num)
}

// TypeOutcome is the outcome of a type, numeric types by their name in
// names.
func TypeOutcome(num int, name string, names map[int]string) Outcome {
	if name == "" {
		name = names[num]
	}
	return OutcomeOf(name)
}
