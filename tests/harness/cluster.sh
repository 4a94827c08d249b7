#!/usr/bin/env bash
# Two Duplex nodes, a client and a witness on ONE machine, each in its own network namespace, the
# nodes also in their own persistent mount namespaces. See docs/TESTING.md for the diagram.
#
#   cluster.sh up [--fresh] NAME        create everything (idempotent; sweeps half-created leftovers)
#   cluster.sh down NAME                remove everything created for NAME, even half-created states
#   cluster.sh exec NAME NODE -- CMD... run CMD in NODE's network (and, for nodes, mount) namespace
#   cluster.sh cut [--silent] NAME NET [NODE]   take NET (lan1|lan2|all) down for NODE or everyone
#   cluster.sh heal NAME [NET [NODE]]   undo cuts (all of them by default)
#   cluster.sh crash NAME NODE          power failure: cables out, SIGKILL all its processes, FUSE gone
#   cluster.sh boot NAME NODE           back as after a reboot: own addresses only, cables in
#   cluster.sh status NAME              what exists; exit 0 complete, 1 partial, 3 absent
#   cluster.sh env NAME                 KEY=VALUE lines: addresses, paths (for tests and pg.sh)
#   cluster.sh sweep                    down every cluster whose owner process (DX_OWNER_PID) died
#   cluster.sh list                     names of clusters that exist (complete or not)
#
# Everything it creates is named after NAME: namespaces dx-NAME-*, state under
# /run/duplex-test/NAME, files under /var/tmp/duplex-test/NAME. It never touches anything else:
# host directories that the nodes need as mount points are created inside an overlay that exists
# only in the node's mount namespace.
set -euo pipefail

readonly STATE_ROOT=/run/duplex-test
readonly WORK_ROOT=/var/tmp/duplex-test
readonly NODES=(node1 node2)
readonly HOSTS=(node1 node2 client witness)
readonly NETS=(lan1 lan2)
# Who is on which network (switch port name = HOST-NET).
readonly LAN1_HOSTS=(node1 node2 client witness)
readonly LAN2_HOSTS=(node1 node2)

# Addresses live only inside the namespaces; no default route anywhere.
readonly LAN1_PREFIX=10.77.1 LAN2_PREFIX=10.77.2
readonly VIP="$LAN1_PREFIX.10"
declare -A HOST_OCTET=([node1]=11 [node2]=12 [client]=100 [witness]=254)

# Paths each node sees at the same place, each backed by its own directory.
# For `up`; afterwards the cluster's own list (saved in its state dir) wins, see load_replicated_dirs.
read -r -a REPLICATED_DIRS <<<"${DX_REPLICATED_DIRS:-/srv/duplex/pgdata}"
readonly SAFE_ROOT=/opt/duplex SAFEVAR_ROOT=/var/lib/duplex PG_RUN=/run/postgresql

die() { echo "cluster.sh: $*" >&2; exit 2; }
say() { echo "cluster.sh: $*" >&2; }

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

need_root() {
    [ "$(id -u)" = 0 ] || die "must run as root (it creates network and mount namespaces, bridges, veths and mounts); run it with sudo"
}

check_name() {
    [[ "${1:-}" =~ ^[a-z0-9][a-z0-9-]{0,19}$ ]] \
        || die "bad cluster NAME '${1:-}': use 1-20 characters of a-z, 0-9 and '-', starting with a letter or digit"
}
# Each replicated path must be absolute and lie under an existing directory other than / (its
# mount point is made in an overlay of that directory, and / cannot be overlaid).
check_replicated_dirs() {
    local d anc
    [ ${#REPLICATED_DIRS[@]} -gt 0 ] || die "DX_REPLICATED_DIRS is empty: give at least one absolute path"
    for d in "${REPLICATED_DIRS[@]}"; do
        [[ "$d" =~ ^(/[A-Za-z0-9._-]+)+$ ]] && [[ "$d" != */..* ]] \
            || die "DX_REPLICATED_DIRS: '$d' is not a plain absolute path (letters, digits, '.', '_', '-')"
        anc="$d"; while [ ! -d "$anc" ]; do anc="$(dirname "$anc")"; done
        [ "$anc" != / ] || die "DX_REPLICATED_DIRS: '$d' has no existing parent directory other than /; use a path under e.g. /srv"
    done
}
check_host() {
    local h
    for h in "${HOSTS[@]}"; do [ "$1" = "$h" ] && return 0; done
    die "unknown NODE '$1': expected one of ${HOSTS[*]}"
}
check_net() {
    case "$1" in lan1|lan2|all) ;; *) die "unknown NET '$1': expected lan1, lan2 or all" ;; esac
}

