#!/usr/bin/env bash
# The whole test suite: installs what it needs (Debian packages, Maven dependencies), then runs
# unit and integration tests of every module. `./duplex test` runs this; so does .ci/run.
set -euo pipefail
DUPLEX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$DUPLEX_ROOT/scripts/env.sh"

# Everything the tests use: the native filter's toolchain, FUSE, namespaces and the VIP, PostgreSQL.
TEST_PACKAGES=("${BUILD_PACKAGES[@]}" iproute2 iputils-arping iputils-ping procps psmisc postgresql fuse-overlayfs)
# Windows parts built and checked on Linux: duplexbridge.dll (mingw-w64), the MSI (wixl, msiinfo).
TEST_PACKAGES+=(mingw-w64 wixl msitools)
# Browser tests of the web console (service/console): headless Chromium through chromedriver.
TEST_PACKAGES+=(chromium chromium-driver)
# The Debian package (linux-port): lintian checks it, the install test uses apt, man and systemd-analyze.
TEST_PACKAGES+=(lintian man-db systemd)
apt_install "${TEST_PACKAGES[@]}"

start=$(date +%s)
mvn_cmd install "$@"
echo "duplex: all tests passed in $(( $(date +%s) - start ))s"
