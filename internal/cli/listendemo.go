package cli

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/eventbrowser/eventbrowser/demo"
	"github.com/eventbrowser/eventbrowser/source/webhook"
)

// demoEvery is the pause between the deliveries of listen --demo: the
// sample arrives over some seconds, so rows can be seen coming.
const demoEvery = 400 * time.Millisecond

// validateDemo checks listen --demo's flags: it receives nothing from
// the network, keeps its file only while it runs, and signs with a
// secret of its own.
func (lo *listenOptions) validateDemo() error {
	for _, name := range []string{"addr", "path", "out", "no-verify", "forward-to", "profile", "config"} {
		if lo.changed != nil && lo.changed(name) {
			return usagef("--demo takes no --%s: it receives an embedded sample in process, over no network", name)
		}
	}
	lo.secrets = webhook.Secrets{webhook.NewSecret()}
	if lo.demoEvery == 0 {
		lo.demoEvery = demoEvery
	}
	return nil
}

// sendDemo delivers the sample to r in the background, signed with the
// demo's secret, through the server and handler Mollie's deliveries go
// through; r.demoDone gets its end: nil when every delivery was
// answered as Mollie's would be (200, and 401 for the forged one).
func (lo *listenOptions) sendDemo(r *receiver) {
	r.demoDone = make(chan error, 1)
	d := &webhook.Demo{Events: demo.Webhooks(), URL: "http://demo" + lo.path, Secret: lo.secrets[0], Every: lo.demoEvery, Now: time.Now,
		Client: &http.Client{Transport: &http.Transport{DialContext: r.pipe.Dial}, Timeout: webhook.Answer + 5*time.Second}}
	go func() {
		got, err := d.Send(context.Background())
		for _, s := range got {
			want := http.StatusOK
			if s.Forged {
				want = http.StatusUnauthorized
			}
			if s.Status != want && err == nil {
				err = fmt.Errorf("the demo's receiver answered %d to a delivery, not %d (forged: %v)", s.Status, want, s.Forged)
			}
		}
		r.demoDone <- err
	}()
}

// demoTitle is the window title of listen --demo.
const demoTitle = "listen --demo: sample deliveries, signed and verified in process"
