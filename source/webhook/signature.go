// Package webhook receives Mollie's webhook deliveries: it checks their
// signatures, keeps every accepted event in an append-only NDJSON file
// synced to disk before the answer, forwards and replays deliveries, and
// serves them as a source of events, live.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
)

// SecretEnv is the environment variable the signing secrets are read
// from, comma-separated so that during a rotation both verify. There is no
// flag for them: a flag's value shows in ps and in the shell's history.
const SecretEnv = "MOLLIE_WEBHOOK_SECRET"

// SignatureHeader is the header Mollie signs deliveries with; during a
// rotation a delivery carries it twice.
const SignatureHeader = "X-Mollie-Signature"

// Secrets are the signing secrets a delivery may be signed with.
type Secrets [][]byte

// ParseSecrets reads the value of SecretEnv: secrets separated by commas,
// spaces around them ignored, empty ones dropped.
func ParseSecrets(env string) Secrets {
	var s Secrets
	for _, part := range strings.Split(env, ",") {
		if part = strings.TrimSpace(part); part != "" {
			s = append(s, []byte(part))
		}
	}
	return s
}

// Sign is the signature of body under secret, as Mollie writes it in
// SignatureHeader: "sha256=" and the lowercase hex of HMAC-SHA256(secret,
// body).
func Sign(body, secret []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// ErrBadSignature says no signature header of a delivery matched any
// secret.
var ErrBadSignature = errors.New("bad signature: no " + SignatureHeader + " matches a configured secret")

// ErrNoSignature says a delivery came without a signature.
var ErrNoSignature = errors.New("no " + SignatureHeader + " header: the delivery is unsigned")

// Verify checks the signature headers of a delivery (every value of
// SignatureHeader) against every secret, in constant time for each pair:
// one match accepts it. The hex may come with or without "sha256=".
func (s Secrets) Verify(body []byte, headers []string) error {
	sums := make([][]byte, len(s))
	for i, secret := range s {
		mac := hmac.New(sha256.New, secret)
		mac.Write(body)
		sums[i] = mac.Sum(nil)
	}
	seen := false
	for _, h := range headers {
		for _, value := range strings.Split(h, ",") { // a proxy may join repeated headers
			value = strings.TrimSpace(value)
			if value == "" {
				continue
			}
			seen = true
			got, err := hex.DecodeString(strings.TrimPrefix(value, "sha256="))
			if err != nil {
				continue
			}
			for _, sum := range sums {
				if hmac.Equal(got, sum) {
					return nil
				}
			}
		}
	}
	if !seen {
		return ErrNoSignature
	}
	return ErrBadSignature
}
