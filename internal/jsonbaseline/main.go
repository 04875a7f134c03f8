// Command jsonbaseline is the baseline .ci/bench compares eventbrowser with:
// the plain way to read an events file in Go, encoding/json's Unmarshal
// into a slice of structs, then counting the events of one type.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

type event struct {
	Resource  string `json:"resource"`
	Type      int    `json:"type"`
	CreatedAt string `json:"createdAt"`
	Message   string `json:"message"`
	Links     map[string]struct {
		Href string `json:"href"`
		Type string `json:"type"`
	} `json:"_links"`
}

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var events []event
	if err := json.Unmarshal(data, &events); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	n := 0
	for _, e := range events {
		if e.Type == 1 {
			n++
		}
	}
	fmt.Println(len(events), n)
}
