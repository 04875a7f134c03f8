package model

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
)

// TestDecodeFilePlacesEvents: with PlaceEvents, DecodeFile says where
// each webhook event is in the file, whatever read it (the fast decoder,
// the reference decoder for an event it leaves, either half of a file read
// by two cores), and nothing for a customer event; read from a stream,
// which cannot be read again, it keeps a copy of each.
func TestDecodeFilePlacesEvents(t *testing.T) {
	var hooks bytes.Buffer
	if err := eventgen.WriteWebhooks(&hooks, eventgen.Options{N: 20_000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	const hook = `{"resource":"event","id":"event_a1","type":"payment.paid","entityId":"tr_1","createdAt":"2024-03-20T09:13:37Z","_embedded":{"entity":{"id":"tr_1"}}}`
	const customer = `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"a"}`
	escapedKey := `{"\u0069d":"event_b2","type":"payment.failed","createdAt":"2024-03-20T09:13:38Z"}` // the reference decoder's
	defer func(pm int64) { parallelMin = pm }(parallelMin)
	parallelMin = 1 << 20
	tests := []struct {
		name string
		data string
		want int // events placed
	}{
		{"NDJSON", hook + "\n" + customer + "\n" + escapedKey + "\n", 2},
		{"pretty array", "[\n  " + hook + ",\n  " + customer + " ,\n\t" + escapedKey + "\n]\n", 2},
		{"BOM", "\xef\xbb\xbf" + hook + "\n", 1},
		{"two halves", hooks.String(), 20_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			// check says whether place p of c is event p.Event's JSON.
			check := func(c *Chunk, p Entity) {
				obj := p.Raw
				if p.Off >= 0 {
					obj = data[p.Off : p.Off+int64(p.Len)]
				}
				var v struct{ ID string }
				if err := json.NewDecoder(bytes.NewReader(obj)).Decode(&v); err != nil || v.ID != c.Event(p.Event).ID || v.ID == "" {
					t.Fatalf("event %d placed at %d: %q, %v; want its ID %q", p.Event, p.Off, v.ID, err, c.Event(p.Event).ID)
				}
			}
			var placed, copied int
			_, err := DecodeFile("f", bytes.NewReader(data), int64(len(data)), DecodeOptions{PlaceEvents: true}, func(c *Chunk) {
				for j := range c.EventPlaceCount() {
					check(c, c.EventPlaceAt(j))
					placed++
				}
			})
			if err != nil || placed != tt.want {
				t.Errorf("%d placed, %v; want %d", placed, err, tt.want)
			}
			_, err = DecodeStream(context.Background(), "f", bytes.NewReader(data), DecodeOptions{PlaceEvents: true}, func(c *Chunk) {
				for j := range c.EventPlaceCount() {
					p := c.EventPlaceAt(j)
					if p.Raw == nil {
						t.Fatalf("a stream's event %d placed at %d, not copied", p.Event, p.Off)
					}
					check(c, p)
					copied++
				}
			})
			if err != nil || copied != tt.want {
				t.Errorf("a stream: %d copied, %v; want %d", copied, err, tt.want)
			}
		})
	}
}
