#!/usr/bin/env bash
# Read-sweep benchmark: fleet-agent (fleet-bench, release build) against pyasic 0.79.0 on the same fixture miners,
# served over loopback TCP by `fleet-agent fixtures serve` in a separate process (its CPU is not counted).
#
#   Benchmarks/sweep/run.sh                 # 1000 and 5000 miners, 3 runs each, medians
#   SIZES="1000" RUNS=1 Benchmarks/sweep/run.sh
#
# Two fixture mixes (MIXES, default "complete answered"): `complete` serves the folders whose summary, stats and pools
# both tools read with a success STATUS; `answered` also the folders where some of the three are refused with
# 'Invalid command' (counted as read by both tools, as on a real miner without that command).
#
# Environment: SIZES (miner counts, default "1000 5000"), RUNS (runs per tool and size, default 3; the median by
# wall time is reported), CONCURRENCY (reads in flight, both tools, default 64 = CGMinerClient.readMany's default),
# PYASIC_CONCURRENCY (default: CONCURRENCY), SCRATCH (SwiftPM scratch path, default .build-bench), PYTHON (default
# .venv-bench/bin/python),
# OUT (folder for the raw JSON lines, default a temporary folder), SKIP_BUILD=1, MODES (default "raw reading polled"),
# DECODE_ITERATIONS (decode-only loop, default 1000), FOLDERS (space-separated fixture folders to serve instead of
# the mixes: one mix, `folders`).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
SIZES=${SIZES:-"1000 5000"}
RUNS=${RUNS:-3}
CONCURRENCY=${CONCURRENCY:-64}
PYASIC_CONCURRENCY=${PYASIC_CONCURRENCY:-$CONCURRENCY}
SCRATCH=${SCRATCH:-.build-bench}
PYTHON=${PYTHON:-.venv-bench/bin/python}
MODES=${MODES:-"raw reading polled"}
MIXES=${MIXES:-"complete answered"}
OUT=${OUT:-$(mktemp -d /tmp/fleet-sweep.XXXXXX)}
mkdir -p "$OUT"

ulimit -n "$(ulimit -Hn)"

if [ ! -x "$PYTHON" ]; then
    echo "run.sh: $PYTHON missing; create it:" \
        "python3 -m venv .venv-bench && .venv-bench/bin/pip install pyasic==0.79.0" >&2
    exit 1
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    swift build -c release --scratch-path "$SCRATCH" --product fleet-agent >&2
    swift build -c release --scratch-path "$SCRATCH" --product fleet-bench >&2
fi
bin=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)

server_pid=
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}
trap stop_server EXIT