ns() { echo "dx-$NAME-$1"; }                      # network namespace of a host, or of the switch
state_dir() { echo "$STATE_ROOT/$NAME"; }
work_dir() { echo "$WORK_ROOT/$NAME"; }
mnt_file() { echo "$STATE_ROOT/$NAME/$1.mnt"; }   # persistent mount namespace of a node
is_node() { [ "$1" = node1 ] || [ "$1" = node2 ]; }
netns_exists() { [ -e "/run/netns/$1" ]; }
hosts_on() { if [ "$1" = lan1 ]; then echo "${LAN1_HOSTS[@]}"; else echo "${LAN2_HOSTS[@]}"; fi; }
prefix_of() { if [ "$1" = lan1 ]; then echo "$LAN1_PREFIX"; else echo "$LAN2_PREFIX"; fi; }
on_net() { local h; for h in $(hosts_on "$2"); do [ "$h" = "$1" ] && return 0; done; return 1; }
# Backing directory of a replicated path on one node, e.g. .../node1/data/srv/duplex/pgdata.
backing_of() { echo "$(work_dir)/$1/data$2"; }

# Serialises up/down/cut/heal of one NAME (two test JVMs may race on a leftover).
lock() {
    mkdir -p "$STATE_ROOT"
    exec 9>"$STATE_ROOT/.$NAME.lock"
    flock -w 60 9 || die "cluster '$NAME' is locked by another cluster.sh for over 60 s"
}

is_mounted() { awk -v p="$1" '$5 == p { found = 1 } END { exit !found }' /proc/self/mountinfo; }

# ---------------------------------------------------------------------------------------- up --

cmd_up() {
    local fresh=0
    if [ "${1:-}" = --fresh ]; then fresh=1; shift; fi
    NAME="${1:-}"; check_name "$NAME"; need_root; check_replicated_dirs
    sweep_dead_owners
    lock
    if [ "$fresh" = 0 ] && [ -e "$(state_dir)/complete" ] && [ "$(status_code)" = 0 ]; then
        say "cluster '$NAME' is already up"; return 0
    fi
    if [ "$(status_code)" != 3 ]; then
        say "cluster '$NAME': removing what a previous run left"
        teardown
    fi
    # errexit does not apply inside `create || ...`, so failure cleanup hangs on the EXIT trap.
    trap on_create_exit EXIT
    create
    trap - EXIT
    say "cluster '$NAME' is up (vip $VIP; exec with: $0 exec $NAME node1 -- CMD)"
}

on_create_exit() {
    local rc=$?
    if [ "$rc" != 0 ]; then
        say "cluster '$NAME': creation failed, removing what was created"
        teardown || true
        rm -f "$STATE_ROOT/.$NAME.lock"
    fi
    exit "$rc"
}

create() {
    local sd wd h
    sd="$(state_dir)"; wd="$(work_dir)"
    mkdir -p "$sd" "$wd"
    echo "${REPLICATED_DIRS[*]}" >"$sd/replicated"
    [ -n "${DX_OWNER_PID:-}" ] && echo "$DX_OWNER_PID $(proc_start_time "$DX_OWNER_PID")" >"$sd/owner"
    # The mount namespace files must sit on a private mount, or unshare cannot bind them.
    mount --bind "$sd" "$sd"
    mount --make-private "$sd"
    # One `ip -batch` per namespace: a busy machine makes each separate ip call expensive.
    local sw="" n
    declare -A host_cmds
    for h in switch "${HOSTS[@]}"; do
        ip netns add "$(ns "$h")"
        host_cmds[$h]="link set lo up"$'\n'
    done
    for n in "${NETS[@]}"; do
        sw+="link add br-$n type bridge"$'\n'"link set br-$n up"$'\n'
        for h in $(hosts_on "$n"); do
            # Created inside the switch namespace with its peer sent straight into the host's:
            # no interface ever appears in the root namespace.
            sw+="link add $h-$n type veth peer name $n netns $(ns "$h")"$'\n'
            sw+="link set $h-$n master br-$n"$'\n'"link set $h-$n up"$'\n'
            host_cmds[$h]+="addr add $(prefix_of "$n").${HOST_OCTET[$h]}/24 dev $n"$'\n'"link set $n up"$'\n'
        done
    done
    ip -n "$(ns switch)" -batch - <<<"$sw"
    for h in switch "${HOSTS[@]}"; do
        ip -n "$(ns "$h")" -batch - <<<"${host_cmds[$h]}"
        # IPv6 autoconfiguration would only add noise to the test traffic.
        nsenter --net="/run/netns/$(ns "$h")" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    done
    for h in "${NODES[@]}"; do create_mount_namespace "$h"; done
    touch "$sd/complete"
}

