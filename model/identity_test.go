package model

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// refKey is what made two events the same before MergeChunks: everything
// the source sent but the resource, built from materialized events.
func refKey(e *Event) string {
	var b strings.Builder
	for _, s := range []string{string(e.Source), e.CreatedRaw, e.Message, e.TypeText(), e.ID, e.EntityID} {
		fmt.Fprintf(&b, "%d:%s", len(s), s)
	}
	for _, ln := range e.Links {
		for _, s := range []string{ln.Name, ln.Href, ln.Type} {
			fmt.Fprintf(&b, "%d:%s", len(s), s)
		}
	}
	return b.String()
}

// refList is a plain model of a refreshed list: its events, with a count
// per identity, merged as multisets.
type refList struct {
	events []Event
	counts map[string]int
}

func (r *refList) add(evs ...Event) {
	for i := range evs {
		r.counts[refKey(&evs[i])]++
	}
	r.events = append(r.events, evs...)
}

func (r *refList) merge(evs []Event) (added int) {
	used := map[string]int{}
	for _, e := range evs {
		k := refKey(&e)
		if used[k]++; used[k] > r.counts[k] {
			r.counts[k]++
			r.events = append(r.events, e)
			added++
		}
	}
	return added
}

// mergePool is a few events that differ in one part each, so that
// refreshes hold twins, near twins and createdAt texts that are not in
// the strict form.
func mergePool(t *testing.T) []Event {
	base := event(t, 300, "2024-01-02T10:00:00Z", "Payment paid", "cst_a")
	with := func(f func(e *Event)) Event { e := base; f(&e); return e }
	long := strings.Repeat("x", 40)
	// A webhook event's links end in its IDs, which their tails are then
	// stored without (linkRec's flags); alike links that do not, do not.
	hook := func(id, entity, self, ent string) Event {
		return with(func(e *Event) {
			e.ID, e.EntityID = id, entity
			e.Links = []Link{{Name: "self", Href: "https://x.test/v2/events/" + self}, {Name: "entity", Href: "https://x.test/v2/payments/" + ent}}
		})
	}
	return []Event{
		base,
		event(t, 200, "2024-01-01T10:00:00Z", "Customer created", "cst_a"),
		with(func(e *Event) { e.Source = "cst_b" }),
		with(func(e *Event) { e.Type = 301 }),
		with(func(e *Event) { e.Type, e.TypeName = 0, "payment.paid" }),
		with(func(e *Event) { e.Type, e.TypeName = 0, "payment.failed" }),
		with(func(e *Event) { e.Type = -1 << 31 }), // kept as a named type's code is
		with(func(e *Event) {
			e.CreatedRaw, e.Created = "2024-01-02T11:00:00+01:00", mustTime(t, "2024-01-02T11:00:00+01:00")
		}),
		with(func(e *Event) { e.CreatedRaw = "2024-01-02t10:00:00z" }),            // odd
		with(func(e *Event) { e.CreatedRaw = "2024-01-02T10:00:00.1234567891Z" }), // odd
		with(func(e *Event) { e.Created = e.Created.Add(time.Hour) }),             // odd, its text strict
		with(func(e *Event) { e.Message = long }),                                 // long (see longString)
		with(func(e *Event) { e.Message = long; e.Resource = "something else" }),  // the resource does not count
		with(func(e *Event) { e.Links = []Link{{Name: "url", Href: "https://x.test/v2/a/b"}} }),
		with(func(e *Event) { e.Links = []Link{{Name: "url", Href: "https://x.test/v2/a/c"}} }),
		with(func(e *Event) { e.Links = []Link{{Name: "url", Href: "https://x.test/v2/a/b", Type: "text/html"}} }),
		with(func(e *Event) {
			e.Links = []Link{{Name: "url", Href: "https://x.test/v2/a/"}, {Name: "doc", Href: "b"}}
		}),
		with(func(e *Event) {
			e.Links = []Link{{Name: "doc", Href: "b"}, {Name: "url", Href: "https://x.test/v2/a/"}}
		}),
		hook("event_1", "tr_1", "event_1", "tr_1"),
		hook("event_1", "tr_1", "event_1", "tr_2"),
		hook("event_1", "tr_1", "event_1x", "tr_1"),
		hook("event_2", "tr_1", "event_1", "tr_1"),
		hook("event_1", "tr_2", "event_1", "tr_1"),
		hook("event_1", "", "event_1", ""),
	}
}

// MergeChunks adds what the plain model adds, batch after batch, with
// appends in between, however the batches are cut into chunks, and whether
// hashes tell events apart or all collide.
func TestMergeChunksAsPlainMultisets(t *testing.T) {
	smallSegments(t)
	long := longString
	longString = 30 // the pool's long message is not interned
	t.Cleanup(func() { longString, hashMask = long, ^uint64(0) })
	pool := mergePool(t)
	r := rand.New(rand.NewPCG(20, 20))
	batch := func() []Event {
		b := make([]Event, r.IntN(12))
		for i := range b {
			b[i] = pool[r.IntN(len(pool))]
		}
		return b
	}
	added := 0
	for _, mask := range []uint64{^uint64(0), 1, 0} {
		hashMask = mask
		for round := range 200 {
			l, ref := NewList(), &refList{counts: map[string]int{}}
			loaded := batch()
			l.Append(loaded...)
			ref.add(loaded...)
			for step := range 6 {
				evs := batch()
				if r.IntN(4) == 0 { // loaded, not merged: appended or as a chunk
					if r.IntN(2) == 0 {
						l.Append(evs...)
					} else {
						l.AppendChunks(chunkOf(evs))
					}
					ref.add(evs...)
					continue
				}
				var cs []*Chunk
				for rest := evs; len(rest) > 0; {
					n := 1 + r.IntN(len(rest))
					cs, rest = append(cs, chunkOf(rest[:n])), rest[n:]
				}
				got, want := l.MergeChunks(cs...), ref.merge(evs)
				if got != want {
					t.Fatalf("mask %x round %d step %d: MergeChunks added %d, the plain merge %d", mask, round, step, got, want)
				}
				added += got
			}
			if l.Total() != len(ref.events) {
				t.Fatalf("mask %x round %d: %d events, want %d", mask, round, l.Total(), len(ref.events))
			}
			for id := range l.Total() {
				if got, want := refKey(l.Event(id)), refKey(&ref.events[id]); got != want {
					t.Fatalf("mask %x round %d: event %d is %q, want %q", mask, round, id, got, want)
				}
			}
		}
	}
	if added == 0 {
		t.Fatal("no merge added anything")
	}
}

// A refresh that brings events the list has and a few it has not adds only
// those, and takes them from a chunk of their own, not the whole chunk.
func TestMergeChunksKeepsOnlyNew(t *testing.T) {
	pool := mergePool(t)
	l := NewList()
	l.Append(pool[:10]...)
	c := chunkOf(append(append([]Event(nil), pool[12:]...), pool[:10]...))
	if got := l.MergeChunks(c); got != len(pool)-12 {
		t.Fatalf("MergeChunks added %d, want %d", got, len(pool)-12)
	}
	var got []Event
	for id := 10; id < l.Total(); id++ {
		got = append(got, *l.Event(id))
	}
	if want := pool[12:]; !reflect.DeepEqual(got, want) {
		t.Errorf("added\n%+v\nwant\n%+v", got, want)
	}
	checkNew(t, l, 10)
}