# serve FILE COPIES FOLDER...: start the fixture server in the background and wait for its addresses file.
serve() {
    local file=$1 copies=$2
    shift 2
    rm -f "$file"
    "$bin/fleet-agent" fixtures serve "$@" --copies "$copies" --addresses-out "$file" >"$OUT/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 600); do
        [ -s "$file" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || { cat "$OUT/server.log" >&2; return 1; }
        sleep 0.1
    done
    echo "run.sh: the fixture server did not list its addresses in 60 s" >&2
    return 1
}

# server_cpu: the fixture server's user+system CPU seconds so far.
server_cpu() {
    awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$server_pid/stat"
}

# measure FILE COMMAND...: run one sweep, append its JSON line to FILE with the server's CPU seconds during the run
# and the machine's 1-minute load average before it (other work on the machine skews wall time).
measure() {
    local file=$1 line before after load
    shift
    load=$(cut -d' ' -f1 /proc/loadavg)
    before=$(server_cpu)
    line=$("$@" 2>>"$OUT/stderr.log")
    after=$(server_cpu)
    "$PYTHON" -c 'import json, sys
r = json.loads(sys.argv[1])
r["server_cpu_s"] = round(float(sys.argv[3]) - float(sys.argv[2]), 2)
r["loadavg_before"] = float(sys.argv[4])
print(json.dumps(r))' "$line" "$before" "$after" "$load" >>"$file"
}

# probe_mix MIX: print the fixture folders that both tools read completely, one copy each. Mix `complete`: all
# three commands with a success STATUS; mix `answered`: a command the firmware refuses with 'Invalid command' counts
# as read too (as on a real miner that lacks it), as long as one command comes back with data.
probe_mix() {
    local mix=$1 flag=()
    [ "$mix" = answered ] && flag=(--count-unsupported)
    serve "$OUT/probe.addresses" 1 "${all[@]}"
    "$bin/fleet-bench" sweep --addresses "$OUT/probe.addresses" --mode raw "${flag[@]}" \
        >"$OUT/$mix/probe.agent.json" 2>>"$OUT/stderr.log"
    "$PYTHON" Benchmarks/sweep/pyasic_sweep.py --addresses "$OUT/probe.addresses" "${flag[@]}" \
        >"$OUT/$mix/probe.pyasic.json"
    stop_server
    # Keep the folders neither tool listed under failed_fixtures.
    "$PYTHON" -c 'import json, os, sys
failed = set()
for path in sys.argv[1:3]:
    failed |= set(json.load(open(path))["failed_fixtures"])
for folder in sys.argv[3:]:
    if os.path.basename(folder) not in failed:
        print(folder)' \
        "$OUT/$mix/probe.agent.json" "$OUT/$mix/probe.pyasic.json" "${all[@]}"
}

# run_mix MIX FOLDER...: one server for the largest size (smaller sizes read the first N of its addresses, which
# interleave the folders), then every size, run and tool.
run_mix() {
    local mix=$1 flag=() max=0 copies n run mode
    shift
    [ "$mix" = answered ] && flag=(--count-unsupported)
    for n in $SIZES; do [ "$n" -gt "$max" ] && max=$n; done
    copies=$(((max + $# - 1) / $#))
    serve "$OUT/$mix/all.addresses" "$copies" "$@"
    for n in $SIZES; do
        head -n "$n" "$OUT/$mix/all.addresses" >"$OUT/$mix/$n.addresses"
        for run in $(seq "$RUNS"); do
            for mode in $MODES; do
                local extra=()
                [ "$mode" = raw ] && extra=("${flag[@]}")
                measure "$OUT/$mix/$n.agent-$mode.jsonl" \
                    "$bin/fleet-bench" sweep --addresses "$OUT/$mix/$n.addresses" --mode "$mode" \
                    --concurrency "$CONCURRENCY" "${extra[@]}"
            done
            measure "$OUT/$mix/$n.pyasic.jsonl" \
                "$PYTHON" Benchmarks/sweep/pyasic_sweep.py --addresses "$OUT/$mix/$n.addresses" \
                --concurrency "$PYASIC_CONCURRENCY" "${flag[@]}"
        done
    done
    stop_server
}

# 1. The mixes: the folders each one serves (FOLDERS names them instead: one mix, `folders`).
all=()
for dir in Fixtures/miners/*/; do
    [ -f "$dir/fixture.json" ] && all+=("${dir%/}")
done
[ ${#all[@]} -gt 0 ] || { echo "run.sh: no fixture folders under Fixtures/miners" >&2; exit 1; }
[ -n "${FOLDERS:-}" ] && MIXES=folders
decode_folders=()
for mix in $MIXES; do
    mkdir -p "$OUT/$mix"
    if [ "$mix" = folders ]; then
        read -r -a folders <<<"$FOLDERS"
    else
        mapfile -t folders < <(probe_mix "$mix")
    fi
    [ ${#folders[@]} -gt 0 ] || { echo "run.sh: mix $mix: no fixture folder reads with both tools" >&2; exit 1; }
    printf '%s\n' "${folders[@]}" >"$OUT/$mix/folders"
    echo "mix $mix: ${#folders[@]} of ${#all[@]} folders: ${folders[*]##*/}" >&2
    # 2. The sweeps.
    run_mix "$mix" "${folders[@]}"
    for folder in "${folders[@]}"; do
        [[ " ${decode_folders[*]} " == *" $folder "* ]] || decode_folders+=("$folder")
    done
done

# 3. Decode alone (no sockets): each folder's joined summary+stats+pools reply, both tools.
mkdir -p "$OUT/decode"
"$bin/fleet-bench" decode "${decode_folders[@]}" --iterations "${DECODE_ITERATIONS:-1000}" --dump "$OUT/decode" \
    >"$OUT/decode.agent.jsonl"
"$PYTHON" Benchmarks/sweep/pyasic_decode.py "$OUT"/decode/*.bin --iterations "${DECODE_ITERATIONS:-1000}" \
    >"$OUT/decode.pyasic.jsonl"

# 4. The tables: medians by wall time, one table per mix.
"$PYTHON" - "$OUT" "$SIZES" "$MODES" "$MIXES" <<'PY'
import json, os, sys
out, sizes, modes, mixes = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4].split()

def median(path):
    """The run with the median wall time, with the best wall time of all runs added."""
    runs = sorted((json.loads(l) for l in open(path) if l.strip()), key=lambda r: r["wall_s"])
    return dict(runs[len(runs) // 2], best_wall_s=runs[0]["wall_s"]), len(runs)

decoded = {r["fixture"]: r for r in map(json.loads, open(os.path.join(out, "decode.agent.jsonl")))}
for mix in mixes:
    folders = [os.path.basename(l.strip()) for l in open(os.path.join(out, mix, "folders")) if l.strip()]
    per_miner = sum(decoded[f]["bytes"] for f in folders) / len(folders)
    print(f"mix {mix}: {len(folders)} folders, {per_miner / 1000:.1f} kB of joined JSON per miner on average: "
          + ", ".join(folders) + "\n")
    print("| miners | tool | ok/failed | wall s | best wall s | miners/s | × pyasic (wall) | CPU s | CPU ms/miner "
          "| × pyasic (CPU) | peak RSS MB | server CPU s | load |")
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        peer, runs = median(os.path.join(out, mix, f"{n}.pyasic.jsonl"))
        rows = [(f"fleet-agent {m}", median(os.path.join(out, mix, f"{n}.agent-{m}.jsonl"))[0]) for m in modes]
        rows.append(("pyasic 0.79.0 multicommand", peer))
        cpu = lambda r: r["cpu_user_s"] + r["cpu_sys_s"]
        for name, r in rows:
            ratio = r["miners_per_s"] / peer["miners_per_s"]
            print(f"| {n} | {name} | {r['ok']}/{r['failed']} | {r['wall_s']:.3f} | {r['best_wall_s']:.3f} "
                  f"| {r['miners_per_s']:.0f} | {ratio:.1f} "
                  f"| {cpu(r):.2f} | {cpu(r) * 1000 / r['reads']:.3f} | {cpu(peer) / cpu(r):.1f} "
                  f"| {r['peak_rss_mb']:.1f} | {r['server_cpu_s']:.2f} | {r['loadavg_before']:.1f} |")
    print(f"\n(median of {runs} runs by wall time)\n")
    for n in sizes:
        for name in [f"agent-{m}" for m in modes] + ["pyasic"]:
            for line in open(os.path.join(out, mix, f"{n}.{name}.jsonl")):
                r = json.loads(line)
                if r["errors"]:
                    print(f"{mix} {n} {name}: {r['failed']} failed: {r['errors']}")
                    break
    print()
print("| fixture | reply bytes | fleet-agent µs/decode | pyasic µs/decode | × pyasic |")
print("| --- | ---: | ---: | ---: | ---: |")
peers = {r["fixture"]: r for r in map(json.loads, open(os.path.join(out, "decode.pyasic.jsonl")))}
for r in decoded.values():
    p = peers[r["fixture"]]
    print(f"| {r['fixture']} | {r['bytes']} | {r['us_per_decode']:.1f} | {p['us_per_decode']:.1f} "
          f"| {p['us_per_decode'] / r['us_per_decode']:.1f} |")
print(f"\n(raw JSON lines in {out})")
PY
