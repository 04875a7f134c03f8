package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// bigResources serves a customer whose n events each link to a payment of
// size bytes (its description), as issue 24 found them: --expand held
// every body.
func bigResources(b *testing.B, n, size int) (srv *molliefake.Server, customer string) {
	srv = molliefake.New(b, molliefake.WithIncludeEvents())
	body := srv.AddObject("/v2/payments/tr_Big0", map[string]any{
		"status": "paid", "amount": map[string]string{"currency": "EUR", "value": "1.00"},
		"description": strings.Repeat("a", size),
	})
	var events []json.RawMessage
	for i := range n {
		path := fmt.Sprintf("/v2/payments/tr_Big%d", i)
		srv.AddResource(path, body) // one body for all, so that the fake holds it once
		events = append(events, molliefake.NewEvent(221, fmt.Sprintf("2024-06-01T08:%02d:00Z", i), "Payment paid", srv.URL+path))
	}
	return srv, srv.AddCustomer(molliefake.Customer{ID: "cst_BigAbc123", Events: events})
}

// BenchmarkExpandPeakRSS is the peak RSS of --expand over 20 resources of
// 60 MB each (issue 24 wants ≤ 400 MB), in print mode (-o tsv) and in the
// interactive table once every status is in; with BEFORE=path/to/binary,
// that binary's too, measured in the same run.
func BenchmarkExpandPeakRSS(b *testing.B) {
	srv, customer := bigResources(b, 20, 60<<20)
	bins := map[string]string{"this tree": buildBinary(b)}
	if before := os.Getenv("BEFORE"); before != "" {
		bins["before"] = before
	}
	for name, bin := range bins {
		b.Run(name+"/print", func(b *testing.B) {
			for range b.N {
				cmd := exec.Command(bin, "--api-url", srv.URL, "--customer", customer, "--expand", "-o", "tsv")
				cmd.Env = append(os.Environ(), "MOLLIE_API_KEY="+srv.Key)
				out, err := cmd.Output()
				if err != nil || strings.Count(string(out), "\tpaid") != 20 {
					b.Fatalf("%v: %d statuses printed, want 20", err, strings.Count(string(out), "\tpaid"))
				}
				b.ReportMetric(float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)/1024, "peak-MB")
			}
		})
		b.Run(name+"/table", func(b *testing.B) {
			for range b.N {
				term := startTerminal(b, fmt.Sprintf("env MOLLIE_API_KEY=%q TZ=UTC %q --api-url %q --customer %s --expand",
					srv.Key, bin, srv.URL, customer))
				// 1.2 GB take minutes on a loaded machine: longer than
				// waitUntil waits.
				for deadline := time.Now().Add(10 * time.Minute); ; time.Sleep(time.Second) {
					s := term.screen()
					if strings.Count(s, " paid ") >= 20 && !strings.Contains(s, "fetching") {
						break
					}
					if time.Now().After(deadline) {
						b.Fatalf("the statuses never all came:\n%s", s)
					}
				}
				b.ReportMetric(float64(peakRSS(b, term.childPID()))/1024, "peak-MB")
				term.keys("q")
				term.waitForExit()
			}
		})
	}
}

// peakRSS is the most memory process pid has had resident, in KB.
func peakRSS(b *testing.B, pid int) int { return procStatusKB(b, pid, "VmHWM:") }
