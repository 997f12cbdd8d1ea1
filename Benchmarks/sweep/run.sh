#!/usr/bin/env bash
# Read-sweep benchmark: fleet-agent (fleet-bench and the `fleet-agent probe` binary, release build) against pyasic
# 0.79.0 on the same fixture miners, served over loopback TCP by `fleet-agent fixtures serve` in a separate process
# (its CPU is not counted); then the probe binary against SYNTHETIC failing miners (`fixtures misbehave`). Writes its
# tables into Benchmarks/README.md between `<!-- run.sh: begin -->` and `<!-- run.sh: end -->`.
#
#   Benchmarks/sweep/run.sh                 # 1000 and 5000 miners, 3 runs each, medians
#   SIZES="1000" RUNS=1 README_UPDATE=0 Benchmarks/sweep/run.sh
#
# Two fixture mixes (MIXES, default "complete answered"): `complete` serves the folders whose summary, stats and pools
# both tools read with a success STATUS; `answered` also the folders where some of the three are refused with
# 'Invalid command' (counted as read by both tools, as on a real miner without that command).
#
# Environment: SIZES (miner counts, default "1000 5000"), RUNS (runs per tool, size and failure scenario, default 3;
# the median by wall time is reported), MODES (fleet-agent rows, default "raw reading polled probe": the three
# `fleet-bench sweep --mode`s and `probe`, the `fleet-agent probe --no-gpu --json --miners-file` binary at its own
# width), PROBE_OPTIONS (more probe options in the sweeps, default none), PYASIC (pyasic rows, default "cold warm":
# a fresh sweep, and one after an untimed sweep as `polled` has),
# CONCURRENCY (fleet-bench's reads in flight, default 64 = CGMinerClient.readMany's default), PYASIC_CONCURRENCY
# (default: CONCURRENCY), FAILURES (default 1; 0 skips the failing miners), FAILURE_SCENARIOS (BEHAVIOR:COUNT:TIMEOUT
# words, default "hang:3000:1 endless:300:3"), WIDTH_SAMPLE (default 1: one more probe run per size and scenario
# counts the descriptors the probe holds open; 0 skips it), README_UPDATE (default 1; 0 leaves Benchmarks/README.md
# alone), SCRATCH (SwiftPM scratch path, default .build-bench), PYTHON (default .venv-bench/bin/python), OUT (folder
# for the raw JSON lines, default a temporary folder), SKIP_BUILD=1, DECODE_ITERATIONS (decode-only loop, default
# 1000; 0 skips it), FOLDERS (space-separated fixture folders to serve instead of the mixes: one mix, `folders`).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
SIZES=${SIZES:-"1000 5000"}
RUNS=${RUNS:-3}
CONCURRENCY=${CONCURRENCY:-64}
PYASIC_CONCURRENCY=${PYASIC_CONCURRENCY:-$CONCURRENCY}
SCRATCH=${SCRATCH:-.build-bench}
PYTHON=${PYTHON:-.venv-bench/bin/python}
MODES=${MODES:-"raw reading polled probe"}
PYASIC=${PYASIC:-"cold warm"}
MIXES=${MIXES:-"complete answered"}
FAILURES=${FAILURES:-1}
FAILURE_SCENARIOS=${FAILURE_SCENARIOS:-"hang:3000:1 endless:300:3"}
WIDTH_SAMPLE=${WIDTH_SAMPLE:-1}
PROBE_OPTIONS=${PROBE_OPTIONS:-}
README_UPDATE=${README_UPDATE:-1}
DECODE_ITERATIONS=${DECODE_ITERATIONS:-1000}
OUT=${OUT:-$(mktemp -d /tmp/fleet-sweep.XXXXXX)}
mkdir -p "$OUT"
started=$(date +%s)
load_start=$(cut -d' ' -f1 /proc/loadavg)

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

# shellcheck source=Benchmarks/fixture-server.sh
source Benchmarks/fixture-server.sh
trap stop_server EXIT

# serve FILE COPIES FOLDER...: start the fixture server in the background and wait for its addresses file.
serve() {
    local file=$1 copies=$2
    shift 2
    start_server "$file" fixtures serve "$@" --copies "$copies"
}

# server_cpu: the fixture server's user+system CPU seconds so far.
server_cpu() {
    awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$server_pid/stat"
}

