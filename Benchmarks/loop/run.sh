#!/usr/bin/env bash
# Whole-loop benchmark: `fleet-agent run` (release build) polling 5,000 fixture miners, served by `fleet-agent fixtures
# serve` in another process, and 8 GPUs through FakeNVML (the recorded 8x A100 node fixture, loaded through the same
# dlopen path as the real driver) every 10 s for 21 cycles, storing every cycle in a GRDB ledger and serving the API;
# sampled once per cycle from /proc and its own /healthz and /metrics (sampler.py). Then, in the same run and against
# the same fixture miners, pyasic's `get_data()` over the same 5,000 miners (pyasic_get_data.py). Writes its tables
# into Benchmarks/README.md between `<!-- loop: begin -->` and `<!-- loop: end -->` (report.py).
#
#   Benchmarks/loop/run.sh
#   CYCLES=4 MINERS=1000 README_UPDATE=0 Benchmarks/loop/run.sh      # quicker, README untouched
#
# Environment: MINERS (default 5000), CYCLES (cycles sampled, the first included, default 21: the first and 20
# steady ones), INTERVAL (interval_s, default 10), GPU_FIXTURES (colon-separated FakeNVML fixtures, default
# Fixtures/gpus/a100-sxm4-80gb-node.gpu: 8 recorded A100s), FOLDERS (space-separated fixture folders, served
# interleaved; default: every recorded folder that both the agent's probe and pyasic's get_data() read, found by
# serving each once; copies of one folder are distinct devices, identified by their addresses where their replies
# share a MAC or serial),
# PYASIC_SWEEPS (pyasic get_data() sweeps over the same objects, default 3: one cold, then steady), PYASIC_CONCURRENCY
# (default 64), README_UPDATE (default 1; 0 leaves Benchmarks/README.md alone), SCRATCH (SwiftPM scratch path, default
# .build-bench), PYTHON (default .venv-bench/bin/python; created with pyasic 0.79.0 if missing), OUT (folder for the
# config, the ledger, the logs and the raw JSON lines, default a new temporary folder), SKIP_BUILD=1.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
MINERS=${MINERS:-5000}
CYCLES=${CYCLES:-21}
INTERVAL=${INTERVAL:-10}
GPU_FIXTURES=${GPU_FIXTURES:-Fixtures/gpus/a100-sxm4-80gb-node.gpu}
FOLDERS=${FOLDERS:-}
PYASIC_SWEEPS=${PYASIC_SWEEPS:-3}
PYASIC_CONCURRENCY=${PYASIC_CONCURRENCY:-64}
README_UPDATE=${README_UPDATE:-1}
SCRATCH=${SCRATCH:-.build-bench}
PYTHON=${PYTHON:-.venv-bench/bin/python}
OUT=${OUT:-$(mktemp -d /tmp/fleet-loop.XXXXXX)}
mkdir -p "$OUT"
started=$(date +%s)
load_start=$(cut -d' ' -f1 /proc/loadavg)

ulimit -n "$(ulimit -Hn)"

if [ ! -x "$PYTHON" ]; then
    echo "run.sh: $PYTHON missing; creating .venv-bench with pyasic 0.79.0" >&2
    python3 -m venv .venv-bench
    .venv-bench/bin/pip install --quiet pyasic==0.79.0
    PYTHON=.venv-bench/bin/python
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    swift build -c release --scratch-path "$SCRATCH" --product fleet-agent >&2
    swift build -c release --scratch-path "$SCRATCH" --product FakeNVML >&2
fi
bin=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
if [ ! -f "$bin/libFakeNVML.so" ]; then
    echo "run.sh: $bin/libFakeNVML.so missing (swift build --product FakeNVML)" >&2
    exit 1
fi

# shellcheck source=Benchmarks/fixture-server.sh
source Benchmarks/fixture-server.sh
agent_pid=""
sampler_pid=""
# stop: stop the sampler, the agent and the fixture server, those that run.
stop() {
    local pid
    for pid in "$sampler_pid" "$agent_pid"; do
        [ -n "$pid" ] || continue
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    sampler_pid=""
    agent_pid=""
    stop_server
}
trap stop EXIT

