package cli

import (
	"fmt"
	"io"
	"runtime/debug"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// progressLine shows how a long print-mode load is going on one line of
// stderr, when stderr is a terminal: "loading… 1,234,567 events", or the
// API's "customers 120/450 · events 3,210 · 2 failed". It redraws at most
// ten times a second and is cleared before anything else is written.
type progressLine struct {
	w       io.Writer
	on      bool
	events  int
	last    time.Time
	started time.Time
	shown   bool
}

func (p *progressLine) add(b source.Batch) {
	if !p.on {
		return
	}
	p.events += b.Len()
	now := time.Now()
	if p.started.IsZero() {
		p.started = now
	}
	// Quick loads show nothing; a line appears after half a second.
	if now.Sub(p.started) < 500*time.Millisecond || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	text := "loading… " + model.Thousands(p.events) + " events"
	if b.Progress != nil {
		text = "loading… " + b.Progress.String()
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", text)
	p.shown = true
}

func (p *progressLine) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// keptGC has the garbage collector run sooner once print mode holds many
// events. They are held until the end in arrays without pointers, which a
// collection does not scan: collecting when the heap has grown by a tenth,
// rather than doubled, then costs little and keeps the peak near what is
// held (10M events: 1.19 GB against 2.40 GB). While few are held, Go's
// default stays: a tenth of a small heap would mean a collection every few
// megabytes read. GOGC, when set, decides instead (fixed).
type keptGC struct {
	fixed, tight bool
	kept, old    int
}

// tightAfter is the number of events held from which keptGC tightens.
const tightAfter = 2 << 20

func (g *keptGC) keep(n int) {
	g.kept += n
	if !g.fixed && !g.tight && g.kept >= tightAfter {
		g.old, g.tight = debug.SetGCPercent(10), true
	}
}

func (g *keptGC) restore() {
	if g.tight {
		debug.SetGCPercent(g.old)
	}
}
