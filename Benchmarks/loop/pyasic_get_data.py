#!/usr/bin/env python3
"""pyasic's `get_data()` over fixture miners: the peer of one steady-state cycle of `fleet-agent run`.

For every `host:port<TAB>fixture` line of the addresses file, construct pyasic's miner class for the fixture's model
and firmware directly (no auto-detection: pyasic's MinerFactory probes HTTP first; a model pyasic has no class for
gets the class its factory gives an unknown model of that make), point its RPC at the fixture's port, and call
`get_data()`: every RPC command pyasic's data locations need, joined, its repair pass and decode, and its parsing
into `MinerData`.

The fixtures serve only the cgminer RPC. By default each miner's web interface (stock Antminer, Braiins OS) is
replaced by a stand-in that answers every call at once with nothing (`SilentWeb`), so `get_data()` does all its RPC
work and parsing and no HTTP, as the agent does; `--web real` keeps pyasic's own, whose connections the fixture host
refuses (each refusal costs pyasic an HTTP client's set-up, more than the RPC read itself).

The same objects sweep `--sweeps` times, one after another; each sweep's wall time and process CPU seconds
(`getrusage(RUSAGE_SELF)`, user + system, all threads) are measured around it, so imports and object construction
are left out. Sweep 1 is the cold one (first use of every code path); the later ones are the steady state. Prints one
JSON line.

Needs pyasic 0.79.0 (`.venv-bench/`, see Benchmarks/README.md).
"""

import argparse
import asyncio
import collections
import importlib
import importlib.metadata
import json
import os
import resource
import sys
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sweep"))
from pyasic_sweep import load_targets  # noqa: E402 - Benchmarks/sweep/pyasic_sweep.py: the addresses file's reader

# Fixture folder -> pyasic's class for that model and firmware (module, class), as pyasic's own factory would pick it.
# Folders whose model pyasic has no class for get the class its factory gives an unknown model of that make.
MODEL_CLASSES = {
    "antminer-s17plus-bmminer": ("pyasic.miners.antminer.bmminer.X17.S17", "BMMinerS17Plus"),
    "antminer-s19-bmminer": ("pyasic.miners.antminer.bmminer.X19.S19", "BMMinerS19"),
    "antminer-s19pro-bmminer": ("pyasic.miners.antminer.bmminer.X19.S19", "BMMinerS19Pro"),
    "antminer-s9-bmminer": ("pyasic.miners.antminer.bmminer.X9.S9", "BMMinerS9"),
    "antminer-s9-braiins-bosminer-plus": ("pyasic.miners.antminer.bosminer.X9.S9", "BOSMinerS9"),
    "antminer-t17plus-bmminer": ("pyasic.miners.antminer.bmminer.X17.T17", "BMMinerT17Plus"),
    "avalon-1047-cgminer": ("pyasic.miners.avalonminer.cgminer.A10X.A1047", "CGMinerAvalon1047"),
    "avalon-8xx-cgminer": ("pyasic.miners.avalonminer.cgminer.A8X.A821", "CGMinerAvalon821"),
    "avalon-a1566-cgminer": ("pyasic.miners.avalonminer.cgminer.A15X.A1566", "CGMinerAvalon1566"),
}


def unknown_model_class(fixture: str):
    """The class pyasic's factory gives a model of the fixture's make and firmware that it has no class for."""
    from pyasic.miners.factory import MINER_CLASSES, MinerTypes

    name = fixture.lower()
    if "bosminer" in name or "braiins" in name:
        kind = MinerTypes.BRAIINS_OS
    elif "luxos" in name or "luxminer" in name:
        kind = MinerTypes.LUX_OS
    elif "whatsminer" in name:
        kind = MinerTypes.WHATSMINER
    elif name.startswith("avalon"):
        kind = MinerTypes.AVALONMINER
    else:
        kind = MinerTypes.ANTMINER
    return MINER_CLASSES[kind][None]


def miner_class(fixture: str):
    if fixture in MODEL_CLASSES:
        module, name = MODEL_CLASSES[fixture]
        return getattr(importlib.import_module(module), name)
    return unknown_model_class(fixture)


class SilentWeb:
    """A web interface that answers every call at once with nothing (the fixtures serve no HTTP)."""

    def __getattr__(self, name):
        async def call(*args, **kwargs):
            return None

        return call

    async def multicommand(self, *commands, **kwargs):
        return {"multicommand": False}


async def sweep(miners, concurrency: int):
    semaphore = asyncio.Semaphore(concurrency)

    async def one(miner):
        async with semaphore:
            try:
                return await miner.get_data()
            except Exception as e:  # noqa: BLE001 - counted, as the agent counts a failed read
                cause = f" ({type(e.__cause__).__name__}: {e.__cause__})" if e.__cause__ else ""
                return f"{type(e).__name__}: {e}{cause}"[:240]

    return await asyncio.gather(*(one(m) for m in miners))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", required=True)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--sweeps", type=int, default=3)
    parser.add_argument(
        "--web", choices=("stand-in", "real"), default="stand-in", help="the miners' web interface (see above)")
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    warnings.simplefilter("ignore")
    targets = load_targets(args.addresses)
    miners, classes = [], collections.Counter()
    for host, port, fixture in targets:
        cls = miner_class(fixture)
        miner = cls(host)
        miner.rpc.port = port
        if args.web == "stand-in" and getattr(miner, "web", None) is not None:
            miner.web = SilentWeb()
        miners.append(miner)
        classes[f"{fixture}: {cls.__name__}"] += 1

    sweeps, failed_fixtures = [], set()
    for _ in range(args.sweeps):
        before = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        results = asyncio.run(sweep(miners, args.concurrency))
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF)
        errors = collections.Counter(r for r in results if isinstance(r, str))
        failed_fixtures |= {t[2] for t, r in zip(targets, results) if isinstance(r, str)}
        data = [r for r in results if not isinstance(r, str)]
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        sweeps.append(
            {
                "wall_s": round(wall, 3),
                "cpu_s": round(cpu, 3),
                "cpu_ms_per_miner": round(cpu * 1000 / len(miners), 4),
                "with_data": len(data),
                "with_hashrate": sum(1 for d in data if d.hashrate is not None),
                "with_wattage": sum(1 for d in data if d.wattage is not None),
                "exceptions": len(results) - len(data),
                "errors": [f"{n}x {e}" for e, n in errors.most_common(3)],
            }
        )
    print(
        json.dumps(
            {
                "tool": "pyasic",
                "version": importlib.metadata.version("pyasic"),
                "call": "get_data()",
                "web": args.web,
                "miners": len(miners),
                "concurrency": args.concurrency,
                "classes": [f"{n}x {c}" for c, n in sorted(classes.items())],
                "sweeps": sweeps,
                "failed_fixtures": sorted(failed_fixtures),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
