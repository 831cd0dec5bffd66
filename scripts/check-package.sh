#!/usr/bin/env bash
# Builds the .deb from the release build (build/), installs it on this
# machine as an operator would, checks what it put in place, then purges it.
# Needs root; CI runs it after the tests. Usage: scripts/check-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
command -v systemd-analyze >/dev/null || { echo "systemd-analyze missing (apt-get install systemd)"; exit 1; }

rm -f "$build"/akhbar_*.deb
(cd "$build" && cpack --config CPackConfig.cmake >/dev/null)
deb=$(ls "$build"/akhbar_*.deb)
echo "built $deb"
dpkg-deb --field "$deb" Package Version Depends Installed-Size

cleanup() { dpkg --purge akhbar >/dev/null 2>&1 || true; }
trap cleanup EXIT
apt-get install -y -qq "./$deb" >/dev/null
for f in /usr/bin/akhbar /etc/akhbar/akhbar.toml /usr/lib/systemd/system/akhbar.service \
         /usr/lib/sysusers.d/akhbar.conf /usr/lib/tmpfiles.d/akhbar.conf /usr/share/doc/akhbar/README.md; do
  test -e "$f" || { echo "missing after install: $f"; exit 1; }
done
getent passwd akhbar >/dev/null || { echo "the akhbar user was not created"; exit 1; }
test "$(stat -c %U:%a /var/lib/akhbar)" = "akhbar:750" || { echo "bad /var/lib/akhbar: $(stat -c %U:%a /var/lib/akhbar)"; exit 1; }
grep -qx /etc/akhbar/akhbar.toml /var/lib/dpkg/info/akhbar.conffiles || { echo "config is not a conffile"; exit 1; }
/usr/bin/akhbar --help >/dev/null
/usr/bin/akhbar sources list --config /etc/akhbar/akhbar.toml >/dev/null 2>&1 || true

systemd-analyze verify /usr/lib/systemd/system/akhbar.service
exposure=$(systemd-analyze security --offline=true /usr/lib/systemd/system/akhbar.service 2>/dev/null |
           sed -n 's/.*Overall exposure level for akhbar.service: \([0-9.]*\).*/\1/p')
echo "systemd-analyze security exposure: $exposure (target <= 2.0)"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }' || { echo "exposure above 2.0"; exit 1; }

dpkg --purge akhbar >/dev/null
test ! -e /usr/bin/akhbar || { echo "purge left /usr/bin/akhbar"; exit 1; }
echo "package installs, verifies and purges cleanly"
