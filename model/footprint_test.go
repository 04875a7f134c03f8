package model

import (
	"bytes"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/measure"
)

// BenchmarkFootprint is where the bytes of a list of 1M generated events
// go (NDJSON, 214 MB, loaded chunk by chunk as the table loads it), in
// bytes an event by capacity, and the heap it keeps after GC (retained).
// Issue 25, measured at the commit before its work and after it:
//
//	part                    before  after
//	records                   33.6   33.6  32 bytes an event, an eighth of slack allowed
//	links                     19.3    7.7  20 → 8 bytes a link (0.94 an event)
//	href tails                33.9   24.9  the href after its prefix: the 4th slash → the last, up to the 5th
//	projection                20.2   20.2  message, type, instant, source in sort order, for filters
//	sorted + view              8.1    8.1  event IDs in sort order, and those the filter passes
//	strings, prefixes, heads   0.0    0.0  interned: 60 messages, href prefixes, link heads
//	retained after GC        115.2   94.6
//
// The table held 8 bytes more an event outside the list: the timeline's
// copy of the view's instants, which it now reads from the projection.
// Messages cost nothing here (60 distinct); a list whose every event has a
// message of its own holds each once, and its display form apart only
// when sanitizing changed it (before, every message not in printable
// ASCII was held twice). The rest of the process's peak was the garbage
// collector's headroom and free heap not yet returned to the system: the
// table peaked at 174 MB RSS at the default GOGC=100 and at 130 MB at
// GOGC=10, which browsing now runs at (internal/cli), with 93 MB live
// either way (GODEBUG=gctrace=1), at about 1 ms of CPU a collection.
// BenchmarkTablePeakRSS (the repository's root) measures the whole process.
func BenchmarkFootprint(b *testing.B) { benchFootprint(b, generated(b, true, 1_000_000)) }

