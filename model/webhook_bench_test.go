package model

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkLoadWebhooks reads 100k webhook events as a capture holds them
// (NDJSON, each with its payment embedded), to set beside BenchmarkLoad's
// customer events: each webhook event is read by the reference decoder.
func BenchmarkLoadWebhooks(b *testing.B) {
	const n = 100_000
	var buf bytes.Buffer
	types := []string{"payment.paid", "payment.failed", "payment.canceled", "refund.refunded"}
	for i := range n {
		fmt.Fprintf(&buf, `{"resource":"event","id":"event_%020d","type":%q,"entityId":"tr_%010d","createdAt":"2024-12-16T15:%02d:%02d+00:00",`+
			`"_embedded":{"entity":{"resource":"payment","id":"tr_%010d","mode":"test","status":"paid","amount":{"currency":"EUR","value":"%d.%02d"},"description":"Order #%d","method":"ideal",`+
			`"details":{"consumerName":"J. Doe","consumerAccount":"NL55INGB0000000000"},"_links":{"self":{"href":"https://api.mollie.com/v2/payments/tr_%010d","type":"application/hal+json"},`+
			`"dashboard":{"href":"https://www.mollie.com/dashboard/org_1/payments/tr_%010d","type":"text/html"}}}},`+
			`"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_%020d","type":"application/hal+json"},"entity":{"href":"https://api.mollie.com/v2/payments/tr_%010d","type":"application/hal+json"},`+
			`"documentation":{"href":"https://docs.mollie.com/reference/webhooks","type":"text/html"}}}`+"\n",
			i, types[i%len(types)], i, i/60%60, i%60, i, i%500, i%100, i, i, i, i, i)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if l := loadList(data); l.Total() != n {
			b.Fatalf("%d events", l.Total())
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
