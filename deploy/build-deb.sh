#!/usr/bin/env bash
# Builds the fleet-agent .deb: the binary, the systemd unit, an example config (a conffile) and the README.
#
#   deploy/build-deb.sh                       # release build with the Swift runtime linked in, into ./dist
#   deploy/build-deb.sh --binary PATH --out DIR   # package a binary built elsewhere (tests pass the debug build)
#
# Installs with `dpkg -i dist/fleet-agent_VERSION_ARCH.deb`; `systemctl enable --now fleet-agent` starts it once
# /etc/fleet-agent/agent.yaml names the host's miners.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary=
out="$root/dist"
while [ $# -gt 0 ]; do
    case "$1" in
    --binary) binary=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "build-deb.sh: unknown argument '$1' (use --binary PATH, --out DIR)" >&2; exit 2 ;;
    esac
done
if [ -z "$binary" ]; then
    (cd "$root" && swift build -c release --static-swift-stdlib --product fleet-agent >&2)
    binary="$(cd "$root" && swift build -c release --static-swift-stdlib --show-bin-path)/fleet-agent"
fi
[ -x "$binary" ] || { echo "build-deb.sh: $binary is not an executable" >&2; exit 1; }

arch=$(dpkg --print-architecture)
version="0.$(git -C "$root" rev-list --count HEAD 2>/dev/null || echo 0).0"
stage=$(mktemp -d)
chmod 0755 "$stage"
trap 'rm -rf "$stage"' EXIT
install -D -m 0755 "$binary" "$stage/usr/bin/fleet-agent"
install -D -m 0644 "$root/deploy/fleet-agent.service" "$stage/lib/systemd/system/fleet-agent.service"
install -D -m 0640 "$root/deploy/agent.yaml" "$stage/etc/fleet-agent/agent.yaml"
install -D -m 0644 "$root/README.md" "$stage/usr/share/doc/fleet-agent/README.md"
install -D -m 0644 "$root/LICENSE" "$stage/usr/share/doc/fleet-agent/copyright"
mkdir -p "$stage/DEBIAN"
cat >"$stage/DEBIAN/control" <<CONTROL
Package: fleet-agent
Version: $version
Architecture: $arch
Maintainer: fleet-agent maintainers <fleet-agent@localhost>
Depends: libc6, libpci3, libusb-1.0-0, libsqlite3-0
Section: admin
Priority: optional
Description: per-host agent for hybrid Bitcoin-mining and GPU sites
 Reads ASIC miners (cgminer RPC) and NVIDIA GPUs (NVML), normalizes every reading,
 keeps a durable energy ledger for billing and serves it over HTTP and Prometheus.
CONTROL
echo "/etc/fleet-agent/agent.yaml" >"$stage/DEBIAN/conffiles"
cat >"$stage/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
POSTINST
chmod 0755 "$stage/DEBIAN/postinst"
mkdir -p "$out"
deb="$out/fleet-agent_${version}_${arch}.deb"
fakeroot dpkg-deb -Zgzip --build "$stage" "$deb" >&2
echo "$deb"