// BenchmarkFootprintCaptured is BenchmarkFootprint for 1M captured
// webhook events (capturedDay, 1.42 GB, 1.4 KB an event with its entity):
// the bytes each keeps in the list but for its entity, which the list
// does not hold. Issues 22 and 25, old and new test binaries in turns:
//
//	part         before  after
//	records        32.0   32.0
//	links          33.1   33.1  four links an event, 8 bytes each
//	tails          71.8   17.1  an href's end that is the event's ID or its entity's is not held again (linkRec's flags)
//	ids            55.5   50.9  no index per event while every event has IDs
//	messages      119.4   71.7  written messages not in a map, in the list or its chunks, nor each an allocation;
//	                            a message held as its display line alone (the bytes, about 48, and one header)
//	projection     35.1   35.1  growth slack: 1.75× the events here, 1.01× for customer events
//	sorted + view  13.4   13.4  the same slack
//	retained      396.9  256.4  after GC (customer events: 94.6)
//
// Then, in one run at 9233e01 and after it (chunks by then sized so that
// the projection's slack was gone: 20.2 and 8.1):
//
//	links          32.2    0.0  an event whose links are an earlier one's but for its own IDs (the same
//	tails          16.6    0.0  names, media types, prefixes and documentation page) shares them (segment.share)
//	ids            49.6   36.2  the event's own ID as a code (idcode.go), 18 bytes for 27; 4 bytes an event where 8
//	retained      232.4  170.2
//
// The time to load and filter them went from 9.6–13.5 s to 5.5–8.3 s
// (0.57–0.61× in turns, on a machine shared with other work). What is
// left is mostly each event's own text: its IDs (31 bytes), its message
// (48) and its record.
//
// Then the table's peak (issue 25, BenchmarkTableCaptured): on a branch
// from 9233e01, what the list keeps changed little (at 9233e01 and after:
// records 33.7 → 32.2, links 32.2 → 32.9, tails 16.6 → 17.0, ids 49.6 →
// 50.7, projection 20.2, sorted + view 8.1, retained 232.4 → 233.1;
// customer events 94.7 → 94.0), but what a load makes and lets go did: 452
// MB allocated to load them, now 350. The last chunk of each half of the
// file is made for the events reckoned left, not for 262,144 and then
// copied when trimmed (40 MB); the list's arrays grow last to the events
// reckoned to come (Chunk.more), not by doubling; a chunk holds an entity
// in 16 bytes, not 48, while it waits to be handed on; source.Held holds
// one in 8 bytes, not 24. The table peaked at 338–346 MB, now at 290–302.
//
// Then issue 25's third bullet, at c7d4381 and after, the test binaries in
// turns in one run:
//
//	ids       36.95  30.61  the entity's ID as a code too (10 bytes for 13), and where
//	                        every fourth event's codes start, not each's (codes say their length)
//	messages  70.06  59.18  a line as its place in a block of lines (msgLines: 4 bytes and a
//	                        byte of length) rather than a string header (16), blocks' slack counted
//	retained  169.4  150.3  (customer events 93.87 and 93.87)
//
// The table's peak went from 236.9 to 211.1 MB, and from 229.0 to 204.0
// (BenchmarkTableCaptured, two runs of 3 of each binary in turns). It
// comes at the end of the load, and
// follows what the list keeps: in process, at GOGC=10 as the table loads,
// the live heap was at most 161 MB against 154 MB once loaded, the buffers
// the two halves of the file are read into (16 MB at that moment) the most
// of the difference; reading 4 MB blocks rather than 8 left the table's
// peak as it was (216–221 MB against 217–219).
//
// Then messages held as templates and their digits (msgtemplates.go), at
// 3ab8870 and after, the test binaries in turns in one run:
//
//	messages  59.18  11.63  901 templates for 1M messages ("Payment paid · ideal · €00.00 · Order
//	                        #000000"), each message its template's number and its digits,
//	                        two a byte: about 8 bytes in a block, and its 4-byte place
//	retained  150.3  103.0  (customer events 93.87 and 93.87)
//
// The table's peak went from 213 to 165 MB (BenchmarkTableCaptured, 3
// runs of each binary in turns).
//
// Then, at 6a26552 and after: a list of one source (a file) projects no
// source an event (proj.oneSrc), and with no filter its view is the sorted
// order itself rather than a copy. By capacity the parts are as before
// once a filter has run (the view then has an array of its own, as here);
// what a list keeps as it loads, before any filter:
//
//	retained  103.0  95.0  (customer events 93.9 and 85.8)
//
// The table's peak went from 159 to 138 MB, with the entities of a file's
// second half let go as it is decoded (DecodeOptions.Decoded), and 1M
// customer events' from 127 to 120 (BenchmarkTableCaptured,
// BenchmarkTablePeakRSS, 5 runs of each binary in turns).
func BenchmarkFootprintCaptured(b *testing.B) { benchFootprint(b, capturedDay(b, 1_000_000)) }

func benchFootprint(b *testing.B, data []byte) {
	const n = 1_000_000
	var l *List
	for b.Loop() {
		l = NewList()
		if _, err := DecodeFile("gen.ndjson", bytes.NewReader(data), int64(len(data)), DecodeOptions{}, func(c *Chunk) { l.AppendChunks(c) }); err != nil {
			b.Fatal(err)
		}
		l.SetQuery(mustQuery(b, "pay"))
		l.SetQuery(mustQuery(b, ""))
	}
	if l.Total() != n {
		b.Fatalf("%d events, want %d", l.Total(), n)
	}
	for _, p := range l.Footprint() {
		b.ReportMetric(float64(p.Bytes)/n, p.Name+"-B/event")
	}
	l = nil
	b.ReportMetric(measure.Retained(func() any { return loadList(data) })/n, "retained-B/event")
}

// TestMessageHeldOnce: a message sanitizing leaves as it was is held once,
// as its display line; one it changes is held as both.
func TestMessageHeldOnce(t *testing.T) {
	for _, tt := range []struct {
		msg  string
		once bool
	}{
		{"Payment paid", true},
		{"Zahlung fehlgeschlagen: Lastschrift zurückgegeben", true},
		{"Payment\tpaid", false},
		{"Payment \x1b[31mpaid", false},
	} {
		var d dict
		id := d.msgIDBytes([]byte(tt.msg))
		m, line := d.message(id), d.lines.line(id)
		if m != tt.msg {
			t.Errorf("%q: held as %q", tt.msg, m)
		}
		if _, apart := d.raws[id]; apart == tt.once {
			t.Errorf("%q: held once %v, want %v (line %q)", tt.msg, !apart, tt.once, line)
		}
	}
}
