#!/usr/bin/env bash
# Render an HTML page in headless Chromium, as a reader's browser would show it.
#
#   scripts/chromium.sh PAGE.html SCREENSHOT.png   install Chromium (and a CJK font) if absent,
#                                                  write a screenshot of PAGE.html to SCREENSHOT.png
#                                                  and print the rendered DOM on stdout
#
# Installing needs root and apt-get; its progress goes to stderr so stdout stays the DOM.
set -euo pipefail
# shellcheck source=debian-packages.sh
. "$(dirname "$0")/debian-packages.sh"

usage="usage: $0 PAGE.html SCREENSHOT.png"
chromium=/usr/bin/chromium

missing_packages() {
    [ -x "$chromium" ] || echo chromium
    # Without a CJK font Chinese text renders as empty boxes.
    if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=zh family)" ]; then
        echo fonts-noto-cjk
    fi
}

install_missing() {
    local packages
    packages=$(missing_packages | tr '\n' ' ')
    [ -z "$packages" ] && return
    # shellcheck disable=SC2086 # one package name per word
    apt_install $packages
}

# A fresh profile per call and everything that would reach the network switched off: the page must
# render from the file alone. Chromium's stderr (D-Bus complaints in a container) is shown only when
# it fails.
run_chromium() {
    local profile=$1
    shift
    # Debian's launcher adds --disable-dev-shm-usage only when its /dev/shm test works; a small
    # /dev/shm in a container otherwise crashes the renderer.
    if ! timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
        --user-data-dir="$profile" "$@" 2>"$profile.log"; then
        cat "$profile.log" >&2
        echo "chromium failed on $*" >&2
        exit 1
    fi
}

main() {
    [ $# -eq 2 ] || { echo "$usage" >&2; exit 2; }
    [ -f "$1" ] || { echo "no such file: $1" >&2; exit 2; }
    local page screenshot
    page=$(realpath "$1")
    screenshot=$(realpath -m "$2")
    install_missing
    # Global, not local: the EXIT trap runs after main has returned.
    profiles=$(mktemp -d)
    trap 'rm -rf "$profiles"' EXIT
    run_chromium "$profiles/screenshot" --screenshot="$screenshot" --window-size=1280,2400 "file://$page" >/dev/null
    run_chromium "$profiles/dom" --dump-dom "file://$page"
}

main "$@"
