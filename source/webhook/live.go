package webhook

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// Live is the source of what the receiver keeps: the events its file held
// before this run, then each event as it is stored, in a batch marked
// Live. Requests refused, and events that could not be stored, are notes
// and failures of the load; its status says how many requests were
// refused and, with NoVerify, that signatures are not checked, and Into
// where the file is. Add is the Handler's Report; Load runs until Close or its
// context ends. Each delivery is sent by the Load that takes it first
// (the view runs one: Live cannot be read again), so Live holds only what
// has not been sent yet, however long the receiver runs.
type Live struct {
	Path       string   // the store's file: the events' source, and the status's
	Before     int64    // the file's length when the store opened it: the events from before this run
	SkipBefore bool     // send only what arrives (print mode)
	NoVerify   bool     // signatures are not checked: said in every status
	Notes      []string // said with the first batch: the store's warnings on opening
	// Held, when set, holds the entities events carried, on the API at
	// APIURL, for the detail view: those from before this run as where
	// they are in the file, those that arrive as copies.
	Held   *source.Held
	APIURL string

	mu      sync.Mutex
	log     []Delivery    // added, not yet sent
	wake    chan struct{} // closed and replaced when the log grows or Live closes
	closed  bool
	refused int
}

// Add records a delivery; Loads running send it. Its body and headers
// are not kept: what Loads send is made of the stored line.
func (l *Live) Add(d Delivery) {
	d.Body, d.Header = nil, nil
	l.mu.Lock()
	defer l.mu.Unlock()
	l.log = append(l.log, d)
	l.wakeLocked()
}

// Close ends every Load once it has sent what was added.
func (l *Live) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	l.wakeLocked()
}

func (l *Live) wakeLocked() {
	if l.wake != nil {
		close(l.wake)
		l.wake = nil
	}
}

// NotRereadable: a refresh would find nothing the view does not have.
func (l *Live) NotRereadable() string {
	return "the receiver adds deliveries as they come"
}

