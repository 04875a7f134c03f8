package demo

import (
	"bytes"
	_ "embed"
)

// webhooksNDJSON is the sample of listen --demo: next-gen webhook events
// as Mollie POSTs them, a morning of a shop's payments, refunds, a
// capture, a chargeback and a payment link, each with its entity in
// _embedded, the last a "simple" one without, in the shapes Mollie
// documents for them.
//
//go:embed webhooks.ndjson
var webhooksNDJSON []byte

// Webhooks are the sample's webhook events, one JSON object each, in the
// order they happened.
func Webhooks() [][]byte {
	var events [][]byte
	for line := range bytes.Lines(webhooksNDJSON) {
		if line = bytes.TrimSpace(line); len(line) > 0 {
			events = append(events, line)
		}
	}
	return events
}
