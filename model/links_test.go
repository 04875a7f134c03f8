package model

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// prefixLen cuts an href where a byte-by-byte count of its slashes does.
func FuzzPrefixLen(f *testing.F) {
	f.Add("https://api.mollie.com/v2/payments/tr_1")
	f.Add("https://www.mollie.com/dashboard/org_1/payments/tr_1")
	f.Add("////////x//")
	f.Add("a/b.c/././/")
	f.Fuzz(func(t *testing.T, href string) {
		want, slashes := 0, 0
		for i := 0; i < len(href) && slashes < prefixSlashes; i++ {
			if href[i] == '/' {
				slashes++
				want = i + 1
			}
		}
		if got := prefixLen([]byte(href)); got != want {
			t.Fatalf("prefixLen([]byte(%q)) = %d, want %d", href, got, want)
		}
	})
}

// The events a builder adds with messages of their own (NewChunk: a
// rebuilt history's) share their links with an earlier event that has the
// same ones, as the events of one object do, and each still has its own
// links, in the chunk and in a list.
func TestOwnEventsLinksShared(t *testing.T) {
	dash := func(id string) Link {
		return Link{Name: "dashboard", Href: "https://www.mollie.com/dashboard/org_1/payments/" + id, Type: "text/html"}
	}
	mandate := Link{Name: "mandate", Href: "https://api.mollie.com/v2/customers/cst_1/mandates/mdt_1", Type: "application/hal+json"}
	tests := []struct {
		name   string
		links  [][]Link // each event's
		stored int
	}{
		{"the events of one payment", [][]Link{{dash("tr_1"), mandate}, {dash("tr_1"), mandate}, {dash("tr_1"), mandate}}, 2},
		{"two payments, one after the other", [][]Link{{dash("tr_1")}, {dash("tr_1")}, {dash("tr_2")}, {dash("tr_2")}}, 2},
		{"the same links again later", [][]Link{{dash("tr_1")}, {dash("tr_2")}, {dash("tr_1")}}, 2},
		{"a link more", [][]Link{{dash("tr_1")}, {dash("tr_1"), mandate}}, 3},
		{"another name", [][]Link{{dash("tr_1")}, {{Name: "self", Href: dash("tr_1").Href, Type: "text/html"}}}, 2},
		{"another media type", [][]Link{{dash("tr_1")}, {{Name: "dashboard", Href: dash("tr_1").Href}}}, 2},
		{"no links", [][]Link{nil, nil, {dash("tr_1")}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewChunk(len(tt.links), 0)
			for i, ls := range tt.links {
				c.Add(&Event{Resource: "event", TypeName: "payment.paid", Message: fmt.Sprintf("Payment paid · Order #%d", i),
					Created: time.Unix(int64(i), 0).UTC(), CreatedRaw: time.Unix(int64(i), 0).UTC().Format(time.RFC3339), Links: ls})
			}
			if n := len(c.st.links); n != tt.stored {
				t.Errorf("%d links stored, want %d", n, tt.stored)
			}
			for i, want := range tt.links {
				if got := c.Event(i).Links; !slices.Equal(got, want) {
					t.Errorf("chunk: event %d's links %+v, want %+v", i, got, want)
				}
			}
			l := NewList()
			l.AppendChunks(c) // takes the chunk over
			l.SetSort(Sort{Key: SortNone})
			for i, want := range tt.links {
				if got := l.At(i).Links; !slices.Equal(got, want) {
					t.Errorf("list: event %d's links %+v, want %+v", i, got, want)
				}
			}
		})
	}
}
