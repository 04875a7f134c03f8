package ui

// What the environment says about the terminal and the machine: pure
// functions of the variables, so that each case is a line of a test.

// noBrowser says why no browser should be started here, or "" if one can
// be: in an SSH session it would start on the remote machine, out of
// sight, and on a Unix without a display (DISPLAY, WAYLAND_DISPLAY) it
// would not start at all or would take over the terminal as a text
// browser. $BROWSER names a browser the user chose, so it always wins; on
// WSL, wslview opens the Windows browser without a display.
func noBrowser(getenv func(string) string, goos string) string {
	switch {
	case getenv("BROWSER") != "":
		return ""
	case getenv("SSH_TTY") != "":
		return "no browser over SSH"
	case unixDesktop(goos) && getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" && getenv("WSL_DISTRO_NAME") == "":
		return "no display for a browser"
	}
	return ""
}

// unixDesktop reports whether goos finds a browser through a display
// server (xdg-open), unlike macOS and Windows, which always have one.
func unixDesktop(goos string) bool {
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly", "solaris", "illumos":
		return true
	}
	return false
}

// hyperlinks reports whether the terminal may be sent hyperlinks (OSC 8).
// Terminals that do not know them ignore them, as they do any OSC they do
// not know, so only a terminal that says it understands no escape
// sequences at all (TERM dumb or unset) goes without.
func hyperlinks(getenv func(string) string) bool {
	t := getenv("TERM")
	return t != "" && t != "dumb"
}
