package source

import (
	"bytes"
	"context"
	"testing"
)

// TestHeldBoundAndCap: a body over MaxBody is not held, nor one that would
// take the total past MaxTotal (counted as dropped); neither leaves an
// earlier state at its URL, and each is fetched from Next when asked for.
func TestHeldBoundAndCap(t *testing.T) {
	body := func(n int) []byte { return bytes.Repeat([]byte("x"), n) }
	type put struct {
		url  string
		size int
	}
	tests := []struct {
		name          string
		maxBody, cap  int64
		puts          []put
		held, fetched []string
		dropped       int
	}{
		{"all under both", 10, 100, []put{{"a", 10}, {"b", 10}}, []string{"a", "b"}, nil, 0},
		{"over the bound", 10, 100, []put{{"a", 11}, {"b", 3}}, []string{"b"}, []string{"a"}, 0},
		{"over the cap", 10, 25, []put{{"a", 10}, {"b", 10}, {"c", 10}, {"d", 5}}, []string{"a", "b", "d"}, []string{"c"}, 1},
		{"a later state over the bound replaces the earlier", 10, 100, []put{{"a", 5}, {"a", 20}}, nil, []string{"a"}, 0},
		{"exactly the cap", 10, 20, []put{{"a", 10}, {"b", 10}}, []string{"a", "b"}, nil, 0},
		{"defaults", 0, 0, []put{{"a", DefaultMaxBody}, {"b", DefaultMaxBody + 1}}, []string{"a"}, []string{"b"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &countingFetcher{}
			h := &Held{Next: api, MaxBody: tt.maxBody, MaxTotal: tt.cap}
			for _, p := range tt.puts {
				h.put(p.url, body(p.size))
			}
			for _, u := range tt.held {
				if _, ok := h.Get(u); !ok {
					t.Errorf("%s not held", u)
				}
			}
			if got := h.Len(); got != len(tt.held) {
				t.Errorf("Len = %d, want %d", got, len(tt.held))
			}
			for _, u := range tt.fetched {
				before := api.n
				if _, err := h.Fetch(context.Background(), u); err != nil || api.n != before+1 {
					t.Errorf("%s: not fetched from Next (err %v)", u, err)
				}
			}
			if got := h.Dropped(); got != tt.dropped {
				t.Errorf("Dropped = %d, want %d", got, tt.dropped)
			}
		})
	}
}

// TestHeldReplacedFreesRoom: once a state is replaced at its URL, the room
// the earlier took is free for others.
func TestHeldReplacedFreesRoom(t *testing.T) {
	h := &Held{MaxBody: 10, MaxTotal: 20}
	h.put("a", make([]byte, 10))
	h.put("a", make([]byte, 10))
	h.Len() // indexes: the first a's 10 bytes go
	h.put("b", make([]byte, 10))
	if _, ok := h.Get("b"); !ok || h.Dropped() != 0 {
		t.Errorf("b not held (dropped %d) after a was replaced", h.Dropped())
	}
}

// TestHeldDroppedCountsNext: Dropped counts what a Held it asks dropped
// too, as a file's Held asks the API's.
func TestHeldDroppedCountsNext(t *testing.T) {
	api := &Held{MaxTotal: 10}
	file := NewHeld(api)
	api.put("a", make([]byte, 11))
	api.put("b", make([]byte, 5))
	if got := file.Dropped(); got != 1 {
		t.Errorf("Dropped = %d, want 1", got)
	}
}

// put holds body at apiURL, replacing what was there.
func (h *Held) put(apiURL string, body []byte) { h.putAll([]heldResource{{url: apiURL, raw: body}}) }
