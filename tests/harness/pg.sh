#!/usr/bin/env bash
# PostgreSQL on a cluster made by cluster.sh: the data dir is the node's replicated path, the server
# runs inside the node's namespaces, clients run in the client namespace against the VIP.
#
#   pg.sh init NAME NODE        initdb at the replicated path (the node's own backing dir)
#   pg.sh start NAME NODE       start it (listens on every address of the node, so on the VIP too)
#   pg.sh stop NAME NODE [MODE] stop it (MODE fast by default; smart, fast or immediate)
#   pg.sh status NAME NODE      pg_ctl status (exit 0 running, 3 not running)
#   pg.sh psql NAME [ARGS...]   psql from the client namespace to the VIP, as postgres
#   pg.sh pgbench NAME [ARGS...] pgbench from the client namespace to the VIP, as postgres
#
# Environment: DX_PG_BIN (default: the newest /usr/lib/postgresql/*/bin, 15 on Debian 12),
# DX_PG_PORT (5432).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLUSTER="$HERE/cluster.sh"
PORT="${DX_PG_PORT:-5432}"

die() { echo "pg.sh: $*" >&2; exit 2; }

pg_bin() {
    if [ -n "${DX_PG_BIN:-}" ]; then echo "$DX_PG_BIN"; return; fi
    local b
    b="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [ -n "$b" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql-15)"
    echo "$b"
}

# Loads DX_* of the cluster (addresses, paths) into this shell.
load_env() {
    local line
    while IFS= read -r line; do export "${line?}"; done < <("$CLUSTER" env "$1")
}

check_node() { case "$1" in node1|node2) ;; *) die "NODE must be node1 or node2, not '$1'" ;; esac; }

datadir() { echo "${DX_REPLICATED_DIRS%% *}"; }

# Runs as postgres inside NODE's namespaces.
as_postgres_on() {
    local node="$1"; shift
    "$CLUSTER" exec "$DX_NAME" "$node" -- runuser -u postgres -- "$@"
}

cmd_init() {
    local node="$1" bin log_var backing
    bin="$(pg_bin)"
    backing="DX_${node^^}_BACKING"
    # The backing dir is what the node sees at the replicated path; initdb wants it owned and 0700.
    chown postgres:postgres "${!backing}"
    chmod 0700 "${!backing}"
    as_postgres_on "$node" "$bin/initdb" -D "$(datadir)" -U postgres --auth=trust -E UTF8 --no-instructions --no-sync >/dev/null
    # Clients come from the test networks only (namespaces with no route out): trust is enough.
    "$CLUSTER" exec "$DX_NAME" "$node" -- sh -c "echo 'host all all 10.77.0.0/16 trust' >> '$(datadir)/pg_hba.conf'"
    log_var="DX_${node^^}_LOG"
    echo "pg.sh: initialised $(datadir) on $node (backing ${!backing}; server log in ${!log_var})" >&2
}

cmd_start() {
    local node="$1" bin log_var
    bin="$(pg_bin)"
    log_var="DX_${node^^}_LOG"
    as_postgres_on "$node" "$bin/pg_ctl" -D "$(datadir)" -l "${!log_var}/postgresql.log" -w -t 60 \
        -o "-c listen_addresses=* -c port=$PORT -c unix_socket_directories=$DX_PG_RUN" start >/dev/null \
        || die "PostgreSQL did not start on $node; its log: ${!log_var}/postgresql.log"
}

cmd_stop() {
    local node="$1" mode="${2:-fast}"
    as_postgres_on "$node" "$(pg_bin)/pg_ctl" -D "$(datadir)" -m "$mode" -w -t 60 stop >/dev/null
}

cmd_status() {
    as_postgres_on "$1" "$(pg_bin)/pg_ctl" -D "$(datadir)" status
}

main() {
    local cmd="${1:-}" name="${2:-}"
    [ -n "$cmd" ] && [ -n "$name" ] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
    shift 2
    load_env "$name"   # no status check here: cluster.sh exec says clearly when the cluster is not up
    case "$cmd" in
        init|start|stop|status)
            local node="${1:-}"; check_node "$node"; shift
            "cmd_$cmd" "$node" "$@" ;;
        psql)
            exec "$CLUSTER" exec "$name" client -- env PGDATABASE=postgres PGCONNECT_TIMEOUT=5 psql -h "$DX_VIP" -p "$PORT" -U postgres -X -v ON_ERROR_STOP=1 "$@" ;;
        pgbench)
            exec "$CLUSTER" exec "$name" client -- env PGDATABASE=postgres pgbench -h "$DX_VIP" -p "$PORT" -U postgres "$@" ;;
        *) die "unknown command '$cmd' (init, start, stop, status, psql, pgbench)" ;;
    esac
}

main "$@"