# A persistent mount namespace per node, bound to a file so no holder process is needed.
create_mount_namespace() {
    local node="$1" d
    mkdir -p "$(work_dir)/$node"/{safe,safevar,pgrun,log,overlay}
    for d in "${REPLICATED_DIRS[@]}"; do mkdir -p "$(backing_of "$node" "$d")"; done
    chown postgres:postgres "$(work_dir)/$node/pgrun" "$(work_dir)/$node/log" 2>/dev/null || true
    touch "$(mnt_file "$node")"
    # Entering only the network namespace keeps unshare's bind of the file in the root mount table.
    nsenter --net="/run/netns/$(ns "$node")" \
        unshare --mount="$(mnt_file "$node")" --propagation private \
        bash "$0" _inside-mount-setup "$NAME" "$node"
}

# Runs inside the node's new mount namespace (private propagation: nothing leaks to the host).
inside_mount_setup() {
    NAME="$1"; local node="$2" d wd i
    wd="$(work_dir)/$node"
    # sysfs of this node's network namespace, so /sys/class/net shows its own interfaces.
    mount -t sysfs "dx-$NAME-sysfs" /sys
    local sources=() targets=()
    for d in "${REPLICATED_DIRS[@]}"; do sources+=("$(backing_of "$node" "$d")"); targets+=("$d"); done
    sources+=("$wd/safe" "$wd/safevar" "$wd/pgrun"); targets+=("$SAFE_ROOT" "$SAFEVAR_ROOT" "$PG_RUN")
    # All mount points first, then all binds: an overlay made after a bind would hide it.
    for d in "${targets[@]}"; do make_mount_point "$d" "$wd"; done
    for i in "${!targets[@]}"; do mount --bind "${sources[$i]}" "${targets[$i]}"; done
}

