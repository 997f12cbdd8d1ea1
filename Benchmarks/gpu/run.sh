#!/usr/bin/env bash
# GPU sample cost: fleet-agent's NVML reader (nvml-bench, release build) vs NVIDIA's pynvml, both reading
# the same FakeNVML library file in the same run. Prints CPU microseconds per GPU per sample and the ratio.
#
#   Benchmarks/gpu/run.sh [SAMPLES] [FIXTURE]
#
# Env: SCRATCH (SwiftPM scratch path, default .build), PYTHON (default python3).
# nvidia-ml-py is installed from PyPI with `pip install --target` into the scratch folder (never the source tree).
set -euo pipefail
cd "$(dirname "$0")/../.."
SAMPLES=${1:-2000}
FIXTURE=${2:-Fixtures/gpus/a100-sxm4-80gb-node.gpu}
SCRATCH=${SCRATCH:-.build}
PYTHON=${PYTHON:-python3}
PYNVML_VERSION=13.615.71

swift build -c release --scratch-path "$SCRATCH" --product nvml-bench >&2
swift build -c release --scratch-path "$SCRATCH" --product FakeNVML >&2
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)

PYDIR="$SCRATCH/nvml-pypi/bench-nvidia-ml-py"
if [ ! -f "$PYDIR/pynvml.py" ]; then
    "$PYTHON" -m pip install --disable-pip-version-check --no-deps --no-compile --quiet --target "$PYDIR" \
        "nvidia-ml-py==$PYNVML_VERSION" >&2 || {
        echo "run.sh: cannot install nvidia-ml-py==$PYNVML_VERSION from PyPI" >&2
        exit 1
    }
fi

# One copy of FakeNVML, named as NVIDIA's library, with its settings beside it: both readers load this file.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$BIN/libFakeNVML.so" "$WORK/libnvidia-ml.so.1"
printf 'fixture = %s\n' "$(realpath "$FIXTURE")" > "$WORK/libnvidia-ml.so.1.conf"

agent=$("$BIN/nvml-bench" "$WORK/libnvidia-ml.so.1" "$SAMPLES")
peer=$(LD_LIBRARY_PATH="$WORK" PYTHONPATH="$PYDIR" PYTHONDONTWRITEBYTECODE=1 "$PYTHON" \
    Benchmarks/gpu/pynvml_bench.py "$SAMPLES")
echo "$agent"
echo "$peer"
"$PYTHON" - "$agent" "$peer" <<'PY'
import json, sys
a, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print("fixture GPUs: %d, samples: %d" % (a["gpus"], a["samples"]))
print("fleet-agent readAll : %8.3f us CPU per GPU per sample" % a["cpu_us_per_gpu_sample"])
print("fleet-agent raw     : %8.3f us CPU per GPU per sample" % a["cpu_us_per_gpu_raw_sample"])
print("pynvml              : %8.3f us CPU per GPU per sample" % p["cpu_us_per_gpu_sample"])
print("pynvml / fleet-agent: %8.1fx" % (p["cpu_us_per_gpu_sample"] / a["cpu_us_per_gpu_sample"]))
PY