# probe_folders FOLDER...: print the folders that both tools read: the agent (`fleet-agent probe`, status ok or
# sleeping) and pyasic (`get_data()` completes), one copy of each served once, as sweep/run.sh picks its mixes.
probe_folders() {
    start_server "$OUT/probe.addresses" fixtures serve "$@"
    cut -f1 "$OUT/probe.addresses" >"$OUT/probe.hostports"
    "$bin/fleet-agent" probe --no-gpu --json --miners-file "$OUT/probe.hostports" >"$OUT/probe.agent.ndjson" \
        2>>"$OUT/probe.log"
    "$PYTHON" Benchmarks/loop/pyasic_get_data.py --addresses "$OUT/probe.addresses" --sweeps 1 \
        >"$OUT/probe.pyasic.json" 2>>"$OUT/probe.log"
    stop_server
    "$PYTHON" -c 'import json, os, sys
fixture = dict(line.rstrip("\n").split("\t") for line in open(sys.argv[1]))
failed = set(json.load(open(sys.argv[3]))["failed_fixtures"])
for line in open(sys.argv[2]):
    r = json.loads(line)
    if r.get("kind") != "asic":
        continue
    if r.get("status") not in ("ok", "sleeping"):
        failed.add(fixture[r["address"]])
for folder in sys.argv[4:]:
    if os.path.basename(folder) not in failed:
        print(folder)' "$OUT/probe.addresses" "$OUT/probe.agent.ndjson" "$OUT/probe.pyasic.json" "$@"
}

# 1. The fixture miners: FOLDERS, or every recorded folder that both tools read; interleaved, MINERS of them, and
# each folder's joined summary+stats+pools reply size (the read sweep's kB of JSON per miner).
paths=()
if [ -n "$FOLDERS" ]; then
    read -r -a folders <<<"${FOLDERS//$'\n'/ }"
    for folder in "${folders[@]}"; do
        [ -f "Fixtures/miners/$folder/fixture.json" ] || { echo "run.sh: no fixture folder $folder" >&2; exit 1; }
        paths+=("Fixtures/miners/$folder")
    done
else
    all=()
    for dir in Fixtures/miners/*/; do
        [ -f "$dir/fixture.json" ] && all+=("${dir%/}")
    done
    probe_folders "${all[@]}" >"$OUT/folders"
    mapfile -t paths <"$OUT/folders"
    [ ${#paths[@]} -gt 0 ] || { echo "run.sh: no fixture folder reads with both tools" >&2; exit 1; }
    echo "folders both tools read: ${#paths[@]} of ${#all[@]}: ${paths[*]##*/}" >&2