# Makes directory TARGET exist inside the current (private) mount namespace without writing to the
# host: if it is missing, its nearest existing ancestor gets an overlay (once) whose upper layer is
# in the node's work dir, and TARGET is created in that overlay.
OVERLAID=()
make_mount_point() {
    local target="$1" wd="$2" anc o layer
    [ -d "$target" ] && return 0
    anc="$target"
    while [ ! -d "$anc" ]; do anc="$(dirname "$anc")"; done
    for o in "${OVERLAID[@]}"; do
        if [ "$anc" = "$o" ] || [[ "$anc" == "$o"/* ]]; then mkdir -p "$target"; return 0; fi
    done
    [ "$anc" != / ] || die "cannot overlay / to create $target"
    layer="$wd/overlay/$(echo "$anc" | tr / _)"
    mkdir -p "$layer/upper" "$layer/work"
    mount -t overlay "dx-$NAME-overlay" -o "lowerdir=$anc,upperdir=$layer/upper,workdir=$layer/work" "$anc"
    OVERLAID+=("$anc")
    mkdir -p "$target"
}

# -------------------------------------------------------------------------------------- down --

cmd_down() {
    NAME="${1:-}"; check_name "$NAME"; need_root
    lock
    teardown
    rm -f "$STATE_ROOT/.$NAME.lock"
    say "cluster '$NAME' is down"
}

# Removes everything of NAME in an order that works from any half-created state, then checks.
teardown() {
    local h sd wd
    sd="$(state_dir)"; wd="$(work_dir)"
    for h in "${NODES[@]}"; do release_fuse_mounts "$h"; done
    kill_namespace_processes
    for h in "${NODES[@]}"; do
        if is_mounted "$(mnt_file "$h")"; then umount "$(mnt_file "$h")"; fi
    done
    for h in switch "${HOSTS[@]}"; do
        if netns_exists "$(ns "$h")"; then ip netns del "$(ns "$h")"; fi
    done
    if is_mounted "$sd"; then umount "$sd"; fi
    rm -rf --one-file-system "$sd"
    if awk -v p="$wd" 'index($5, p) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
        die "something is still mounted under $wd in the root mount namespace; not removing it"
    fi
    if [ -z "${DX_KEEP_DATA:-}" ]; then rm -rf --one-file-system "$wd"; fi
    local left; left="$(leftovers)"
    [ -z "$left" ] || die "cluster '$NAME' left behind: $left"
}

# A FUSE daemon that was killed leaves its mount dead but present; one that hangs blocks whoever
# touches it. Abort our FUSE connections (fusectl mounted inside the node's namespace only) and
# detach the mounts lazily; the namespace's other mounts go away with the namespace itself.
release_fuse_mounts() {
    local node="$1" f
    f="$(mnt_file "$node")"
    is_mounted "$f" || return 0
    nsenter --mount="$f" bash -c '
        mountpoint -q /sys/fs/fuse/connections || mount -t fusectl none /sys/fs/fuse/connections 2>/dev/null || true
        awk '\''$9 ~ /^fuse/ { print $3 "\t" $5 }'\'' /proc/self/mountinfo | sort -r -k2 |
        while IFS=$'\''\t'\'' read -r dev target; do
            conn="/sys/fs/fuse/connections/${dev#*:}/abort"
            [ -e "$conn" ] && echo 1 >"$conn" 2>/dev/null || true
            umount -l "$target" && echo "cluster.sh: unmounted FUSE $target (lazy)" >&2 || true
        done' || true
}

# Every process whose network namespace is one of ours, or whose mount namespace is a node's.
# Every process whose network namespace is one of HOSTS (default: all, and the switch), or whose
# mount namespace is one of those nodes'.
namespace_pids() {
    local h hosts=("$@")
    [ ${#hosts[@]} -gt 0 ] || hosts=(switch "${HOSTS[@]}")
    for h in "${hosts[@]}"; do
        if netns_exists "$(ns "$h")"; then ip netns pids "$(ns "$h")" 2>/dev/null || true; fi
        is_node "$h" && is_mounted "$(mnt_file "$h")" || continue
        find -L /proc/[0-9]*/ns/mnt -maxdepth 0 -samefile "$(mnt_file "$h")" 2>/dev/null | cut -d/ -f3
    done
}

# SIGKILL, by pid, every process in the namespaces of HOSTS (default: all), until none is left.
kill_namespace_processes() {
    local pids
    for _ in $(seq 1 50); do
        pids="$(namespace_pids "$@" | sort -u | grep -vx "$$" || true)"
        [ -n "$pids" ] || return 0
        # shellcheck disable=SC2086
        kill -9 $pids 2>/dev/null || true
        sleep 0.1
    done
    die "processes still alive in cluster '$NAME' after SIGKILL: $pids"
}

# What of NAME still exists on the host; empty when everything is gone.
leftovers() {
    local out=() h
    for h in switch "${HOSTS[@]}"; do netns_exists "$(ns "$h")" && out+=("netns $(ns "$h")"); done
    grep -q -e "$STATE_ROOT/$NAME" -e "$WORK_ROOT/$NAME/" /proc/self/mountinfo && out+=("mounts under $STATE_ROOT/$NAME or $WORK_ROOT/$NAME")
    [ -e "$(state_dir)" ] && out+=("state dir $(state_dir)")
    echo "${out[*]:-}"
}

# --------------------------------------------------------------------------------- exec etc. --

cmd_exec() {
    NAME="${1:-}"; check_name "$NAME"; local host="${2:-}"; check_host "$host"
    shift 2
    [ "${1:-}" = -- ] && shift
    [ $# -gt 0 ] || die "exec needs a command after '--'"
    need_root
    netns_exists "$(ns "$host")" || die "cluster '$NAME' has no $host (run: $0 up $NAME)"
    if is_node "$host"; then
        is_mounted "$(mnt_file "$host")" || die "cluster '$NAME': $host has no mount namespace (half-created? run: $0 up $NAME)"
        local wd=/; [ -d "$PWD" ] && wd="$PWD"
        exec nsenter --net="/run/netns/$(ns "$host")" --mount="$(mnt_file "$host")" --wd="$wd" -- "$@"
    fi
    exec ip netns exec "$(ns "$host")" "$@"
}

# Cable pulled (default): the switch port goes down and the host sees no carrier.
# Silent (--silent): the port leaves the bridge; the host keeps carrier but nothing gets through.
cmd_cut() {
    local silent=0
    if [ "${1:-}" = --silent ]; then silent=1; shift; fi
    NAME="${1:-}"; check_name "$NAME"; local net="${2:-}"; check_net "$net"; local host="${3:-}"
    [ -z "$host" ] || check_host "$host"
    if [ -n "$host" ] && ! on_any "$host" "$net"; then die "$host is not on $net"; fi
    need_root; lock
    local n h
    for n in $(nets_of "$net"); do
        for h in $(hosts_on "$n"); do
            [ -z "$host" ] || [ "$h" = "$host" ] || continue
            if [ "$silent" = 1 ]; then ip -n "$(ns switch)" link set "$h-$n" nomaster
            else ip -n "$(ns switch)" link set "$h-$n" down; fi
        done
    done
}

cmd_heal() {
    NAME="${1:-}"; check_name "$NAME"; local net="${2:-all}"; check_net "$net"; local host="${3:-}"
    [ -z "$host" ] || check_host "$host"
    need_root; lock
    local n h
    for n in $(nets_of "$net"); do
        for h in $(hosts_on "$n"); do
            [ -z "$host" ] || [ "$h" = "$host" ] || continue
            ip -n "$(ns switch)" link set "$h-$n" master "br-$n"
            ip -n "$(ns switch)" link set "$h-$n" up
        done
    done
}

# Power failure of a node: its cables are pulled (peers see carrier loss), every process in its
# namespaces is killed with SIGKILL, its FUSE mounts are dropped. Its disks (backing dirs) stay.
# What the page cache had not written is NOT lost here: this is not a LazyFS-style power cut.
cmd_crash() {
    NAME="${1:-}"; check_name "$NAME"; local node="${2:-}"; is_node "$node" || die "crash needs node1 or node2, not '$node'"
    need_root; lock
    [ "$(status_code)" = 0 ] || die "cluster '$NAME' is not up"
    local n
    for n in "${NETS[@]}"; do ip -n "$(ns switch)" link set "$node-$n" down; done
    release_fuse_mounts "$node"
    kill_namespace_processes "$node"
    touch "$(state_dir)/$node.crashed"
}

# The node comes back as after a reboot: only its own addresses (a VIP it held is gone), cables in.
cmd_boot() {
    NAME="${1:-}"; check_name "$NAME"; local node="${2:-}"; is_node "$node" || die "boot needs node1 or node2, not '$node'"
    need_root; lock
    [ "$(status_code)" = 0 ] || die "cluster '$NAME' is not up"
    local n
    for n in "${NETS[@]}"; do
        ip -n "$(ns "$node")" addr flush dev "$n"
        ip -n "$(ns "$node")" addr add "$(prefix_of "$n").${HOST_OCTET[$node]}/24" dev "$n"
        ip -n "$(ns switch)" link set "$node-$n" master "br-$n"
        ip -n "$(ns switch)" link set "$node-$n" up
    done
    rm -f "$(state_dir)/$node.crashed"
}

nets_of() { if [ "$1" = all ]; then echo "${NETS[@]}"; else echo "$1"; fi; }
on_any() { local n; for n in $(nets_of "$2"); do on_net "$1" "$n" && return 0; done; return 1; }

# 0 complete, 1 partial, 3 absent.
status_code() {
    local have=0 missing=0 h n
    for h in switch "${HOSTS[@]}"; do
        if netns_exists "$(ns "$h")"; then have=1; else missing=1; fi
    done
    for h in "${NODES[@]}"; do
        if is_mounted "$(mnt_file "$h")"; then have=1; else missing=1; fi
    done
    [ -e "$(state_dir)" ] && have=1
    [ -e "$(state_dir)/complete" ] || missing=1
    if [ "$have" = 0 ]; then echo 3; elif [ "$missing" = 1 ]; then echo 1; else echo 0; fi
}

cmd_status() {
    NAME="${1:-}"; check_name "$NAME"; need_root
    local code h n state procs
    code="$(status_code)"
    case "$code" in
        0) echo "cluster $NAME: up" ;;
        1) echo "cluster $NAME: PARTIAL (run: $0 down $NAME)" ;;
        3) echo "cluster $NAME: absent"; exit 3 ;;
    esac
    for h in "${HOSTS[@]}"; do
        netns_exists "$(ns "$h")" || { echo "  $h: missing"; continue; }
        procs="$(ip netns pids "$(ns "$h")" 2>/dev/null | wc -l)"
        [ -e "$(state_dir)/$h.crashed" ] && echo "  $h: CRASHED (run: $0 boot $NAME $h)"
        echo "  $h: $(ip -n "$(ns "$h")" -4 -o addr show | awk '$2 != "lo" { printf "%s=%s ", $2, $4 }')processes=$procs"
    done
    if netns_exists "$(ns switch)"; then
        for n in "${NETS[@]}"; do
            for h in $(hosts_on "$n"); do
                state="$(ip -n "$(ns switch)" -o link show "$h-$n" 2>/dev/null)" || { echo "  port $h-$n: missing"; continue; }
                if [[ "$state" != *"master br-$n"* ]]; then echo "  port $h-$n: CUT (silent)"
                elif [[ "$state" != *",UP"* && "$state" != *"<UP"* ]]; then echo "  port $h-$n: CUT"
                else echo "  port $h-$n: ok"; fi
            done
        done
    fi
    for h in "${NODES[@]}"; do
        is_mounted "$(mnt_file "$h")" && echo "  $h mounts: $(nsenter --mount="$(mnt_file "$h")" findmnt -rn -o TARGET,FSTYPE | awk '$1 ~ /^\/(srv|opt|var\/lib|run\/postgresql)/ { printf "%s(%s) ", $1, $2 }')"
    done
    return "$code"
}

