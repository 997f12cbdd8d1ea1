#!/usr/bin/env python3
"""Measure one run of the `fleet-agent probe --json` binary as a whole process; print one JSON line.

    probe_run.py [--sample-fds] [--output FILE] -- fleet-agent probe --no-gpu --json --miners-file F [--timeout S]

The probe reads at its own width (half the process's socket permits: the open-file soft limit, raised to the hard
limit, less 64), not at fleet-bench's --concurrency. Measured around the process: `wall_s` (monotonic clock from
spawn to exit, so start-up, parsing and printing are in it), `cpu_user_s` / `cpu_sys_s` and `peak_rss_mb` from
`wait4`'s rusage of that child. The NDJSON readings go to a file (not a pipe this process would have to drain while
the probe runs) and are counted afterwards: a reading with status `ok` or `sleeping` is ok, any other failed.

`--sample-fds` counts the probe's open descriptors every few milliseconds (`/proc/PID/fd`) and reports the most seen
as `peak_open_fds`: the width the binary actually reached. Sampling costs CPU, so run.sh does it in a separate run.
The fields are those of `fleet-bench sweep`, so the same tables read them.
"""

import argparse
import collections
import json
import os
import resource
import sys
import tempfile
import time

OK_STATUSES = ("ok", "sleeping")


def run(command, output: str, sample_fds: bool):
    """Spawn `command` with stdout to `output`; returns (wall seconds, exit status, rusage, peak open fds or None)."""
    actions = [(os.POSIX_SPAWN_OPEN, 1, output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
    start = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ, file_actions=actions)
    peak = None
    if sample_fds:
        peak = 0
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            try:
                peak = max(peak, len(os.listdir(f"/proc/{pid}/fd")))
            except OSError:
                pass
            time.sleep(0.002)
    else:
        _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return wall, os.waitstatus_to_exitcode(status), usage, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", help="keep the probe's NDJSON here (default: a temporary file, removed)")
    parser.add_argument("--sample-fds", action="store_true", help="report the most descriptors the probe held open")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the probe command line")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    output = args.output
    if output is None:
        handle, output = tempfile.mkstemp(prefix="probe-run.", suffix=".ndjson")
        os.close(handle)
    try:
        wall, exit_code, usage, peak_fds = run(command, output, args.sample_fds)
        statuses, errors = collections.Counter(), collections.Counter()
        with open(output, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                reading = json.loads(line)
                status = reading.get("status")
                statuses[status] += 1
                if status not in OK_STATUSES:
                    errors[f"{status}: {reading.get('error')}"[:200]] += 1
    finally:
        if args.output is None:
            os.unlink(output)

    miners = sum(statuses.values())
    ok = sum(statuses[s] for s in OK_STATUSES)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = 1 << 20  # what FileDescriptorLimit.raiseToHardLimit raises to then
    result = {
        "tool": "fleet-agent probe",
        "mode": "probe",
        "exit_code": exit_code,
        "miners": miners,
        "repeats": 1,
        # What the probe allows itself: half the permits, the permits being the raised soft limit less 64.
        "concurrency": max(1, (hard - 64) // 2),
        "reads": miners,
        "ok": ok,
        "failed": miners - ok,
        "statuses": dict(statuses.most_common()),
        "errors": [f"{n}x {e}" for e, n in errors.most_common(5)],
        "wall_s": round(wall, 4),
        "cpu_user_s": round(usage.ru_utime, 3),
        "cpu_sys_s": round(usage.ru_stime, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "miners_per_s": round(miners / wall, 1) if wall > 0 else None,
        "open_files_limit": soft,
    }
    if peak_fds is not None:
        result["peak_open_fds"] = peak_fds
    print(json.dumps(result))
    return 0 if exit_code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
