package source

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
	"github.com/eventbrowser/eventbrowser/internal/measure"
	"github.com/eventbrowser/eventbrowser/model"
)

// paymentPages are n payments in list pages of 250, as GET /v2/payments
// sends them: open, paid, failed (cards and SEPA), canceled and expired.
func paymentPages(n int) [][]byte {
	var pages [][]byte
	var b bytes.Buffer
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i += 250 {
		b.Reset()
		m := min(250, n-i)
		fmt.Fprintf(&b, `{"count":%d,"_embedded":{"payments":[`, m)
		for j := range m {
			k := i + j
			if j > 0 {
				b.WriteByte(',')
			}
			at := base.Add(time.Duration(k) * time.Minute)
			id := fmt.Sprintf("tr_%010d", k)
			extra := ""
			switch k % 5 {
			case 1:
				extra = fmt.Sprintf(`"status":"paid","paidAt":%q,`, at.Add(time.Minute).Format(time.RFC3339))
			case 2:
				extra = fmt.Sprintf(`"status":"failed","failedAt":%q,"details":{"cardNumber":"6787","failureReason":"insufficient_funds","failureMessage":"Not enough money"},`, at.Add(time.Minute).Format(time.RFC3339))
			case 3:
				extra = fmt.Sprintf(`"status":"failed","failedAt":%q,"details":{"consumerName":"J. Doe","consumerAccount":"NL55INGB0000000000","bankReasonCode":"AM04","bankReason":"Insufficient funds"},`, at.Add(72*time.Hour).Format(time.RFC3339))
			case 4:
				extra = fmt.Sprintf(`"status":"expired","expiredAt":%q,`, at.Add(15*time.Minute).Format(time.RFC3339))
			default:
				extra = `"status":"open",`
			}
			fmt.Fprintf(&b, `{"resource":"payment","id":"%s","mode":"live","createdAt":"%s","amount":{"value":"%d.%02d","currency":"EUR"},"description":"Order #%d","method":"creditcard","metadata":{"order_id":"%d"},%s"isCancelable":false,"expiresAt":"%s","profileId":"pfl_QkEhN94Ba","sequenceType":"oneoff","customerId":"cst_%08d","redirectUrl":"https://webshop.example.org/order/%d/","webhookUrl":"https://webshop.example.org/payments/webhook/","_links":{"self":{"href":"https://api.mollie.com/v2/payments/%s","type":"application/hal+json"},"dashboard":{"href":"https://www.mollie.com/dashboard/org_12345678/payments/%s","type":"text/html"},"documentation":{"href":"https://docs.mollie.com/reference/get-payment","type":"text/html"}}}`,
				id, at.Format(time.RFC3339), 1+k%500, k%100, k, k, extra, at.Add(15*time.Minute).Format(time.RFC3339), k%2000, k, id, id)
		}
		fmt.Fprintf(&b, `]},"_links":{"self":{"href":"https://api.mollie.com/v2/payments?limit=250","type":"application/hal+json"},"previous":null,"next":null,"documentation":{"href":"https://docs.mollie.com/reference/list-payments","type":"text/html"}}}`)
		pages = append(pages, bytes.Clone(b.Bytes()))
	}
	return pages
}

// buildHistory turns the pages into chunks of events, holding every
// payment in held, a page per worker at a time as a load's fetches do.
func buildHistory(tb testing.TB, pages [][]byte, held *Held) []*model.Chunk {
	chunks := make([]*model.Chunk, len(pages))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			h := &History{BaseURL: DefaultAPIURL, Held: held}
			for {
				i := int(next.Add(1)) - 1
				if i >= len(pages) {
					return
				}
				if _, err := h.AddPage(pages[i], func(it *Item) string { return it.CustomerID }); err != nil {
					tb.Error(err)
				}
				chunks[i] = h.Flush()
			}
		})
	}
	wg.Wait()
	return chunks
}

// BenchmarkHistoryPayments compares building the events of 100k payments
// from their list pages, holding every payment, with decoding plain events
// of the same byte size (model.DecodeFile), and reports the ratio of the
// two (x-decode), the CPU time of the building (cpu-ms, user and system:
// on a shared machine, steadier than the wall clock) and its ratio to the
// decoding's (x-decode-cpu).
func BenchmarkHistoryPayments(b *testing.B) {
	pages := paymentPages(100_000)
	size := 0
	for _, p := range pages {
		size += len(p)
	}
	var plain bytes.Buffer
	for n := 100_000; plain.Len() < size; n *= 2 {
		plain.Reset()
		if err := eventgen.WriteArray(&plain, eventgen.Options{N: n, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	data := plain.Bytes()
	// Cut the array at the event that reaches the payments' size.
	cut := bytes.Index(data[size:], []byte(",\n{"))
	if cut < 0 {
		cut = len(data) - size - 1
	}
	data = append(bytes.Clone(data[:size+cut]), "\n]"...)
	var histCPU, decCPU time.Duration
	decode := func() time.Duration {
		start, startCPU := time.Now(), measure.CPUTime()
		if _, err := model.DecodeFile("plain.json", bytes.NewReader(data), int64(len(data)), model.DecodeOptions{}, func(*model.Chunk) {}); err != nil {
			b.Fatal(err)
		}
		decCPU += measure.CPUTime() - startCPU
		return time.Since(start)
	}
	var hist, dec time.Duration
	b.SetBytes(int64(size))
	for b.Loop() {
		start, startCPU := time.Now(), measure.CPUTime()
		h := buildHistory(b, pages, NewHeld(nil))
		hist += time.Since(start)
		histCPU += measure.CPUTime() - startCPU
		n := 0
		for _, c := range h {
			n += c.Len()
		}
		if n < 100_000 {
			b.Fatalf("%d events", n)
		}
		b.StopTimer()
		dec += decode()
		b.StartTimer()
	}
	b.ReportMetric(float64(hist)/float64(dec), "x-decode")
	if decCPU > 0 {
		b.ReportMetric(float64(histCPU.Milliseconds())/float64(b.N), "cpu-ms")
		b.ReportMetric(float64(histCPU)/float64(decCPU), "x-decode-cpu")
	}
}
