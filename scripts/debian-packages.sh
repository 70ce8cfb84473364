# Sourced by the scripts that need a Debian package a test uses (PostgreSQL, Chromium).
#   apt_install PACKAGE...   install them non-interactively, or exit saying why that cannot be done
apt_install() {
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        echo "cannot install $* here (needs root and apt-get)" >&2
        exit 1
    fi
    echo "Installing $* from the Debian packages ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2 </dev/null
    apt-get install -y -q --no-install-recommends "$@" >&2 </dev/null
}
