package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// TestEndToEndCustomerAnsweredForAnother: the fake API answers for two
// customers with another customer's object. The printed events name the
// customers asked for, and stderr warns once.
func TestEndToEndCustomerAnsweredForAnother(t *testing.T) {
	bin := buildBinary(t)
	srv := molliefake.New(t)
	a := srv.AddCustomer(molliefake.Customer{ID: "cst_AskedFor01"})
	b := srv.AddCustomer(molliefake.Customer{ID: "cst_AskedFor02"})
	for _, id := range []string{a, b} {
		srv.Fail(id, molliefake.Fault{Body: fmt.Sprintf(`{"resource":"customer","id":"cst_SomeoneElse","events":[%s]}`,
			molliefake.NewEvent(200, "2024-03-20T09:13:37Z", "Customer created", ""))})
	}
	out, errOut, code := sh(t, fmt.Sprintf("MOLLIE_API_KEY=%q %q --api-url %q --customer %s,%s --sort created", srv.Key, bin, srv.URL, a, b))
	if code != 0 {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if strings.Count(out, "\t"+a+"\n") != 1 || strings.Count(out, "\t"+b+"\n") != 1 || strings.Contains(out, "cst_SomeoneElse") {
		t.Errorf("the events do not name the customers asked for:\n%s", out)
	}
	if strings.Count(errOut, "answered with customer cst_SomeoneElse") != 1 {
		t.Errorf("stderr does not warn once:\n%s", errOut)
	}
}
