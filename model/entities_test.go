package model

import (
	"math"
	"reflect"
	"testing"
	"time"
)

// TestEntitySlots: entities copied and entities where they are in the
// input come back as they went in, in order; undoing an event drops the
// entity it added.
func TestEntitySlots(t *testing.T) {
	at := time.Date(2024, 3, 20, 9, 13, 37, 0, time.UTC)
	ev := func(entity string) *Event {
		e := &Event{Type: 1, Created: at, CreatedRaw: "2024-03-20T09:13:37Z", Message: "m", Line: "m"}
		if entity != "" {
			e.Entity = []byte(entity)
		}
		return e
	}
	c := &Chunk{}
	c.Add(ev(`{"id":"tr_1"}`))
	c.st.addEntity(Entity{Event: 1, Off: 100, Len: 7})
	c.Add(ev(""))
	c.st.addEntity(Entity{Event: 2, Off: 200, Len: math.MaxUint32 + 1}) // too long to hold: left out
	c.Add(ev(`{"id":"re_2"}`))
	want := []Entity{
		{Event: 0, Raw: []byte(`{"id":"tr_1"}`), Off: -1},
		{Event: 1, Off: 100, Len: 7},
		{Event: 2, Raw: []byte(`{"id":"re_2"}`), Off: -1},
	}
	if got := c.Entities(); !reflect.DeepEqual(got, want) || c.EntityCount() != 3 || c.st.copied != 26 {
		t.Fatalf("entities %+v (%d, %d bytes copied), want %+v", got, c.EntityCount(), c.st.copied, want)
	}

	m := c.st.mark()
	c.Add(ev(`{"id":"chb_3"}`))
	c.st.rollback(m)
	if got := c.Entities(); !reflect.DeepEqual(got, want) || len(c.st.raws) != 2 || c.st.copied != 26 {
		t.Fatalf("after rollback: entities %+v, %d copies of %d bytes, want %+v", got, len(c.st.raws), c.st.copied, want)
	}

	for j, x := range want {
		if got := c.EntityAt(j); !reflect.DeepEqual(got, x) {
			t.Errorf("EntityAt(%d) = %+v, want %+v", j, got, x)
		}
	}
	c.DropEntities()
	if c.EntityCount() != 0 || c.Entities() != nil || c.st.copied != 0 {
		t.Errorf("dropped: %d entities, %d bytes copied", c.EntityCount(), c.st.copied)
	}
}

// TestHasEntityID: HasEntityID says what EntityID would, without writing
// it out: an entityId of any shape, an empty one, none, and an event
// without IDs.
func TestHasEntityID(t *testing.T) {
	in := `{"id":"event_GvJ8WHrp5isUdRub9CJyH","type":"payment.paid","entityId":"tr_7UhSN1zuXS","createdAt":"2024-12-16T15:57:04+00:00"}
{"id":"event_a","type":"payment.paid","entityId":"","createdAt":"2024-12-16T15:57:04+00:00"}
{"id":"event_b","type":"payment.paid","createdAt":"2024-12-16T15:57:04+00:00"}
{"type":200,"createdAt":"2024-12-16T15:57:04Z","message":"Customer created"}
{"id":"event_c","type":"refund.created","entityId":"re_","createdAt":"2024-12-16T15:57:04+00:00"}
{"id":"event_d","type":"x","entityId":"not an ID of Mollie's shape, and long enough to be held as it is written","createdAt":"2024-12-16T15:57:04+00:00"}
`
	c, _, err := DecodeChunk("in.ndjson", []byte(in), DecodeOptions{})
	if err != nil || c.Len() != 6 {
		t.Fatalf("%d events, %v", c.Len(), err)
	}
	for i, want := range []bool{true, false, false, false, true, true} {
		if got, id := c.HasEntityID(i), c.EntityID(i); got != want || got != (len(id) > 0) {
			t.Errorf("event %d: HasEntityID %v, EntityID %q; want %v", i, got, id, want)
		}
	}
}
