#!/usr/bin/env python3
"""Samples a running `fleet-agent run` once per poll cycle; prints one JSON line per sample.

    sampler.py --pid PID --port PORT --cycles N [--server-pid PID] [--deadline S] [--poll S]

Polls the agent's `/healthz` every `--poll` seconds (0.5 by default: one small request, well under a millisecond of
the agent's CPU); when its `cycles` count goes up, a cycle has just been stored, and the sample is taken at once:

- from `/proc/PID/stat`: user + system CPU seconds of the whole process so far (all threads, exited ones included),
  threads; from `/proc/PID/status`: `VmRSS` and `VmHWM` (the peak RSS so far); the open descriptors;
- from `/healthz`: cycles, overruns, store failures, the last cycle's wall duration;
- the fixture server's CPU seconds (`--server-pid`), the machine's busy CPU seconds (`/proc/stat`) and the 1-minute
  load average, so that what the rest of the shared host did meanwhile can be told apart;
- then `/metrics` (a Prometheus scrape, as a monitoring server would make once per cycle): the agent's own series
  (cycle duration histogram, overruns, readings stored, ledger write time and failures), the `fleet_device_up`
  series counted by value, the exposition's size, and what the scrape cost the agent (its threads' run time from
  `/proc/PID/task/*/schedstat`, nanoseconds, before and after). That CPU lands in the next cycle's figure, as it
  would in production.

Sample 0 is taken when `/healthz` first answers. Stops after cycle N, at the deadline, or when the agent exits.
Loopback only; standard library only.
"""

import argparse
import glob
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

HZ = os.sysconf("SC_CLK_TCK")
AGENT_SERIES = (
    "fleet_agent_cycle_duration_seconds_sum",
    "fleet_agent_cycle_duration_seconds_count",
    "fleet_agent_cycle_overruns_total",
    "fleet_agent_readings_stored_total",
    "fleet_agent_ledger_write_seconds_sum",
    "fleet_agent_ledger_write_seconds_count",
    "fleet_agent_ledger_write_failures_total",
    "fleet_agent_energy_conservation_violations",
)
SERIES_LINE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)")


def process_cpu(pid: int) -> tuple[float, int]:
    """User + system CPU seconds and the thread count of `pid` (`/proc/PID/stat`)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # After the command's closing parenthesis: state is field 3, utime 14, stime 15, num_threads 20 (1-based).
    return (int(fields[11]) + int(fields[12])) / HZ, int(fields[17])


def memory_mb(pid: int) -> tuple[float, float]:
    """`VmRSS` and `VmHWM` of `pid`, MB."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def run_ns(pid: int) -> int:
    """Nanoseconds the live threads of `pid` have run (`/proc/PID/task/*/schedstat`, first field)."""
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass  # a thread that ended meanwhile
    return total


def machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy, all cores (user, nice, system, irq, softirq, steal)."""
    with open("/proc/stat") as f:
        fields = f.readline().split()
    return sum(int(fields[i]) for i in (1, 2, 3, 6, 7, 8)) / HZ


def get(port: int, path: str, timeout: float = 5.0) -> bytes:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
        return response.read()


def parse_metrics(text: str) -> dict:
    """The agent's own series, and the `fleet_device_up` series counted by value."""
    found = {"devices_up": 0, "devices_down": 0}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SERIES_LINE.match(line)
        if not match:
            continue
        name, _, value = match.groups()
        if name in AGENT_SERIES:
            found[name] = float(value)
        elif name == "fleet_device_up":
            found["devices_up" if float(value) == 1 else "devices_down"] += 1
    return found


def sample(args, health: dict) -> dict:
    cpu, threads = process_cpu(args.pid)
    rss, hwm = memory_mb(args.pid)
    record = {
        "t": round(time.monotonic() - args.started, 3),
        "cycles": health["cycles"],
        "overruns": health["overruns"],
        "store_failures": health["store_failures"],
        "last_cycle_s": health["last_cycle_s"],
        "cpu_s": cpu,
        "threads": threads,
        "fds": len(os.listdir(f"/proc/{args.pid}/fd")),
        "rss_mb": round(rss, 1),
        "hwm_mb": round(hwm, 1),
        "machine_busy_s": machine_busy_s(),
        "load1": float(open("/proc/loadavg").read().split()[0]),
    }
    if args.server_pid:
        record["server_cpu_s"] = process_cpu(args.server_pid)[0]
    if health["cycles"] > 0:
        before = run_ns(args.pid)
        start = time.monotonic()
        body = get(args.port, "/metrics", timeout=30)
        record["scrape_wall_s"] = round(time.monotonic() - start, 4)
        record["scrape_cpu_ms"] = round((run_ns(args.pid) - before) / 1e6, 2)
        record["metrics_bytes"] = len(body)
        record["metrics"] = parse_metrics(body.decode("utf-8", "replace"))
    return record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cycles", type=int, required=True)
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--deadline", type=float, default=600, help="seconds before giving up")
    parser.add_argument("--poll", type=float, default=0.5)
    args = parser.parse_args()
    args.started = time.monotonic()

    last = None
    while time.monotonic() - args.started < args.deadline:
        if not os.path.exists(f"/proc/{args.pid}"):
            print(f"sampler: the agent ({args.pid}) exited", file=sys.stderr)
            return 1
        try:
            health = json.loads(get(args.port, "/healthz"))
        except (urllib.error.URLError, OSError, ValueError):
            time.sleep(args.poll)
            continue
        if last is None or health["cycles"] != last:
            print(json.dumps(sample(args, health)), flush=True)
            last = health["cycles"]
            if last >= args.cycles:
                return 0
        time.sleep(args.poll)
    print(f"sampler: {args.deadline} s passed before cycle {args.cycles}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
