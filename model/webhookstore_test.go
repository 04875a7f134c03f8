package model

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
)

// paidEvent is a payment.paid webhook event at second sec whose message is
// written from its entity, or msg when that is not "".
func paidEvent(sec int, order, msg string) string {
	wire := ""
	if msg != "" {
		wire = fmt.Sprintf(`"message":%q,`, msg)
	}
	return fmt.Sprintf(`{"resource":"event","id":"event_%d","type":"payment.paid","entityId":"tr_%d",%s"createdAt":"2024-12-16T15:57:%02dZ",`, sec, sec, wire, sec) +
		entity(`"resource":"payment"`, `"method":"ideal"`, whAmount, fmt.Sprintf(`"description":"Order #%s"`, order)) +
		fmt.Sprintf(`,"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_%d"},"entity":{"href":"https://api.mollie.com/v2/payments/tr_%d"}}}`, sec, sec)
}

// The ends of a webhook event's hrefs that are its IDs, which the store
// holds once (linkRec's flags), are there to link: and entity: terms.
func TestLinksEndingInIDs(t *testing.T) {
	var lines []string
	for sec := 1; sec <= 12; sec++ {
		lines = append(lines, paidEvent(sec, "1", ""))
	}
	c, _, err := DecodeChunk("f", []byte(strings.Join(lines, "\n")), DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if flags := c.st.links[0].head&tailFlags | c.st.links[1].head&tailFlags; flags != tailFlags {
		t.Fatalf("links stored with flags %#x, want both", flags)
	}
	l := NewList()
	l.AppendChunks(c)
	l.SetSort(Sort{Key: SortNone})
	for q, want := range map[string]string{
		"link:tr_12":          "event_12", // the first link: the entity's
		"link:payments/tr_11": "event_11",
		"entity:tr_3":         "event_3",
		"!link:tr_1 link:tr_": "event_2 event_3 event_4 event_5 event_6 event_7 event_8 event_9",
	} {
		l.SetQuery(mustQuery(t, q))
		if got := idsOf(l); got != want {
			t.Errorf("%s: %s, want %s", q, got, want)
		}
	}
	l.SetQuery(mustQuery(t, "entity:tr_2"))
	if got := l.At(0).Links; len(got) != 2 || got[0].Href != "https://api.mollie.com/v2/payments/tr_2" || got[1].Href != "https://api.mollie.com/v2/events/event_2" {
		t.Errorf("links %+v", got)
	}
}

// Webhook events' written messages are added without a look-up, to a
// chunk and again to the list that takes it, and yet two of them alike are
// one message to filters, sorting and counts, as a repeated message on the
// wire is.
func TestWrittenMessagesNotLookedUp(t *testing.T) {
	const one, two = "Payment paid · ideal · €10.00 · Order #1", "Payment paid · ideal · €10.00 · Order #2"
	for _, adopted := range []bool{false, true} { // copied into the list's own segment, or a segment each
		t.Run(fmt.Sprint("adopted ", adopted), func(t *testing.T) {
			if adopted {
				bits, minimum := blockBits, adoptMin
				blockBits, adoptMin = 1, 2
				t.Cleanup(func() { blockBits, adoptMin = bits, minimum })
			}
			chunks := [][]string{
				{paidEvent(1, "2", ""), paidEvent(2, "1", ""), paidEvent(3, "1", one)},
				{paidEvent(4, "2", ""), paidEvent(5, "2", "")},
			}
			l := NewList()
			for _, lines := range chunks {
				c, _, err := DecodeChunk("f", []byte(strings.Join(lines, "\n")), DecodeOptions{})
				if err != nil {
					t.Fatal(err)
				}
				l.AppendChunks(c)
			}
			if n := len(l.st.msgIDs); n != 1 {
				t.Errorf("%d messages looked up, want 1 (the one on the wire)", n)
			}
			l.SetSort(Sort{Key: SortNone})
			l.SetQuery(mustQuery(t, `"Order #1"`))
			if got := idsOf(l); got != "event_2 event_3" {
				t.Errorf("filtered: %s", got)
			}
			l.SetQuery(mustQuery(t, ""))
			l.SetSort(Sort{Key: SortMessage})
			if got := idsOf(l); got != "event_2 event_3 event_1 event_4 event_5" {
				t.Errorf("by message: %s", got)
			}
			for typ, top := range l.topMessages() {
				if top != two {
					t.Errorf("type %d: top message %q, want %q", typ, top, two)
				}
			}
		})
	}
}

func idsOf(l *List) string {
	var ids []string
	for i := range l.Len() {
		ids = append(ids, l.At(i).ID)
	}
	return strings.Join(ids, " ")
}

// A chunk selected from one of webhook events (a filtered print) has
// messages of its own, not views of the blocks the source's messages
// share, which would keep every message of the source.
func TestSelectCopiesWrittenMessages(t *testing.T) {
	c, _, err := DecodeChunk("f", []byte(paidEvent(1, "1", "")+"\n"+paidEvent(2, "2", "")), DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := c.Select(mustQuery(t, `"Order #2"`))
	if out.Len() != 1 {
		t.Fatalf("%d events selected, want 1", out.Len())
	}
	got, src := out.st.message(out.st.recs[0].msg), c.st.message(c.st.recs[1].msg)
	if got != src {
		t.Fatalf("message %q, want %q", got, src)
	}
	if unsafe.StringData(got) == unsafe.StringData(src) {
		t.Error("the selected message shares the source's memory")
	}
}

func TestCutID(t *testing.T) {
	for _, tt := range []struct {
		tail, id, entity, rest string
		flag                   uint32
	}{
		{"event_1", "event_1", "tr_1", "", tailID},
		{"tr_1", "event_1", "tr_1", "", tailEntity},
		{"org_1/payments/tr_1", "event_1", "tr_1", "org_1/payments/", tailEntity},
		{"tr_1", "tr_1", "tr_1", "", tailID}, // the event's own ID first
		{"tr_1x", "event_1", "tr_1", "tr_1x", 0},
		{"r_1", "event_1", "tr_1", "r_1", 0},
		{"tr_1", "", "", "tr_1", 0},
		{"", "", "", "", 0},
	} {
		rest, flag := cutID(tt.tail, tt.id, tt.entity)
		if rest != tt.rest || flag != tt.flag {
			t.Errorf("cutID(%q, %q, %q) = %q, %#x; want %q, %#x", tt.tail, tt.id, tt.entity, rest, flag, tt.rest, tt.flag)
		}
	}
}

// Reading a captured webhook event allocates nothing of its own but the
// copy of its entity: its message is written in place into a block it
// shares (as a template, made once for the events of its shape, and its
// digits), its IDs and links go into the chunk's arrays.
func TestScanWebhookAllocs(t *testing.T) {
	const n = 4000
	var b bytes.Buffer
	if err := eventgen.WriteWebhooks(&b, eventgen.Options{N: n, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	c, _, err := DecodeChunk("f", b.Bytes(), DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	templates := float64(c.st.lines.tmpl.made)
	if templates == 0 || templates > n/4 {
		t.Fatalf("%.0f templates for the messages of %d events", templates, n)
	}
	allocs := testing.AllocsPerRun(2, func() {
		if _, _, err := DecodeChunk("f", b.Bytes(), DecodeOptions{}); err != nil {
			t.Fatal(err)
		}
	})
	// A template is its text and, now and then, a larger table and map.
	if beyond := allocs - n - 2*templates; beyond > n/10 {
		t.Errorf("%.0f allocations for %d events and %.0f templates: %.2f an event beyond the entity's copy", allocs, n, templates, beyond/n)
	}
}

// A webhook event's links that differ from an earlier event's only in the
// event's own IDs are stored once for both, whichever way the events come
// in (the fast decoder, Chunk.Add, a list merging chunks), and every
// event still has its own links.
func TestWebhookLinksShared(t *testing.T) {
	refund := func(sec int) string {
		return fmt.Sprintf(`{"resource":"event","id":"event_%d","type":"refund.refunded","entityId":"re_%d","createdAt":"2024-12-16T15:57:%02dZ",`, sec, sec, sec) +
			entity(`"resource":"refund"`, whAmount, `"description":"Refund"`) +
			fmt.Sprintf(`,"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_%d"},"entity":{"href":"https://api.mollie.com/v2/refunds/re_%d"},"documentation":{"href":"https://docs.mollie.com/reference/get-refund","type":"text/html"}}}`, sec, sec)
	}
	odd := func(sec int) string { // its self link ends in another event's ID
		return strings.Replace(paidEvent(sec, "1", ""), fmt.Sprintf("events/event_%d", sec), "events/event_x", 1)
	}
	var lines []string
	for sec := 1; sec <= 30; sec++ {
		switch sec % 3 {
		case 0:
			lines = append(lines, paidEvent(sec, "1", ""))
		case 1:
			lines = append(lines, refund(sec))
		default:
			lines = append(lines, odd(sec))
		}
	}
	data := []byte(strings.Join(lines, "\n"))
	want, err := Decode("f", data)
	if err != nil {
		t.Fatal(err)
	}
	fast, _, err := DecodeChunk("f", data, DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	added := NewChunk(0, 0)
	for i := range want.Events {
		added.Add(&want.Events[i])
	}
	// Three kinds of events with 2, 3 and 2 links: 7 links stored, not 70.
	for name, c := range map[string]*Chunk{"decoded": fast, "added": added} {
		if n := len(c.st.links); n != 7 {
			t.Errorf("%s: %d links stored, want 7", name, n)
		}
		for i, e := range want.Events {
			if got := c.Event(i).Links; !slices.Equal(got, e.Links) {
				t.Errorf("%s: event %d's links %+v, want %+v", name, i, got, e.Links)
			}
		}
	}
	l := NewList()
	l.AppendChunks(fast, added)
	l.SetSort(Sort{Key: SortNone})
	for i := range l.Len() {
		if got, e := l.At(i).Links, want.Events[i%len(want.Events)]; !slices.Equal(got, e.Links) {
			t.Errorf("list: event %d's links %+v, want %+v", i, got, e.Links)
		}
	}
	l.SetQuery(mustQuery(t, "link:refunds/re_4"))
	if got := idsOf(l); got != "event_4 event_4" {
		t.Errorf("link:refunds/re_4: %s", got)
	}
}
