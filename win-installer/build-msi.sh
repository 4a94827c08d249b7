#!/usr/bin/env bash
# Builds the Duplex MSI on Linux with msitools' wixl. Called by win-installer/pom.xml (package
# phase) with everything staged; can be run by hand the same way:
#   build-msi.sh STAGE_DIR OUT_MSI VERSION PROCRUN_DIR NATIVE_DIR
# STAGE_DIR/lib     the runtime jars (maven-dependency-plugin copy-dependencies)
# PROCRUN_DIR       commons-daemon's bin-windows zip, unpacked (amd64/prunsrv.exe)
# NATIVE_DIR        service/windows/target/native (duplexbridge.dll, duplex-setup.exe)
# Skips (exit 0, with the reason) when wixl or the cross-compiled binaries are missing, so a
# developer's first build needs neither; ./duplex test installs both and always builds it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stage="$1" out="$2" version="$3" procrun="$4" native="$5"

skip() { echo "duplex-win-installer: MSI NOT BUILT: $*" >&2; exit 0; }
command -v wixl >/dev/null || skip "wixl is missing (apt-get install wixl)"
command -v wixl-heat >/dev/null || skip "wixl-heat is missing (apt-get install wixl)"
[ -f "$native/duplexbridge.dll" ] || skip "$native/duplexbridge.dll is missing (mingw-w64 not installed when service/windows was built)"
[ -f "$native/duplex-setup.exe" ] || skip "$native/duplex-setup.exe is missing"
[ -f "$procrun/amd64/prunsrv.exe" ] || { echo "duplex-win-installer: $procrun/amd64/prunsrv.exe missing (commons-daemon bin-windows zip not unpacked)" >&2; exit 1; }
ls "$stage"/lib/*.jar >/dev/null 2>&1 || { echo "duplex-win-installer: no jars in $stage/lib" >&2; exit 1; }

mkdir -p "$stage/bin" "$stage/conf" "$stage/driver"
cp "$procrun/amd64/prunsrv.exe" "$stage/bin/prunsrv.exe"
cp "$native/duplexbridge.dll" "$native/duplex-setup.exe" "$stage/bin/"
cp "$here/../native/windows/driver/duplexflt.inf" "$stage/driver/"
cp "$here/files/duplex.cmd" "$here/files/safekit.cmd" "$stage/"
cp "$here/files/logback.xml" "$stage/conf/"
cp "$here/Duplex.wxs" "$stage/Duplex.wxs"

# MSI versions are numeric: 0.1.0-SNAPSHOT -> 0.1.0
msi_version="${version%%-*}"
cd "$stage"
find lib -type f -name '*.jar' | LC_ALL=C sort \
    | wixl-heat --directory-ref=LIBDIR --component-group=LibJars --var var.LibDir -p lib/ --win64 > lib.wxs
wixl -a x64 -D LibDir=lib -D Win64=yes -D Version="$msi_version" -o "$out" Duplex.wxs lib.wxs
echo "duplex-win-installer: built $out ($(stat -c %s "$out") bytes)"
