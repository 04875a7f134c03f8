package source

import (
	"errors"
	"reflect"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/timefmt"
	"github.com/eventbrowser/eventbrowser/model"
)

// eventsOf returns the events of batches, in order.
func eventsOf(batches ...Batch) []model.Event {
	var out []model.Event
	for _, b := range batches {
		for _, c := range b.Chunks {
			for i := range c.Len() {
				out = append(out, c.Event(i))
			}
		}
	}
	return out
}

func chunkOf(msgs ...string) *model.Chunk {
	c := &model.Chunk{}
	for _, m := range msgs {
		e := model.Event{Type: 200, Message: m, Line: cells.Line(m), CreatedRaw: "2024-03-20T09:13:37Z"}
		e.Created, _ = timefmt.Parse(e.CreatedRaw)
		c.Add(&e)
	}
	return c
}

// Batches added together read as one batch holding both, in order; the
// later one's progress and Open are what the whole says.
func TestBatchAdd(t *testing.T) {
	p1, p2 := &Progress{Done: 1}, &Progress{Done: 2}
	f1, f2 := Failure{Source: "cst_1", Err: errors.New("one")}, Failure{Source: "cst_2", Err: errors.New("two")}
	tests := []struct {
		name        string
		first, then Batch
		want        Batch
		wantMsgs    []string
	}{
		{"into nothing",
			Batch{},
			Batch{Chunks: []*model.Chunk{chunkOf("a")}, Notes: []string{"n"}, Failures: []Failure{f1}, Names: map[string]string{"cst_1": "Jo"}, Progress: p1, Open: "stdin"},
			Batch{Notes: []string{"n"}, Failures: []Failure{f1}, Names: map[string]string{"cst_1": "Jo"}, Progress: p1, Open: "stdin"},
			[]string{"a"}},
		{"everything joined, the later progress and Open win",
			Batch{Chunks: []*model.Chunk{chunkOf("a", "b")}, Notes: []string{"n1"}, Failures: []Failure{f1}, Names: map[string]string{"cst_1": "Jo"}, Progress: p1, Open: "stdin"},
			Batch{Chunks: []*model.Chunk{chunkOf("c")}, Notes: []string{"n2"}, Failures: []Failure{f2}, Names: map[string]string{"cst_2": "Al"}, Progress: p2},
			Batch{Notes: []string{"n1", "n2"}, Failures: []Failure{f1, f2}, Names: map[string]string{"cst_1": "Jo", "cst_2": "Al"}, Progress: p2},
			[]string{"a", "b", "c"}},
		{"a later batch without progress keeps the progress",
			Batch{Progress: p1, Open: "stdin"},
			Batch{Open: "stdin"},
			Batch{Progress: p1, Open: "stdin"},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.first
			b.Add(tt.then)
			var msgs []string
			for _, e := range eventsOf(b) {
				msgs = append(msgs, e.Message)
			}
			if !reflect.DeepEqual(msgs, tt.wantMsgs) {
				t.Errorf("events %q, want %q", msgs, tt.wantMsgs)
			}
			b.Chunks = nil
			if !reflect.DeepEqual(b, tt.want) {
				t.Errorf("got %+v, want %+v", b, tt.want)
			}
		})
	}
}
