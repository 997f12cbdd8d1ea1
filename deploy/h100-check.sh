#!/usr/bin/env bash
# fleet-agent on a real NVIDIA machine (written for an H100 host; any NVML GPU works).
#
#   deploy/h100-check.sh build [SCRATCH]
#       Here (the dev machine): a static-stdlib release binary, copied with this script to SCRATCH/h100-check/.
#       The binary still needs the host's glibc, libpci.so.3 and libusb-1.0.so.0 (Debian/Ubuntu: libpci3,
#       libusb-1.0-0) and loads libnvidia-ml.so.1 with dlopen (no link-time dependency on NVIDIA).
#   deploy/h100-check.sh run [BINARY] [--index N] [--nvml-lib PATH]
#       On the GPU machine, as root (setting a limit needs it): probe --json against the real
#       libnvidia-ml.so.1, inventory, then set the GPU's power limit to a lower value, read it back, restore
#       the original and read that back. Prints every reading. The original limit is restored on any exit.
#   deploy/h100-check.sh dry-run [SCRATCH]
#       Here: the `run` steps against FakeNVML replaying the recorded H100 (Fixtures/gpus/h100-sxm5-80gb-load.gpu),
#       with the debug build in SCRATCH (default .build). Checks the script's logic without a GPU.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
say() { printf 'h100-check: %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# --- JSON helpers (python3 is on every NVIDIA driver host we target) --------------------------------------
json_field() { # json_field FIELD <<< '{"a":1}'   -> the field's value, "null" when absent
    python3 -c 'import json,sys; v=json.load(sys.stdin).get(sys.argv[1]); print("null" if v is None else v)' "$1"
}
gpu_readings() { # the probe's NDJSON lines with kind gpu
    python3 -c 'import json,sys
for line in sys.stdin:
    line=line.strip()
    if line and json.loads(line).get("kind")=="gpu": print(line)'
}
check_reading() { # check_reading LINE: schema facts every GPU reading must show
    python3 - "$1" <<'PY'
import json, re, sys
r = json.loads(sys.argv[1])
problems = []
if r["status"] == "ok":
    if not r["device"].startswith("gpu:GPU-"): problems.append("device is not gpu:<UUID>: %s" % r["device"])
    if not re.fullmatch(r"[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]", r["address"]):
        problems.append("address is not a PCI bus id: %s" % r["address"])
    if r.get("power_w") is None or r.get("power_quality") != "reported": problems.append("no reported power")
    if r.get("power_limit_w") is None: problems.append("no power limit")
    if r.get("pstate") is None or not re.fullmatch(r"P\d+", r["pstate"]): problems.append("pstate %r" % r.get("pstate"))
    if r.get("energy_j") is None: print("note: %s has no energy counter (pre-Volta?)" % r["device"])
print("; ".join(problems))
PY
}

# --- the checks, shared by run and dry-run ----------------------------------------------------------------
check() { # check BINARY INDEX [--nvml-lib PATH]
    bin=$1 index=$2; shift 2
    lib=("$@")
    "$bin" --help >/dev/null || die "$bin does not run (missing shared libraries? try: ldd $bin)"

    say "1/5 probe --json (every GPU through NVML)"
    local probe
    probe=$("$bin" probe --json "${lib[@]}") || die "probe failed"
    echo "$probe"
    local gpus
    gpus=$(gpu_readings <<<"$probe")
    [ -n "$gpus" ] || die "probe printed no GPU reading"
    while IFS= read -r line; do
        local problems
        problems=$(check_reading "$line")
        [ -z "$problems" ] || die "reading $(json_field device <<<"$line"): $problems"
    done <<<"$gpus"
    say "    $(wc -l <<<"$gpus") GPU reading(s), schema ok"

    say "2/5 inventory (PCI bus matched to NVML)"
    "$bin" inventory --no-usb "${lib[@]}" || say "    inventory unavailable in this build (not fatal)"

    say "3/5 current limits of GPU $index"
    local before low high target
    before=$("$bin" gpu-limit --index "$index" --json "${lib[@]}") || die "gpu-limit (read) failed"
    echo "$before"
    original=$(json_field management_limit_w <<<"$before")
    low=$(json_field min_limit_w <<<"$before")
    high=$(json_field max_limit_w <<<"$before")
    [ "$original" != null ] && [ "$low" != null ] && [ "$high" != null ] || die "GPU $index has no settable limit"
    # Halfway down to the minimum (or up to the maximum when already at the minimum), in whole watts.
    target=$(python3 -c 'import sys; o, l, h = map(float, sys.argv[1:])
print(int(round((o + l) / 2) if o > l else round((o + h) / 2)))' "$original" "$low" "$high")
    if python3 -c 'import sys; sys.exit(float(sys.argv[1]) != float(sys.argv[2]))' "$target" "$original"; then
        die "min = max = current limit ($original W): nothing to set"
    fi

    # From here on the original limit goes back whatever happens.
    restore() {
        say "    restoring GPU $index to $original W"
        "$bin" gpu-limit --index "$index" --watts "$original" --json "${lib[@]}" >/dev/null \
            || say "    RESTORE FAILED: set it by hand (nvidia-smi -i $index -pl $original)"
    }
    trap restore EXIT

    say "4/5 set GPU $index to $target W (range $low-$high W, was $original W) and read back"
    local after enforced
    after=$("$bin" gpu-limit --index "$index" --watts "$target" --json "${lib[@]}") || die "setting $target W failed"
    echo "$after"
    [ "$(json_field management_limit_w <<<"$after")" = "$target" ] || die "read-back limit is not $target W"
    probe=$("$bin" probe --json "${lib[@]}") || die "probe after set failed"
    gpu_readings <<<"$probe"
    enforced=$(python3 -c 'import json,sys
idx=int(sys.argv[1]); lines=[json.loads(l) for l in sys.stdin if l.strip()]
gpus=[r for r in lines if r["kind"]=="gpu"]
print(gpus[idx].get("power_limit_w"))' "$index" <<<"$probe")
    say "    probe shows power_limit_w = $enforced W (the enforced limit; another limiter may hold it lower)"
    python3 -c 'import sys; sys.exit(float(sys.argv[1]) > float(sys.argv[2]) + 0.5)' "$enforced" "$target" \
        || die "enforced limit $enforced W is above the set $target W"

    say "5/5 restore $original W and read back"
    trap - EXIT
    after=$("$bin" gpu-limit --index "$index" --watts "$original" --json "${lib[@]}") || die "restoring failed"
    echo "$after"
    [ "$(json_field management_limit_w <<<"$after")" = "$(json_field management_limit_w <<<"$before")" ] \
        || die "limit not restored"
    say "OK: probe, set $target W, restore $original W on GPU $index"
}

cmd=${1:-}
shift || true
case "$cmd" in
build)
    scratch=${1:-.build}
    cd "$here/.."
    swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product fleet-agent
    bin=$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)
    out=$scratch/h100-check   # inside the scratch folder: never committed
    mkdir -p "$out"
    cp "$bin/fleet-agent" deploy/h100-check.sh "$out/"
    say "$out/: copy it to the GPU machine and run: sudo ./h100-check.sh run ./fleet-agent"
    ldd "$out/fleet-agent" | sed 's/^/    /' >&2
    ;;
run)
    bin=./fleet-agent
    if [ $# -gt 0 ] && [[ $1 != --* ]]; then bin=$1; shift; fi
    index=0
    lib=()
    while [ $# -gt 0 ]; do
        case $1 in
        --index) index=$2; shift 2 ;;
        --nvml-lib) lib=(--nvml-lib "$2"); shift 2 ;;
        *) die "unknown option $1" ;;
        esac
    done
    [ "$(id -u)" = 0 ] || say "not root: setting the limit will fail with 'Insufficient Permissions'"
    check "$bin" "$index" "${lib[@]}"
    ;;
dry-run)
    scratch=${1:-.build}
    cd "$here/.."
    swift build --scratch-path "$scratch" --product fleet-agent >&2
    swift build --scratch-path "$scratch" --product FakeNVML >&2
    bin=$(swift build --scratch-path "$scratch" --show-bin-path)
    work=$(mktemp -d)
    export FAKE_NVML_FIXTURE=$PWD/Fixtures/gpus/h100-sxm5-80gb-load.gpu
    export FAKE_NVML_JOURNAL=$work/journal   # FakeNVML replays it at start: limits persist across processes
    say "dry run: FakeNVML replaying $FAKE_NVML_FIXTURE"
    check "$bin/fleet-agent" 0 --nvml-lib "$bin/libFakeNVML.so"
    say "FakeNVML journal of set calls:"
    sed 's/^/    /' "$work/journal" >&2
    rm -rf "$work"
    ;;
*)
    sed -n '2,16p' "$0" >&2
    exit 2
    ;;
esac
