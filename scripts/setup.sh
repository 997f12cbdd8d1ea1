# Sourced by scripts/demo and scripts/test: installs what the build needs on Debian 12 if it is missing.
# Needs Swift 6.3 on PATH (https://www.swift.org/install/linux/ puts it in /usr/bin or /opt/swift/usr/bin).
set -euo pipefail

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi
command -v swift >/dev/null 2>&1 || { echo "setup: swift is not on PATH; install Swift 6.3 first" >&2; exit 1; }

needed=()
for pkg in libpci-dev libusb-1.0-0-dev libsqlite3-dev pkg-config; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || needed+=("$pkg")
done
# The NVML ABI tests fetch NVIDIA's nvml.h and Python bindings from PyPI into the build folder.
python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' >/dev/null 2>&1 || needed+=(python3-venv)
command -v python3 >/dev/null 2>&1 || needed+=(python3)
command -v cc >/dev/null 2>&1 || needed+=(gcc)

# The tests (scripts/test sets setup_for_tests) scrape the agent with Debian's prometheus server (/usr/bin/prometheus).
needs_prometheus=""
if [ -n "${setup_for_tests:-}" ]; then
    dpkg-query -W -f='${Status}' prometheus 2>/dev/null | grep -q "install ok installed" || needs_prometheus=true
fi

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
if [ ${#needed[@]} -gt 0 ] || [ -n "${needs_prometheus:-}" ]; then
    "${sudo_cmd[@]}" apt-get update -qq
fi
if [ ${#needed[@]} -gt 0 ]; then
    echo "setup: installing ${needed[*]}" >&2
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
fi
if [ -n "${needs_prometheus:-}" ]; then
    # Its package starts a server on port 9090 when installed (systemd, or its init script where there is no
    # systemd). invoke-rc.d and deb-systemd-invoke ask /usr/sbin/policy-rc.d first, and 101 means "do not start":
    # where the machine has no policy of its own, one is in place for this install only. Nothing it recommends
    # (the node exporter, another server) is installed.
    echo "setup: installing prometheus (its service is not started)" >&2
    "${sudo_cmd[@]}" sh -c '
        policy=/usr/sbin/policy-rc.d
        [ -e "$policy" ] && exec "$@"
        printf "#!/bin/sh\nexit 101\n" >"$policy" && chmod 755 "$policy"
        status=0
        "$@" || status=$?
        rm -f "$policy"
        exit "$status"
    ' sh env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
