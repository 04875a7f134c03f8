#!/usr/bin/env bash
# Regenerates docs/screenshot.svg from a real run of `eventbrowser --demo`.
#
# Builds the binary, runs it in a detached tmux session at 100x30 (TZ=UTC,
# TERM=xterm-256color), waits for the status line to show all 360 events, moves
# the cursor a few rows, captures the pane with its colours
# (`tmux capture-pane -e -p`) and renders that ANSI text to SVG with
# charmbracelet/freeze, fetched through the Go module proxy.
#
# Needs: go, tmux. Usage: scripts/screenshot.sh   (from anywhere in the repo)
set -euo pipefail

FREEZE_VERSION=v0.2.2
COLS=100
ROWS=30

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v tmux >/dev/null || { echo "screenshot.sh: tmux is needed" >&2; exit 1; }

work=$(mktemp -d)
session="eventbrowser-shot-$$"
# A private tmux server (-L, no config) so the user's own sessions and settings don't matter.
tm() { tmux -L "$session" -f /dev/null "$@"; }
cleanup() {
	tm kill-server 2>/dev/null || true
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$session"
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/eventbrowser" .

tm new-session -d -s "$session" -x "$COLS" -y "$ROWS" \
	"env TZ=UTC TERM=xterm-256color COLORTERM= $work/eventbrowser --demo; sleep 5"
tm set-option -t "$session" status off >/dev/null
tm resize-window -t "$session" -x "$COLS" -y "$ROWS" 2>/dev/null || true

# Wait (at most 20 s) until the whole demo is loaded.
for _ in $(seq 200); do
	if tm capture-pane -p -t "$session" | grep -q '360 events'; then
		loaded=1
		break
	fi
	sleep 0.1
done
[ "${loaded:-}" = 1 ] || {
	echo "screenshot.sh: status line never showed \"360 events\":" >&2
	tm capture-pane -p -t "$session" >&2
	exit 1
}

# Move the cursor a few rows down so the selection is visible mid-table.
for _ in 1 2 3; do
	tm send-keys -t "$session" Down
	sleep 0.2
done
sleep 0.5

tm capture-pane -e -p -t "$session" > "$work/screen.ansi"

mkdir -p docs
go run "github.com/charmbracelet/freeze@$FREEZE_VERSION" \
	--language ansi \
	--window \
	--padding 20 \
	--margin 0 \
	--background '#171717' \
	--border.radius 8 \
	--font.size 14 \
	--line-height 1.2 \
	--output docs/screenshot.svg \
	"$work/screen.ansi"

# freeze embeds JetBrains Mono; name a generic monospace fallback too, for
# renderers that ignore embedded fonts.
sed -i 's/font-family="JetBrains Mono"/font-family="JetBrains Mono, DejaVu Sans Mono, monospace"/' docs/screenshot.svg

echo "wrote docs/screenshot.svg"
