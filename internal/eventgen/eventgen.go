// Package eventgen writes deterministic, realistic Mollie customer-event files
// for tests, benchmarks and the --demo sample, and days of next-gen webhook
// events as `eventbrowser listen` captures them (WriteWebhooks).
//
// The same Options always give the same bytes, and the three shapes carry the
// same events in the same order: customer by customer, each customer's events
// mostly in time order, starting with "Customer created". Writing goes
// through a bufio.Writer with strconv-style appends, so a million events take
// well under a second.
//
// The catalog, names, IDs and createdAt forms the writers draw from are also
// exported one piece at a time (Kinds, TimeForms, Person, Locale, NewID) for
// the fake Mollie API in source/molliefake, which builds its own responses.
package eventgen

import (
	"bufio"
	"io"
	"strconv"
	"time"
)

// Options selects what to generate.
type Options struct {
	N         int       // number of events in all
	Seed      int64     // same seed, same output
	Customers int       // number of customers; 0 means 1 + N/100
	Start     time.Time // earliest "Customer created"; zero means 2024-01-01T00:00:00Z
}

// WriteArray writes a JSON array with one event per line:
// "[\n{...},\n{...}\n]\n".
func WriteArray(w io.Writer, o Options) error {
	g, err := newGenerator(o)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if g.n == 0 {
		bw.WriteString("[]\n")
		return bw.Flush()
	}
	bw.WriteString("[\n")
	first := true
	for ci := range g.counts {
		g.startCustomer(ci)
		for k := range g.c.n {
			g.nextEvent(k)
			b := bw.AvailableBuffer()
			if !first {
				b = append(b, ",\n"...)
			}
			first = false
			b = g.appendEvent(b)
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

// WriteNDJSON writes one event per line.
func WriteNDJSON(w io.Writer, o Options) error {
	g, err := newGenerator(o)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for ci := range g.counts {
		g.startCustomer(ci)
		for k := range g.c.n {
			g.nextEvent(k)
			b := g.appendEvent(bw.AvailableBuffer())
			b = append(b, '\n')
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// WriteCustomerList writes a response shaped like GET /v2/customers, except
// that every customer carries its "events" as with include=events. It is
// indented with two spaces exactly as json.Indent would, so its line numbers
// point at single fields.
func WriteCustomerList(w io.Writer, o Options) error {
	g, err := newGenerator(o)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	b := append(bw.AvailableBuffer(), "{\n  \"count\": "...)
	b = strconv.AppendInt(b, int64(len(g.counts)), 10)
	b = append(b, ",\n  \"_embedded\": {\n    \"customers\": [\n"...)
	bw.Write(b)
	for ci := range g.counts {
		g.startCustomer(ci)
		b := bw.AvailableBuffer()
		if ci > 0 {
			b = append(b, ",\n"...)
		}
		b = g.appendCustomerHead(b)
		if g.c.n == 0 {
			b = append(b, "[]"...)
		}
		if _, err := bw.Write(b); err != nil {
			return err
		}
		for k := range g.c.n {
			g.nextEvent(k)
			b := bw.AvailableBuffer()
			if k == 0 {
				b = append(b, "[\n"...)
			} else {
				b = append(b, ",\n"...)
			}
			b = g.appendEventIndented(b)
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
		if g.c.n > 0 {
			bw.WriteString("\n" + eventIndent[2:] + "]")
		}
		bw.WriteString("\n      }")
	}
	bw.WriteString(`
    ]
  },
  "_links": {
    "self": {
      "href": "https://api.mollie.com/v2/customers?limit=250",
      "type": "application/hal+json"
    },
    "previous": null,
    "next": null,
    "documentation": {
      "href": "https://docs.mollie.com/reference/list-customers",
      "type": "text/html"
    }
  }
}
`)
	return bw.Flush()
}