load_replicated_dirs() {
    if [ -f "$(state_dir)/replicated" ]; then read -r -a REPLICATED_DIRS <"$(state_dir)/replicated"; fi
}

cmd_env() {
    NAME="${1:-}"; check_name "$NAME"; load_replicated_dirs
    local h n
    echo "DX_NAME=$NAME"
    echo "DX_VIP=$VIP"
    echo "DX_VIP_PREFIX=24"
    echo "DX_VIP_DEV=lan1"
    echo "DX_WITNESS=$LAN1_PREFIX.${HOST_OCTET[witness]}"
    for n in "${NETS[@]}"; do
        for h in $(hosts_on "$n"); do
            echo "DX_${h^^}_${n^^}=$(prefix_of "$n").${HOST_OCTET[$h]}"
        done
    done
    echo "DX_REPLICATED_DIRS=${REPLICATED_DIRS[*]}"
    echo "DX_SAFE=$SAFE_ROOT"
    echo "DX_SAFEVAR=$SAFEVAR_ROOT"
    echo "DX_PG_RUN=$PG_RUN"
    echo "DX_WORK=$(work_dir)"
    for h in "${NODES[@]}"; do
        echo "DX_${h^^}_BACKING=$(backing_of "$h" "${REPLICATED_DIRS[0]}")"
        echo "DX_${h^^}_LOG=$(work_dir)/$h/log"
        echo "DX_${h^^}_NETNS=$(ns "$h")"
        echo "DX_${h^^}_MNTNS_FILE=$(mnt_file "$h")"
    done
    for h in client witness; do echo "DX_${h^^}_NETNS=$(ns "$h")"; done
}

