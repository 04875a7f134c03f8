package webhook

import (
	"errors"
	"testing"
)

// The body and its signatures were computed outside Go, with
// printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret".
const (
	signedBody    = `{"resource":"event","id":"event_GvJ8WHrp5isUdRub9CJyH","type":"payment.paid","entityId":"tr_7UhSN1zuXS","createdAt":"2024-12-16T15:57:04+00:00","message":"Payment paid"}`
	sigCurrent    = "718ff86ca42408fee249f3be2d2df0fbc1134b41a8a3206c6efed16aff6d30e8" // whsec_current
	sigPrevious   = "7ad7cff46169106246485440d641750a5a013d82739f47cd2831e51a4adf3ae1" // whsec_previous
	sigOtherValue = "c895171afaf6c1f15c8b36a97e34f6fc4046f82718941e1d01f15a5874bce1a8" // whsec_other
)

func TestVerify(t *testing.T) {
	current := ParseSecrets("whsec_current")
	rotated := ParseSecrets(" whsec_previous , whsec_current,")
	tampered := signedBody[:len(signedBody)-2] + "!\"}"
	tests := []struct {
		name    string
		secrets Secrets
		body    string
		headers []string
		want    error
	}{
		{"valid, with prefix", current, signedBody, []string{"sha256=" + sigCurrent}, nil},
		{"valid, without prefix", current, signedBody, []string{sigCurrent}, nil},
		{"tampered body", current, tampered, []string{"sha256=" + sigCurrent}, ErrBadSignature},
		{"wrong secret", current, signedBody, []string{"sha256=" + sigOtherValue}, ErrBadSignature},
		{"two headers after rotation, new first", current, signedBody, []string{"sha256=" + sigCurrent, "sha256=" + sigPrevious}, nil},
		{"two headers after rotation, old first", current, signedBody, []string{"sha256=" + sigPrevious, "sha256=" + sigCurrent}, nil},
		{"two headers joined by a proxy", current, signedBody, []string{"sha256=" + sigPrevious + ", sha256=" + sigCurrent}, nil},
		{"old signature, both secrets configured", rotated, signedBody, []string{"sha256=" + sigPrevious}, nil},
		{"new signature, both secrets configured", rotated, signedBody, []string{sigCurrent}, nil},
		{"old signature, only the new secret", current, signedBody, []string{"sha256=" + sigPrevious}, ErrBadSignature},
		{"empty header", current, signedBody, []string{""}, ErrNoSignature},
		{"no header", current, signedBody, nil, ErrNoSignature},
		{"not hex", current, signedBody, []string{"sha256=zz"}, ErrBadSignature},
		{"cut short", current, signedBody, []string{"sha256=" + sigCurrent[:62]}, ErrBadSignature},
		{"no secrets", nil, signedBody, []string{sigCurrent}, ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.secrets.Verify([]byte(tt.body), tt.headers); !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSignMatchesOpenSSL(t *testing.T) {
	for secret, want := range map[string]string{"whsec_current": sigCurrent, "whsec_previous": sigPrevious, "whsec_other": sigOtherValue} {
		if got := Sign([]byte(signedBody), []byte(secret)); got != "sha256="+want {
			t.Errorf("Sign(%s) = %s, want sha256=%s", secret, got, want)
		}
	}
}

func TestParseSecrets(t *testing.T) {
	got := ParseSecrets(" a, ,b ,")
	if len(got) != 2 || string(got[0]) != "a" || string(got[1]) != "b" {
		t.Errorf("ParseSecrets = %q, want [a b]", got)
	}
	if len(ParseSecrets("")) != 0 {
		t.Errorf("ParseSecrets(\"\") is not empty")
	}
}
