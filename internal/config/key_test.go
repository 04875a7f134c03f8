package config

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// fakeKeyring is a keyring in memory.
type fakeKeyring map[string]string

func (f fakeKeyring) Get(p string) (string, error) {
	if v, ok := f[p]; ok {
		return v, nil
	}
	return "", ErrNotInKeyring
}
func (f fakeKeyring) Set(p, k string) error { f[p] = k; return nil }
func (f fakeKeyring) Delete(p string) error {
	if _, ok := f[p]; !ok {
		return ErrNotInKeyring
	}
	delete(f, p)
	return nil
}

const (
	envKey     = "test_EnvEnvEnvEnv0123456789"
	profileEnv = "live_PrfEnvPrfEnv0123456789"
	cmdKey     = "live_CmdCmdCmdCmd0123456789"
	ringKey    = "test_RngRngRngRng0123456789"
	fileKey    = "live_FilFilFilFil0123456789"
)

// TestResolveKey: every source of a key, and MOLLIE_API_KEY winning over
// each.
func TestResolveKey(t *testing.T) {
	ring := fakeKeyring{"r": ringKey}
	profiles := map[string]Profile{
		"e": {KeyEnv: "SHOP_KEY"},
		"c": {KeyCommand: "printf '%s\\n' " + cmdKey},
		"r": {Keyring: true},
		"f": {Key: fileKey},
	}
	want := map[string]Key{
		"e": {value: profileEnv, Source: "$SHOP_KEY (key_env)"},
		"c": {value: cmdKey, Source: "key_command"},
		"r": {value: ringKey, Source: "the keyring"},
		"f": {value: fileKey, Source: "the config file", InFile: true},
		"":  {},
	}
	if runtime.GOOS == "windows" {
		t.Skip("key_command runs sh")
	}
	for _, withEnv := range []bool{false, true} {
		for name, w := range want {
			env := map[string]string{"SHOP_KEY": profileEnv}
			if withEnv {
				env["MOLLIE_API_KEY"] = envKey
				w = Key{value: envKey, Source: "MOLLIE_API_KEY"}
			}
			got, err := ResolveKey(name, profiles[name], Sources{Getenv: func(k string) string { return env[k] }, Keyring: ring})
			if err != nil || got != w {
				t.Errorf("profile %q, MOLLIE_API_KEY set %v: %v, %v; want %v", name, withEnv, got, err, w)
			}
		}
	}
}

// TestResolveKeyErrors: what goes wrong is said with the profile and the
// source, and never with the key.
func TestResolveKeyErrors(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("key_command runs sh")
	}
	env := func(k string) string {
		return map[string]string{"CUT": "live_Cut", "SPACE": "live_Spa ceSpaceSpace0123"}[k]
	}
	for _, tt := range []struct {
		p    Profile
		ring Keyring
		want string
	}{
		{Profile{KeyEnv: "UNSET"}, nil, "profile p: key_env names UNSET, which is not set"},
		{Profile{KeyEnv: "CUT"}, nil, "profile p: $CUT (key_env) is malformed"},
		{Profile{KeyEnv: "SPACE"}, nil, "profile p: $SPACE (key_env) holds white space"},
		{Profile{KeyCommand: "echo " + cmdKey + " >&2; exit 3"}, nil, "profile p: key_command failed (exit status 3)"},
		{Profile{KeyCommand: "echo sk_" + cmdKey}, nil, "profile p: key_command does not look like a Mollie key"},
		{Profile{Keyring: true}, fakeKeyring{}, "profile p: no key in the keyring: run eventbrowser auth login --profile p"},
		{Profile{Keyring: true}, brokenKeyring{}, "profile p: the keyring: no Secret Service"},
		{Profile{Keyring: true}, nil, "profile p: keyring = true, but there is no keyring here"},
		{Profile{}, nil, "profile p: no key: give key_env, key_command or keyring = true"},
	} {
		_, err := ResolveKey("p", tt.p, Sources{Getenv: env, Keyring: tt.ring, Run: quiet})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.p, err, tt.want)
		}
		if err != nil && (strings.Contains(err.Error(), cmdKey[5:11]) || strings.Contains(err.Error(), "Spa ce")) {
			t.Errorf("%+v: the error shows the key: %v", tt.p, err)
		}
	}
}

// quiet runs a key_command with its stderr thrown away.
func quiet(ctx context.Context, command string) ([]byte, error) {
	return exec.CommandContext(ctx, "sh", "-c", command).Output()
}

type brokenKeyring struct{ fakeKeyring }

func (brokenKeyring) Get(string) (string, error) { return "", errors.New("no Secret Service") }

func TestKeyShowsNoSecret(t *testing.T) {
	k := Key{value: fileKey, Source: "the config file"}
	for _, s := range []string{k.String(), fmt.Sprint(k), fmt.Sprintf("%v %s", k, k)} {
		if strings.Contains(s, fileKey[5:]) || !strings.Contains(s, "live_…") {
			t.Errorf("%q", s)
		}
	}
	for _, tt := range []struct {
		key      string
		testmode bool
		want     string
	}{{"live_x", true, "live"}, {"test_x", false, "test"}, {"access_x", false, "live"}, {"access_x", true, "test"}} {
		if got := Mode(tt.key, tt.testmode); got != tt.want {
			t.Errorf("Mode(%s, %v) = %s", tt.key[:4], tt.testmode, got)
		}
	}
}

// TestSystemKeyring stores, reads and deletes a key in the OS keyring,
// where there is one: a Secret Service on the session bus, the Keychain,
// the Credential Manager. Here, without one, it says so and skips.
func TestSystemKeyring(t *testing.T) {
	var k SystemKeyring
	const name = "eventbrowser-test-profile"
	if _, err := k.Get(name); err != nil && !errors.Is(err, ErrNotInKeyring) {
		t.Skipf("no OS keyring here: %v", err)
	}
	if err := k.Set(name, ringKey); err != nil {
		t.Fatal(err)
	}
	if got, err := k.Get(name); err != nil || got != ringKey {
		t.Errorf("Get after Set: %v", err)
	}
	if err := k.Delete(name); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(name); !errors.Is(err, ErrNotInKeyring) {
		t.Errorf("Get after Delete: %v, want ErrNotInKeyring", err)
	}
}
