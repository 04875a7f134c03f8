package config

import (
	"errors"

	"github.com/zalando/go-keyring"
)

// Service is the name eventbrowser's keys are kept under in the OS
// keyring, each as the user named after its profile.
const Service = "eventbrowser"

// Keyring keeps the profiles' keys: the OS keyring (SystemKeyring) or, in
// tests, a map.
type Keyring interface {
	Get(profile string) (string, error) // ErrNotInKeyring when there is none
	Set(profile, key string) error
	Delete(profile string) error // ErrNotInKeyring when there is none
}

// ErrNotInKeyring says the keyring holds no key for the profile.
var ErrNotInKeyring = errors.New("no key in the keyring")

// SystemKeyring is the OS keyring: the Secret Service (GNOME Keyring,
// KWallet) over D-Bus on Linux and BSD, the Keychain on macOS, the
// Credential Manager on Windows.
type SystemKeyring struct{}

func (SystemKeyring) Get(profile string) (string, error) {
	v, err := keyring.Get(Service, profile)
	return v, keyringError(err)
}

func (SystemKeyring) Set(profile, key string) error {
	return keyringError(keyring.Set(Service, profile, key))
}

func (SystemKeyring) Delete(profile string) error {
	return keyringError(keyring.Delete(Service, profile))
}

func keyringError(err error) error {
	if errors.Is(err, keyring.ErrNotFound) {
		return ErrNotInKeyring
	}
	return err
}
