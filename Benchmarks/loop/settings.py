#!/usr/bin/env python3
"""The run's settings and the machine's facts, from run.sh's environment: one JSON object on standard output."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from machine import facts  # noqa: E402 - Benchmarks/machine.py, found through the path above

DEFAULTS = {"MINERS": "5000", "CYCLES": "21", "INTERVAL": "10", "PYASIC_SWEEPS": "3", "PYASIC_CONCURRENCY": "64"}


def main() -> None:
    env = os.environ
    changed = [f"{k}={env[k]}" for k, v in DEFAULTS.items() if env[k] != v]
    settings = {
        **facts(),
        "commit": env["RUN_COMMIT"],
        "elapsed_min": int(env["RUN_ELAPSED"]) / 60,
        "command": " ".join(changed + ["Benchmarks/loop/run.sh"]),
        "open_files": env["RUN_OPEN_FILES"],
        "load_start": env["RUN_LOAD_START"],
        "miners": int(env["MINERS"]),
        "cycles": int(env["CYCLES"]),
        "interval_s": float(env["INTERVAL"]),
        "gpu_fixtures": env["GPU_FIXTURES"].split(":"),
        "folders": env["FOLDERS"].split(),
        "pyasic_sweeps": int(env["PYASIC_SWEEPS"]),
        "pyasic_concurrency": int(env["PYASIC_CONCURRENCY"]),
        "agent_exit": int(env["RUN_AGENT_STATUS"]),
        "agent_stop_s": float(env["RUN_STOP_S"]),
    }
    print(json.dumps(settings, indent=1))


if __name__ == "__main__":
    main()
