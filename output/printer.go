package output

import (
	"bufio"
	"io"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

// Printer writes events one at a time, as they are decoded, in one of
// Print's formats but table, whose columns are fitted to every row: a
// print that streams, and what Print uses for the other formats. Write buffers; Flush writes out what is buffered,
// so output follows a slow input; Close ends the output (a JSON array's
// closing bracket) and flushes.
type Printer struct {
	bw    *bufio.Writer
	f     Format
	o     Options
	b     []byte
	wrote bool
	csv   *csvRows // csv: its header is written with the first row
}

// NewPrinter returns a Printer writing to w in format f, which must not
// be FormatTable.
func NewPrinter(w io.Writer, f Format, o Options) *Printer {
	p := &Printer{bw: bufio.NewWriterSize(w, 64<<10), f: f, o: o}
	if f == FormatCSV {
		p.csv = newCSVRows(p.bw, o)
	}
	return p
}

// Write adds e to the output.
func (p *Printer) Write(e *model.Event) error { return p.write(e, nil) }

// write adds e to the output; json and ndjson write raw, the JSON it was
// read from, when it is known (Options.appendJSON).
func (p *Printer) write(e *model.Event, raw []byte) error {
	if p.csv != nil {
		if !p.wrote && !p.o.NoHeader {
			if err := p.csv.header(); err != nil {
				return err
			}
		}
		p.wrote = true
		return p.csv.write(e)
	}
	b := p.b[:0]
	switch {
	case p.f == FormatTSV && len(p.o.Columns) > 0:
		b = p.o.appendColumnsTSV(b, e)
	case p.f == FormatTSV:
		b = appendTSV(b, e)
		if p.o.Resource != nil {
			b = append(append(b[:len(b)-1], '\t'), model.ColumnStatus.Shown(e, p.o.resource(e))...)
			b = append(b, '\n')
		}
	case p.f == FormatJSON:
		if p.wrote {
			b = append(b, ",\n"...)
		} else {
			b = append(b, "[\n"...)
		}
		b = p.o.appendJSON(b, e, raw, p.bw)
	case p.f == FormatNDJSON:
		b = append(p.o.appendJSON(b, e, raw, p.bw), '\n')
	}
	p.b, p.wrote = b, true
	_, err := p.bw.Write(b)
	return err
}

// WriteChunk adds the events of c that pass q, in order.
func (p *Printer) WriteChunk(c *model.Chunk, q query.Query) error {
	if !q.IsZero() {
		c = c.Select(q)
	}
	for i := range c.Len() {
		e := c.Event(i)
		if err := p.write(&e, c.Raw(i)); err != nil {
			return err
		}
	}
	return nil
}

// Flush writes out what is buffered.
func (p *Printer) Flush() error {
	if p.csv != nil {
		if err := p.csv.flush(); err != nil {
			return err
		}
	}
	return p.bw.Flush()
}

// Close ends the output and flushes it: a JSON array's closing bracket,
// and a CSV header even without rows, as Print writes them.
func (p *Printer) Close() error {
	switch {
	case p.f == FormatJSON && p.wrote:
		p.bw.WriteString("\n]\n")
	case p.f == FormatJSON:
		p.bw.WriteString("[]\n")
	case p.csv != nil && !p.wrote && !p.o.NoHeader:
		if err := p.csv.header(); err != nil {
			return err
		}
	}
	return p.Flush()
}