fi
folders=("${paths[@]##*/}")
copies=$(((MINERS + ${#paths[@]} - 1) / ${#paths[@]}))
start_server "$OUT/all.addresses" fixtures serve "${paths[@]}" --copies "$copies"
head -n "$MINERS" "$OUT/all.addresses" >"$OUT/miners.addresses"
cut -f1 "$OUT/miners.addresses" >"$OUT/miners.txt"
"$PYTHON" Benchmarks/loop/joined_bytes.py "$OUT/miners.addresses" >"$OUT/joined.json"
echo "serving $(wc -l <"$OUT/miners.txt") fixture miners (${#folders[@]} folders)" >&2

# 2. FakeNVML: a copy of the library as libnvidia-ml.so.1 with its settings file beside it (FakeNVMLLocator's
# makeInstance), so nothing else's settings apply; the agent loads it by path, through its dlopen path.
mkdir -p "$OUT/nvml" "$OUT/ledger"
cp "$bin/libFakeNVML.so" "$OUT/nvml/libnvidia-ml.so.1"
fixtures=()
IFS=: read -r -a gpu_files <<<"$GPU_FIXTURES"
for file in "${gpu_files[@]}"; do fixtures+=("$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"); done
printf 'fixture = %s\njournal = %s\n' "$(IFS=:; echo "${fixtures[*]}")" "$OUT/nvml/journal" \
    >"$OUT/nvml/libnvidia-ml.so.1.conf"

# 3. The agent's config, and the agent.
cat >"$OUT/agent.yaml" <<EOF
host: loopbench
interval_s: $INTERVAL
miners_file: miners.txt
gpus: true
nvml_library: nvml/libnvidia-ml.so.1
ledger: ledger/ledger.sqlite
http: { listen: "127.0.0.1:0" }
EOF
FLEET_AGENT_LOG_LEVEL=notice "$bin/fleet-agent" run --config "$OUT/agent.yaml" 2>"$OUT/agent.log" &
agent_pid=$!
port=
for _ in $(seq 600); do
    port=$(sed -n 's/.*API listening on .*(port \([0-9]*\)).*/\1/p' "$OUT/agent.log" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$agent_pid" 2>/dev/null || { cat "$OUT/agent.log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$port" ] || { echo "run.sh: the agent's API did not come up in 60 s" >&2; exit 1; }
echo "agent $agent_pid on port $port: sampling $CYCLES cycles of ${INTERVAL} s" >&2

# 4. One sample per cycle until cycle CYCLES (bounded: a minute past the cycles' time).
"$PYTHON" Benchmarks/loop/sampler.py --pid "$agent_pid" --port "$port" --cycles "$CYCLES" \
    --server-pid "$server_pid" --deadline $((CYCLES * INTERVAL + 60)) >"$OUT/samples.jsonl" &
sampler_pid=$!
wait "$sampler_pid"
sampler_pid=

# 5. SIGTERM: the cycle in progress finishes, the ledger closes, exit 0 (SIGKILL after 30 s).
stop_began=$(date +%s%N)
kill -TERM "$agent_pid"
for _ in $(seq 300); do
    kill -0 "$agent_pid" 2>/dev/null || break
    sleep 0.1
done
kill -0 "$agent_pid" 2>/dev/null && kill -KILL "$agent_pid"
agent_status=0
wait "$agent_pid" || agent_status=$?
agent_pid=
stop_ms=$((($(date +%s%N) - stop_began) / 1000000))
stop_s=$((stop_ms / 1000)).$(printf %03d $((stop_ms % 1000)))
echo "agent stopped: exit $agent_status in ${stop_s} s" >&2

# 6. pyasic get_data() over the same miners, from the same server (bounded to 10 minutes).
timeout 600 "$PYTHON" Benchmarks/loop/pyasic_get_data.py --addresses "$OUT/miners.addresses" \
    --sweeps "$PYASIC_SWEEPS" --concurrency "$PYASIC_CONCURRENCY" >"$OUT/pyasic.json"
stop

# 7. The tables; into the README too unless README_UPDATE=0.
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit (with uncommitted changes)"
RUN_COMMIT=$commit RUN_ELAPSED=$(($(date +%s) - started)) RUN_LOAD_START=$load_start RUN_OPEN_FILES=$(ulimit -n) \
    RUN_AGENT_STATUS=$agent_status RUN_STOP_S=$stop_s MINERS=$MINERS CYCLES=$CYCLES INTERVAL=$INTERVAL \
    GPU_FIXTURES=$GPU_FIXTURES FOLDERS="${folders[*]}" PYASIC_SWEEPS=$PYASIC_SWEEPS \
    PYASIC_CONCURRENCY=$PYASIC_CONCURRENCY "$PYTHON" Benchmarks/loop/settings.py >"$OUT/settings.json"
readme=()
[ "$README_UPDATE" = 1 ] && readme=(--readme Benchmarks/README.md)
"$PYTHON" Benchmarks/loop/report.py "$OUT" "${readme[@]}"
echo "(config, ledger, logs and raw JSON lines in $OUT)"
