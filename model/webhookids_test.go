package model

import "testing"

// The IDs of webhook events, beside records: each event's own, whether
// every event has them (found by position) or some (found by search),
// after a rollback and when copied on.
func TestWebhookIDs(t *testing.T) {
	type ids struct{ id, entity string }
	tests := []struct {
		name string
		set  map[int32]ids // by event index, added in ascending order
		n    int32         // events
	}{
		{"every event", map[int32]ids{0: {"event_a", "tr_1"}, 1: {"event_b", ""}, 2: {"", "tr_3"}, 3: {"event_dd", "tr_4444"}}, 4},
		{"some events", map[int32]ids{1: {"event_a", "tr_1"}, 4: {"event_é", "re_2"}, 5: {"x", "y"}, 9: {"event_z", "chb_9"}}, 11},
		{"entities of other shapes", map[int32]ids{0: {"event_a", "tr_é"}, 1: {"event_b", "zz_1"}, 2: {"event_c", "tr_"}, 3: {"event_d", "tr_a_b"}}, 4},
		{"none", map[int32]ids{}, 3},
		{"more than a start's", map[int32]ids{0: {"event_a", "tr_1"}, 1: {"event_b", "tr_22"}, 2: {"event_c", ""}, 3: {"event_d", "x"},
			4: {"event_e", "tr_5"}, 5: {"e", "tr_6"}, 6: {"event_g", "tr_7"}, 7: {"event_h", "tr_8"}, 8: {"event_i", "tr_9"}, 9: {"event_j", "tr_10"}}, 10},
		{"every event, then not", map[int32]ids{0: {"event_a", "tr_1"}, 1: {"event_b", "tr_2"}, 2: {"event_c", ""}, 4: {"event_e", "tr_5"}}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w webhookIDs
			for i := range tt.n {
				if x, ok := tt.set[i]; ok {
					addIDs(&w, i, []byte(x.id), []byte(x.entity))
				}
			}
			check := func(how string, w *webhookIDs, base, upTo int32) {
				t.Helper()
				for i := range tt.n {
					want, has := tt.set[i]
					if i >= upTo {
						want, has = ids{}, false
					}
					id, entity := w.get(base + i)
					if (ids{id, entity}) != want || has && (!w.entityIs(base+i, appendIDCode(nil, want.entity)) || w.entityIs(base+i, appendIDCode(nil, want.entity+"0"))) {
						t.Errorf("%s: event %d: %q %q, want %q %q", how, i, id, entity, want.id, want.entity)
					}
				}
			}
			check("added", &w, 0, tt.n)
			if dense := len(tt.set) == 0 || len(tt.set) == int(tt.n); w.sparse == dense {
				t.Errorf("indexed: %v, want %v", w.sparse, !dense)
			}
			var copied webhookIDs
			addIDs(&copied, 0, "event_first", "tr_first")
			copied.appendFrom(&w, 100)
			check("copied on", &copied, 100, tt.n)
			if !copied.same(100+tt.n-1, &w, tt.n-1) || len(tt.set) > 0 && copied.same(0, &w, 0) {
				t.Error("same: wrong")
			}
			w.truncate(tt.n / 2)
			check("truncated", &w, 0, tt.n/2)
			addIDs(&w, tt.n, "event_new", "tr_new")
			if id, entity := w.get(tt.n); id != "event_new" || entity != "tr_new" {
				t.Errorf("added after truncating: %q %q", id, entity)
			}
			check("added after truncating", &w, 0, tt.n/2)
		})
	}
}
