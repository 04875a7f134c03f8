// Command gen writes a generated Mollie customer-event file; see package
// eventgen. It builds demo/demo.json through go generate.
//
//	go run ./internal/eventgen/cmd/gen -shape ndjson -n 1000000 -o big.ndjson
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
)

func main() {
	shape := flag.String("shape", "array", "output shape: array, ndjson, list (a customer list with events), webhook (a day of captured webhook events, NDJSON) or carried (ndjson's events, each with a webhook entity as a member nothing reads)")
	n := flag.Int("n", 1000, "number of events")
	customers := flag.Int("customers", 0, "number of customers (0: 1 + n/100)")
	seed := flag.Int64("seed", 1, "random seed; the same flags give the same bytes")
	start := flag.String("start", "", "earliest customer creation, RFC 3339 (default 2024-01-01T00:00:00Z)")
	out := flag.String("o", "", "output file (default standard output)")
	flag.Parse()
	if flag.NArg() > 0 {
		fail(fmt.Errorf("unexpected argument %q", flag.Arg(0)))
	}

	o := eventgen.Options{N: *n, Seed: *seed, Customers: *customers}
	if *start != "" {
		t, err := time.Parse(time.RFC3339, *start)
		if err != nil {
			fail(fmt.Errorf("-start: %w", err))
		}
		o.Start = t
	}
	var write func(io.Writer, eventgen.Options) error
	switch *shape {
	case "array":
		write = eventgen.WriteArray
	case "ndjson":
		write = eventgen.WriteNDJSON
	case "list":
		write = eventgen.WriteCustomerList
	case "webhook":
		write = eventgen.WriteWebhooks
	case "carried":
		write = eventgen.WriteCarried
	default:
		fail(fmt.Errorf("-shape %q: want array, ndjson, list, webhook or carried", *shape))
	}

	if *out == "" {
		if err := write(os.Stdout, o); err != nil {
			fail(err)
		}
		return
	}
	f, err := os.Create(*out)
	if err != nil {
		fail(err)
	}
	if err := write(f, o); err != nil {
		f.Close()
		fail(fmt.Errorf("%s: %w", *out, err))
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}
