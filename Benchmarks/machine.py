"""The machine a benchmark ran on, for the header of its tables: imported by the benchmarks' settings scripts."""

import importlib.metadata
import os
import platform
import subprocess
import time


def proc_field(path: str, key: str) -> str:
    with open(path) as f:
        return next(line.split(":", 1)[1].strip() for line in f if line.startswith(key))


def facts() -> dict:
    """Date, cores, CPU model, memory, kernel, Swift, Python and pyasic versions, and the load average now."""
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": os.cpu_count(),
        "cpu": proc_field("/proc/cpuinfo", "model name"),
        "memory_gib": int(proc_field("/proc/meminfo", "MemTotal").split()[0]) / 1048576,
        "kernel": "Linux " + platform.release(),
        "swift": subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0].strip(),
        "python": platform.python_version(),
        "pyasic": importlib.metadata.version("pyasic"),
        "load_end": open("/proc/loadavg").read().split()[0],
    }