// Load sends the file's events from before this run (unless SkipBefore),
// then what is added (and not sent by another Load), until Close or ctx
// ends.
func (l *Live) Load(ctx context.Context, send func(source.Batch)) error {
	first := source.Batch{Notes: l.Notes, Open: "deliveries", Status: l.status(), Into: l.Path}
	f, held, err := l.open()
	if err != nil {
		return err
	}
	defer held.Done()
	if !l.SkipBefore && l.Before > 0 {
		chunks, notes, err := l.before(f, held)
		if err != nil {
			return err
		}
		first.Chunks, first.Notes = chunks, append(first.Notes, notes...)
	}
	send(first)
	for {
		l.mu.Lock()
		batch := l.log
		l.log = nil
		closed := l.closed
		if l.wake == nil {
			l.wake = make(chan struct{})
		}
		wake := l.wake
		l.mu.Unlock()
		if len(batch) > 0 {
			send(l.batch(batch, held))
		}
		if closed {
			return nil
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// open opens the file for a Load: the events from before this run are
// read from it, and the entities of all a Load sends held from it, where
// they are (Held closes it once it holds nothing of it); nil when a Load
// needs neither.
func (l *Live) open() (*os.File, *source.FileReading, error) {
	if (l.SkipBefore || l.Before == 0) && l.Held == nil {
		return nil, nil, nil
	}
	f, err := os.Open(l.Path)
	if err != nil {
		return nil, nil, err
	}
	return f, l.Held.ReadingFile(l.Path, f, 0, true), nil
}

// before reads the events f held when the store opened it.
func (l *Live) before(f *os.File, held *source.FileReading) ([]*model.Chunk, []string, error) {
	var chunks []*model.Chunk
	opts := model.DecodeOptions{SkipInvalid: true, PlaceEvents: l.Held != nil}
	notes, err := model.DecodeFile(l.Path, f, l.Before, opts, func(c *model.Chunk) {
		held.Hold(c, l.APIURL)
		chunks = append(chunks, c)
	})
	return chunks, notes, err
}

// batch is what deliveries add to the view; the entities they carried
// are held from the file by held, if not nil.
func (l *Live) batch(ds []Delivery, held *source.FileReading) source.Batch {
	b := source.Batch{Live: true, Open: "deliveries"}
	var stored storedLines // decoded at once
	for _, d := range ds {
		switch {
		case d.Kind == KindForwarded && d.Err != nil:
			b.Notes = append(b.Notes, fmt.Sprintf("forwarded %s: %s", cells.SanitizeLine(d.ID), d.Err))
		case d.Kind == KindForwarded:
		case d.Kind == KindRefused:
			l.mu.Lock()
			l.refused++
			l.mu.Unlock()
			b.Notes = append(b.Notes, fmt.Sprintf("refused a request (%d %s): %s", d.Status, http.StatusText(d.Status), cells.SanitizeLine(d.Err.Error())))
		case d.Err != nil:
			what := "an event"
			if d.ID != "" {
				what = d.ID
			}
			b.Failures = append(b.Failures, source.Failure{Source: fmt.Sprintf("%s (answered %d)", cells.SanitizeLine(what), d.Status), Err: d.Err})
		case d.Stored:
			stored.add(d.Line, d.Off)
		case d.Kind == KindClassic && d.Line == nil:
			b.Notes = append(b.Notes, fmt.Sprintf("classic webhook for %s acknowledged; set %s to record its state", d.ID, source.KeyEnv))
		}
	}
	l.decode(&b, &stored, held)
	b.Status = l.status()
	return b
}

// storedLines are the lines of deliveries stored, as NDJSON, and where
// each is in the file.
type storedLines struct {
	ndjson []byte
	starts []int   // where each line starts in ndjson
	offs   []int64 // and in the file
}

func (s *storedLines) add(line []byte, off int64) {
	s.starts, s.offs = append(s.starts, len(s.ndjson)), append(s.offs, off)
	s.ndjson = append(append(s.ndjson, line...), '\n')
}

// each is the lines, one an event, without their newlines.
func (s *storedLines) each() [][]byte {
	lines := make([][]byte, len(s.starts))
	for i, start := range s.starts {
		end := len(s.ndjson)
		if i+1 < len(s.starts) {
			end = s.starts[i+1]
		}
		lines[i] = s.ndjson[start : end-1]
	}
	return lines
}

// decode adds the events of lines, NDJSON, to b in one chunk: under load
// many arrive together, and a chunk of its own for each costs more than
// decoding them. The lines are JSON (the handler checked), so an event the
// decoder cannot show is a note and skipped, not an error for all.
func (l *Live) decode(b *source.Batch, lines *storedLines, held *source.FileReading) {
	if len(lines.ndjson) == 0 {
		return
	}
	c, notes, err := model.DecodeChunk(l.Path, lines.ndjson, model.DecodeOptions{SkipInvalid: true})
	if err != nil {
		notes = append(notes, err.Error())
	}
	for _, n := range notes {
		b.Notes = append(b.Notes, "stored, but not shown: "+cells.SanitizeLine(n))
	}
	if c != nil && c.Len() > 0 {
		switch {
		case held == nil:
			l.Held.HoldEntities(c, l.APIURL)
		case len(notes) == 0 && c.Len() == len(lines.starts):
			held.HoldLines(c, lines.offs, l.APIURL) // an event a line, each where it is in the file
		default:
			held.Hold(c, l.APIURL)
		}
		if len(notes) == 0 {
			c.SetRaw(lines.each()) // printed as stored, entity and all
		}
		b.Chunks = append(b.Chunks, c)
	}
}

// status is the standing line: no verification, refusals.
func (l *Live) status() string {
	l.mu.Lock()
	refused := l.refused
	l.mu.Unlock()
	var parts []string
	if l.NoVerify {
		parts = append(parts, "NOT VERIFYING SIGNATURES (--no-verify)")
	}
	if refused > 0 {
		parts = append(parts, model.Thousands(refused)+" refused (E)")
	}
	return strings.Join(parts, " · ")
}
