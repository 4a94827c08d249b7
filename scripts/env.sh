# Shared by ./duplex, the test command and .ci/run: finds the tools Duplex builds with.
# Source it; it defines functions and exports nothing until called.

DUPLEX_ROOT="${DUPLEX_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

die() { echo "duplex: $*" >&2; exit 1; }

# Prints the major version of the JDK at $1 (a JAVA_HOME), or nothing if it is not a JDK.
jdk_major() {
    local home="$1" v
    [ -x "$home/bin/javac" ] && [ -x "$home/bin/java" ] || return 0
    v="$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    echo "${v%%.*}"
}

# Sets JAVA_HOME to a JDK >= 21: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
pick_jdk() {
    local best="" best_v=0 home v
    if [ -n "${JAVA_HOME:-}" ]; then
        v="$(jdk_major "$JAVA_HOME")"
        if [ -n "$v" ] && [ "$v" -ge 21 ]; then export JAVA_HOME; return 0; fi
    fi
    for home in /usr/lib/jvm/*; do
        [ -d "$home" ] || continue
        v="$(jdk_major "$home")"
        if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$home"; best_v="$v"; fi
    done
    [ -n "$best" ] || die "no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*; Debian 12's openjdk-17 is too old). Install a JDK >= 21 (e.g. Temurin) under /usr/lib/jvm or set JAVA_HOME."
    export JAVA_HOME="$best"
}

# Makes sure `mvn` exists, installing Debian's maven when we are root.
need_maven() {
    command -v mvn >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt_install maven
    else
        die "Maven (mvn) is missing: install it with 'apt-get install maven' (as root)"
    fi
}

# Installs the Debian packages named that are not installed yet (needs root).
apt_install() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || die "missing Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})"
    echo "duplex: installing ${missing[*]}" >&2
    if [ -z "${DUPLEX_APT_UPDATED:-}" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed"
        DUPLEX_APT_UPDATED=1
    fi
    local log; log="$(mktemp /tmp/duplex-apt.XXXXXX)"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
        tail -20 "$log" >&2
        die "apt-get install ${missing[*]} failed (full log: $log)"
    fi
    rm -f "$log"
}

# Debian packages the build itself needs (native filter; asciidoctor for the .deb's man pages).
BUILD_PACKAGES=(gcc make pkg-config libfuse3-dev fuse3 asciidoctor)

mvn_cmd() {
    pick_jdk
    need_maven
    # Maven 3.8's bundled Guava touches sun.misc.Unsafe; JDK >= 24 warns loudly about it.
    if [ "$(jdk_major "$JAVA_HOME")" -ge 24 ]; then
        export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
    fi
    (cd "$DUPLEX_ROOT" && mvn -B --no-transfer-progress -Dstyle.color=never "$@")
}