# machine_cpu: CPU seconds the whole machine has been busy so far, all cores (user, nice, system, irq, softirq, steal).
machine_cpu() {
    awk -v hz="$(getconf CLK_TCK)" '/^cpu / {printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat
}

# children_cpu: user+system CPU seconds of this shell's finished children so far (bash's `times`, second line; run in
# this shell, not a subshell, whose children would be others).
children_cpu() {
    times >"$OUT/times"
    awk 'NR == 2 {
        for (i = 1; i <= 2; i++) { split($i, t, "m"); s += t[1] * 60 + substr(t[2], 1, length(t[2]) - 1) }
        printf "%.2f", s
    }' "$OUT/times"
}

# measure FILE COMMAND...: run one sweep, append its JSON line to FILE with the server's CPU seconds during the run,
# the CPU seconds everything else on the machine took meanwhile (the host is shared), and the machine's 1-minute load
# average before it.
measure() {
    local file=$1 line before after load mine_before mine_after busy_before busy_after
    shift
    load=$(cut -d' ' -f1 /proc/loadavg)
    before=$(server_cpu)
    children_cpu >"$OUT/children.before"
    busy_before=$(machine_cpu)
    line=$("$@" 2>>"$OUT/stderr.log")
    busy_after=$(machine_cpu)
    children_cpu >"$OUT/children.after"
    after=$(server_cpu)
    mine_before=$(cat "$OUT/children.before")
    mine_after=$(cat "$OUT/children.after")
    "$PYTHON" -c 'import json, sys
r = json.loads(sys.argv[1])
before, after, load, mine_before, mine_after, busy_before, busy_after = map(float, sys.argv[2:])
r["server_cpu_s"] = round(after - before, 2)
r["other_cpu_s"] = round(max(0.0, (busy_after - busy_before) - (mine_after - mine_before) - (after - before)), 2)
r["loadavg_before"] = load
print(json.dumps(r))' "$line" "$before" "$after" "$load" "$mine_before" "$mine_after" "$busy_before" "$busy_after" \
        >>"$file"
}

