#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of the database reader.
#
#   scripts/postgres.sh DIR PORT   install PostgreSQL if absent, start a server with its data in DIR
#                                  on 127.0.0.1:PORT and print its SQLAlchemy URL
#   scripts/postgres.sh stop DIR   stop that server (nothing to do if it is not running)
#
# The user postgres may connect without a password (over the socket in DIR, or TCP from
# 127.0.0.1); every other role must give its password, so a wrong password can be tested.
set -euo pipefail
# shellcheck source=debian-packages.sh
. "$(dirname "$0")/debian-packages.sh"

usage="usage: $0 DIR PORT | $0 stop DIR"

postgres_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true
}

install_postgres() {
    [ -n "$(postgres_bin)" ] && return
    apt_install postgresql
}

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

create_cluster() {
    local dir=$1 bin=$2
    [ -f "$dir/PG_VERSION" ] && return
    mkdir -p "$dir"
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
    if ! as_postgres test -w "$dir"; then
        echo "the postgres user cannot reach $dir: choose a directory whose parents others may enter (e.g. under /tmp)" >&2
        exit 1
    fi
    as_postgres "$bin/initdb" --pgdata="$dir" --username=postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
    cat >"$dir/pg_hba.conf" <<'EOF'
local all all                   trust
host  all postgres 127.0.0.1/32 trust
host  all all      127.0.0.1/32 scram-sha-256
EOF
    # A test server: durability is not worth the time it costs.
    cat >>"$dir/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

running_port() {
    local dir=$1 bin=$2
    as_postgres "$bin/pg_ctl" status --pgdata="$dir" >/dev/null 2>&1 || return 0
    sed -n 4p "$dir/postmaster.pid"
}

start() {
    local dir port bin running
    [ $# -eq 2 ] || { echo "$usage" >&2; exit 2; }
    dir=$(realpath -m "$1") port=$2
    install_postgres
    bin=$(postgres_bin)
    create_cluster "$dir" "$bin"
    running=$(running_port "$dir" "$bin")
    if [ -z "$running" ]; then
        if ! as_postgres "$bin/pg_ctl" start --pgdata="$dir" --log="$dir/server.log" --wait --options="-p $port" >/dev/null; then
            tail -n 20 "$dir/server.log" >&2
            exit 1
        fi
    elif [ "$running" != "$port" ]; then
        echo "a server with its data in $dir already runs on port $running, not $port" >&2
        exit 1
    fi
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
}

stop() {
    local dir bin
    [ $# -eq 1 ] || { echo "$usage" >&2; exit 2; }
    dir=$(realpath -m "$1")
    bin=$(postgres_bin)
    [ -n "$bin" ] && [ -f "$dir/postmaster.pid" ] || return 0
    as_postgres "$bin/pg_ctl" stop --pgdata="$dir" --mode=fast --wait >/dev/null
}

case "${1:-}" in
    stop) shift; stop "$@" ;;
    "" | -h | --help) echo "$usage" >&2; exit 2 ;;
    *) start "$@" ;;
esac
