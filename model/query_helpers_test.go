package model

import (
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/query"
)

var (
	queryNow  = time.Date(2024, 3, 20, 9, 30, 0, 0, time.UTC)
	queryZone = time.FixedZone("UTC+2", 2*3600) // neither UTC nor the machine's
)

func mustQuery(t testing.TB, s string) query.Query {
	t.Helper()
	q, err := query.Parse(s, queryNow, queryZone)
	if err != nil {
		t.Fatalf("query.Parse(%q): %v", s, err)
	}
	return q
}