# ----------------------------------------------------------------------- owners and sweeping --

proc_start_time() { awk '{ print $22 }' "/proc/$1/stat" 2>/dev/null || echo gone; }

# A test JVM that was killed cannot run its teardown; the next `up` removes what it left, if the
# JVM recorded itself as owner (DX_OWNER_PID) and is gone (pid dead or reused).
sweep_dead_owners() {
    local d pid start
    for d in "$STATE_ROOT"/*/; do
        [ -f "$d/owner" ] || continue
        read -r pid start <"$d/owner" || continue
        [ "$(proc_start_time "$pid")" = "$start" ] && continue
        ( NAME="$(basename "$d")"; say "cluster '$NAME': owner $pid is gone, removing it"; lock; teardown
          rm -f "$STATE_ROOT/.$NAME.lock" ) || true
    done
}

cmd_list() {
    need_root
    { ls /run/netns 2>/dev/null | sed -n 's/^dx-\(.*\)-\(switch\|node1\|node2\|client\|witness\)$/\1/p'
      ls "$STATE_ROOT" 2>/dev/null; } | sort -u
}

main() {
    local cmd="${1:-}"; [ $# -gt 0 ] && shift
    case "$cmd" in
        up) cmd_up "$@" ;;
        down) cmd_down "$@" ;;
        exec) cmd_exec "$@" ;;
        cut) cmd_cut "$@" ;;
        heal) cmd_heal "$@" ;;
        crash) cmd_crash "$@" ;;
        boot) cmd_boot "$@" ;;
        status) cmd_status "$@" ;;
        env) cmd_env "$@" ;;
        sweep) need_root; sweep_dead_owners ;;
        list) cmd_list ;;
        _inside-mount-setup) inside_mount_setup "$@" ;;
        ""|-h|--help|help) usage ;;
        *) say "unknown command '$cmd'"; usage ;;
    esac
}

main "$@"
