package source

import (
	"context"
	"testing"
)

func TestLimiter(t *testing.T) {
	l := newLimiter(8)
	for range 8 {
		if !l.acquire(context.Background()) {
			t.Fatal("no slot")
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if l.acquire(ctx) {
		t.Fatal("a ninth slot")
	}
	for range 8 {
		l.release()
	}
	l.throttled()
	l.throttled()
	if limit, lowest := l.now(); limit != 2 || lowest != 2 {
		t.Errorf("after two 429s: limit %d, lowest %d; want 2", limit, lowest)
	}
	l.acquire(context.Background())
	l.acquire(context.Background())
	if l.acquire(ctx) {
		t.Fatal("a third slot at limit 2")
	}
	l.release()
	l.release()
	steps := []int{}
	for range 100 {
		l.succeeded()
		if limit, _ := l.now(); len(steps) == 0 || steps[len(steps)-1] != limit {
			steps = append(steps, limit)
		}
	}
	if want := []int{2, 3, 4, 5, 6, 7, 8}; len(steps) != len(want) || steps[len(steps)-1] != 8 {
		t.Errorf("the limit rose %v, want %v", steps, want)
	}
}

func TestProgressString(t *testing.T) {
	for _, tt := range []struct {
		p    Progress
		want string
	}{
		{Progress{Done: 120, Total: 450, Listing: true, Events: 3210, Failed: 2}, "customers 120/450+ · events 3,210 · 2 failed"},
		{Progress{Done: 40, Total: 40, Rebuilt: true, Read: ResourceCounts{Payments: 12400, Refunds: 310}}, "customers 40/40 · payments 12,400 · refunds 310"},
		{Progress{Done: 1, Total: 1, Rebuilt: true, Read: ResourceCounts{Captures: 2, Mandates: 1, Subscriptions: 3, Chargebacks: 4}},
			"customers 1/1 · payments 0 · chargebacks 4 · captures 2 · mandates 1 · subscriptions 3"},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.p, got, tt.want)
		}
	}
}