# probe MINERS-FILE [OPTION...]: the probe binary over the miners of an addresses file, measured as a whole process
# (probe_run.py; its first options, up to --, are probe_run.py's).
probe() {
    local file=$1 own=()
    shift
    while [ $# -gt 0 ] && [ "$1" != -- ]; do own+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    cut -f1 "$file" >"$file.hostports"
    "$PYTHON" Benchmarks/sweep/probe_run.py "${own[@]}" -- \
        "$bin/fleet-agent" probe --no-gpu --json --miners-file "$file.hostports" "$@" 2>>"$OUT/stderr.log"
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
    local mix=$1 flag=() max=0 copies n run mode kind
    shift
    [ "$mix" = answered ] && flag=(--count-unsupported)
    for n in $SIZES; do [ "$n" -gt "$max" ] && max=$n; done
    copies=$(((max + $# - 1) / $#))
    serve "$OUT/$mix/all.addresses" "$copies" "$@"
    for n in $SIZES; do
        head -n "$n" "$OUT/$mix/all.addresses" >"$OUT/$mix/$n.addresses"
        for run in $(seq "$RUNS"); do
            for mode in $MODES; do
                if [ "$mode" = probe ]; then
                    # shellcheck disable=SC2086 # PROBE_OPTIONS is a list of words
                    measure "$OUT/$mix/$n.agent-probe.jsonl" probe "$OUT/$mix/$n.addresses" -- $PROBE_OPTIONS
                    continue
                fi
                local extra=()
                [ "$mode" = raw ] && extra=("${flag[@]}")
                measure "$OUT/$mix/$n.agent-$mode.jsonl" \
                    "$bin/fleet-bench" sweep --addresses "$OUT/$mix/$n.addresses" --mode "$mode" \
                    --concurrency "$CONCURRENCY" "${extra[@]}"
            done
            for kind in $PYASIC; do
                local warm=()
                [ "$kind" = warm ] && warm=(--warm)
                measure "$OUT/$mix/$n.pyasic-$kind.jsonl" \
                    "$PYTHON" Benchmarks/sweep/pyasic_sweep.py --addresses "$OUT/$mix/$n.addresses" \
                    --concurrency "$PYASIC_CONCURRENCY" "${flag[@]}" "${warm[@]}"
            done
        done
        if [[ " $MODES " == *" probe "* ]] && [ "$WIDTH_SAMPLE" = 1 ]; then
            # shellcheck disable=SC2086
            probe "$OUT/$mix/$n.addresses" --sample-fds -- $PROBE_OPTIONS >"$OUT/$mix/$n.probe-width.json"
        fi
    done
    stop_server
}

# run_failures: each FAILURE_SCENARIOS word BEHAVIOR:COUNT:TIMEOUT: COUNT miners that misbehave so, read RUNS times
# by the probe binary with --timeout TIMEOUT.
run_failures() {
    local scenario behavior count timeout run
    mkdir -p "$OUT/failures"
    for scenario in $FAILURE_SCENARIOS; do
        IFS=: read -r behavior count timeout <<<"$scenario"
        start_server "$OUT/failures/$behavior.addresses" fixtures misbehave "$behavior" --count "$count"
        for run in $(seq "$RUNS"); do
            measure "$OUT/failures/$behavior-$count.jsonl" \
                probe "$OUT/failures/$behavior.addresses" -- --timeout "$timeout"
        done
        if [ "$WIDTH_SAMPLE" = 1 ]; then
            probe "$OUT/failures/$behavior.addresses" --sample-fds -- --timeout "$timeout" \
                >"$OUT/failures/$behavior-$count.width.json"
        fi
        stop_server
        echo "failures: $scenario done" >&2
    done
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

# 3. Failing miners, through the probe binary.
[ "$FAILURES" = 1 ] || FAILURE_SCENARIOS=
[ -z "$FAILURE_SCENARIOS" ] || run_failures

# 4. Decode alone (no sockets): each folder's joined summary+stats+pools reply, both tools.
if [ "$DECODE_ITERATIONS" != 0 ]; then
    mkdir -p "$OUT/decode"
    "$bin/fleet-bench" decode "${decode_folders[@]}" --iterations "$DECODE_ITERATIONS" --dump "$OUT/decode" \
        >"$OUT/decode.agent.jsonl"
    "$PYTHON" Benchmarks/sweep/pyasic_decode.py "$OUT"/decode/*.bin --iterations "$DECODE_ITERATIONS" \
        >"$OUT/decode.pyasic.jsonl"
fi

# 5. The tables: medians by wall time, one table per mix, then the failing miners, decoding and the issue's goals;
# into the README too unless README_UPDATE=0.
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit (with uncommitted changes)"
RUN_COMMIT=$commit RUN_ELAPSED=$(($(date +%s) - started)) RUN_LOAD_START=$load_start RUN_OPEN_FILES=$(ulimit -n) \
    SIZES=$SIZES RUNS=$RUNS MIXES=$MIXES MODES=$MODES PYASIC=$PYASIC CONCURRENCY=$CONCURRENCY \
    PROBE_OPTIONS=$PROBE_OPTIONS \
    FAILURE_SCENARIOS=$FAILURE_SCENARIOS DECODE_ITERATIONS=$DECODE_ITERATIONS "$PYTHON" - "$OUT/settings.json" <<'PY'
import json, os, sys
sys.path.insert(0, "Benchmarks")
from machine import facts
env = os.environ

knobs = ["SIZES", "RUNS", "MIXES", "MODES", "PYASIC", "CONCURRENCY", "PROBE_OPTIONS", "FAILURE_SCENARIOS"]
settings = {
    **facts(),
    "commit": env["RUN_COMMIT"],
    "elapsed_min": int(env["RUN_ELAPSED"]) / 60,
    "command": " ".join(f"{k}={json.dumps(env[k]) if ' ' in env[k] else env[k]}" for k in knobs if env[k])
    + " Benchmarks/sweep/run.sh",
    "open_files": env["RUN_OPEN_FILES"],
    "load_start": env["RUN_LOAD_START"],
    "sizes": env["SIZES"].split(),
    "runs": int(env["RUNS"]),
    "modes": env["MODES"].split(),
    "pyasic_rows": env["PYASIC"].split(),
    "mixes": env["MIXES"].split(),
    "failure_scenarios": env["FAILURE_SCENARIOS"].split(),
    "decode_iterations": int(env["DECODE_ITERATIONS"]),
}
with open(sys.argv[1], "w") as f:
    json.dump(settings, f, indent=1)
PY
readme=()
[ "$README_UPDATE" = 1 ] && readme=(--readme Benchmarks/README.md)
"$PYTHON" Benchmarks/sweep/report.py "$OUT" "${readme[@]}"
echo "(raw JSON lines in $OUT)"
