// Package demo holds the sample events that --demo browses, so the program
// can be tried without a Mollie account or a file of events.
package demo

import _ "embed"

//go:generate go run ../internal/eventgen/cmd/gen -shape list -n 360 -customers 4 -seed 7 -o demo.json

// JSON is the sample browsed by --demo: a customer list shaped like
// GET /v2/customers in which every customer carries its events.
//
//go:embed demo.json
var JSON []byte
