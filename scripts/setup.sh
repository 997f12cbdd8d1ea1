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

if [ ${#needed[@]} -gt 0 ]; then
    echo "setup: installing ${needed[*]}" >&2
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${needed[@]}" >/dev/null
fi
