package molliefake

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
)

// HistoryOptions shape the account AddHistory makes.
type HistoryOptions struct {
	Customers int
	Payments  int       // in all, spread over the customers (some have none)
	End       time.Time // the newest transition; zero means 2026-06-01
	Span      time.Duration
	Seed      int64
}

// HistoryAccount is what AddHistory made: IDs to ask for, and counts to
// check a load against.
type HistoryAccount struct {
	Customers []string
	// Failed is a card payment that failed with insufficient funds, and
	// FailedCustomer its customer.
	Failed, FailedCustomer string
	// Counts by kind: "payment", "refund", "chargeback", "capture",
	// "mandate", "subscription", "customer".
	Counts map[string]int
	// Events is how many events a rebuilt history of every customer has.
	Events int
	// Related is how many payments have refunds, chargebacks or captures.
	Related int
}

// AddHistory adds an account whose customers have payments (paid, failed
// with card and SEPA reasons, canceled, expired, open, authorized),
// refunds, chargebacks, captures, mandates and subscriptions, served on
// the account-wide and per-customer lists and by Get payment with embed=,
// shaped as Mollie documents them. The same options give the same account.
func (s *Server) AddHistory(o HistoryOptions) HistoryAccount {
	if o.End.IsZero() {
		o.End = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	if o.Span == 0 {
		o.Span = 2 * 365 * 24 * time.Hour
	}
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0x68697374)) // "hist"
	g := &histGen{s: s, r: r, o: o, acct: HistoryAccount{Counts: map[string]int{}}}
	start := o.End.Add(-o.Span)
	perCustomer := spreadPayments(r, o.Payments, o.Customers)
	for i := range o.Customers {
		name, mailbox := eventgen.Person(r)
		created := start.Add(time.Duration(r.Int64N(int64(o.Span) / 4)))
		s.mu.Lock()
		id := s.newIDLocked(r, "cst_")
		s.mu.Unlock()
		s.AddCustomer(Customer{ID: id, Name: name, Email: fmt.Sprintf("%s%d@example.org", mailbox, i),
			Locale: eventgen.Locale(r), CreatedAt: created.Format(time.RFC3339), NoEvents: true})
		g.acct.Customers = append(g.acct.Customers, id)
		g.acct.Counts["customer"]++
		g.acct.Events++
		g.customer(id, created, perCustomer[i])
	}
	return g.acct
}

// spreadPayments shares n payments among c customers, unevenly; a tenth
// have none.
func spreadPayments(r *rand.Rand, n, c int) []int {
	out := make([]int, c)
	if c == 0 {
		return out
	}
	for range n {
		i := r.IntN(c)
		if i%10 == 9 { // customers with none
			i = (i + 1 + r.IntN(8)) % c
			if i%10 == 9 {
				i = 0
			}
		}
		out[i]++
	}
	return out
}

type histGen struct {
	s    *Server
	r    *rand.Rand
	o    HistoryOptions
	acct HistoryAccount
	n    int // objects made, for IDs
}

// id makes an ID of prefix that no other object has.
func (g *histGen) id(prefix string) string {
	g.n++
	return fmt.Sprintf("%s%s%d", prefix, eventgen.NewID(g.r, "")[:6], g.n)
}

// at is a time between from and the end, biased to the past.
func (g *histGen) at(from time.Time) time.Time {
	span := g.o.End.Sub(from)
	if span <= 0 {
		return g.o.End
	}
	return from.Add(time.Duration(g.r.Int64N(int64(span)))).Truncate(time.Second)
}

func (g *histGen) customer(id string, created time.Time, payments int) {
	var mandate, sub string
	if payments > 0 && g.r.IntN(2) == 0 {
		mandate = g.mandate(id, created.Add(time.Hour))
		if g.r.IntN(3) == 0 {
			sub = g.subscription(id, mandate, created.Add(2*time.Hour))
		}
	}
	for range payments {
		g.payment(id, mandate, sub, g.at(created.Add(3*time.Hour)))
	}
}
