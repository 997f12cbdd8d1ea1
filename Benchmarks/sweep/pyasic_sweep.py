#!/usr/bin/env python3
"""The peer of `fleet-bench sweep --mode raw`: pyasic reading the same fixture miners.

For every `host:port<TAB>fixture` line of the addresses file, construct pyasic's RPC class for the fixture's firmware
family directly (no auto-detection: pyasic's MinerFactory probes HTTP first) and call its
`multicommand("summary", "stats", "pools")`: the joined request, pyasic's repair pass and json decode, with its own
fallback to one connection per command. Prints one JSON line with the same fields as fleet-bench.

With `--warm`, one untimed sweep over the same miners with the same objects runs first, as `fleet-bench sweep --mode
polled` does; the figures cover only the sweeps after it.

Needs pyasic 0.79.0 (`.venv-bench/`, see Benchmarks/README.md).
"""

import argparse
import asyncio
import collections
import json
import resource
import sys
import time
import warnings

import pyasic
from pyasic.errors import APIError
from pyasic.rpc.avalonminer import AvalonMinerRPCAPI
from pyasic.rpc.base import BaseMinerRPCAPI
from pyasic.rpc.bmminer import BMMinerRPCAPI
from pyasic.rpc.bosminer import BOSMinerRPCAPI
from pyasic.rpc.btminer import BTMinerRPCAPI
from pyasic.rpc.cgminer import CGMinerRPCAPI
from pyasic.rpc.luxminer import LUXMinerRPCAPI

COMMANDS = ("summary", "stats", "pools")
# What cgminer (and the fixture server) says about a command it does not have (STATUS E, Code 14).
UNSUPPORTED = "Invalid command"


def remember_refusals() -> None:
    """Have every RPC object remember the commands the firmware refused, with pyasic's message.

    When a joined reply has a section with an error STATUS, pyasic's `multicommand` asks each command on its own and
    leaves the refused ones out of its result (BTMinerRPCAPI returns nothing at all). The refusal is only visible as
    the APIError that `send_command` raises, so that is recorded here (`api.refused[command] = message`); pyasic's own
    requests and parsing are unchanged.
    """
    send_command = BaseMinerRPCAPI.send_command

    async def remembering(self, command, *args, **kwargs):
        try:
            return await send_command(self, command, *args, **kwargs)
        except APIError as error:
            self.__dict__.setdefault("refused", {})[command] = str(error)
            raise

    BaseMinerRPCAPI.send_command = remembering


def rpc_class(fixture: str):
    """pyasic's RPC class for a fixture folder `<model>-<firmware>`, as pyasic's own miner classes pick it."""
    name = fixture.lower()
    if "bosminer" in name or "braiins" in name:
        return BOSMinerRPCAPI
    if "luxos" in name or "luxminer" in name:
        return LUXMinerRPCAPI
    if "btminer" in name:
        return BTMinerRPCAPI
    if name.startswith("avalon"):
        return AvalonMinerRPCAPI
    if "bmminer" in name:
        return BMMinerRPCAPI
    return CGMinerRPCAPI


def load_targets(path: str):
    targets = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            address, _, fixture = line.partition("\t")
            host, _, port = address.rpartition(":")
            targets.append((host.strip("[]"), int(port), fixture))
    return targets


def check(data: dict, fixture: str, refused: dict, count_unsupported: bool):
    """None when every command came back with a success STATUS (or, with `count_unsupported`, was refused on its own
    with 'Invalid command', as long as one command came back with data), else what failed."""
    if not any(data.get(command) for command in COMMANDS):
        return f"{fixture}: no command answered with data"
    for command in COMMANDS:
        section = data.get(command)
        if not section:
            if count_unsupported and refused.get(command) == f"{command}: {UNSUPPORTED}":
                continue
            return f"{fixture}: {command}: missing from multicommand result"
        status = section[0].get("STATUS")
        if isinstance(status, list) and status:
            letter = status[0].get("STATUS")
        elif isinstance(status, str):
            letter = status
        else:
            letter = None
        if letter not in ("S", "I"):
            return f"{fixture}: {command}: STATUS {letter}"
    return None


async def sweep(apis, concurrency: int, count_unsupported: bool):
    semaphore = asyncio.Semaphore(concurrency)

    async def one(api, fixture):
        async with semaphore:
            api.__dict__.pop("refused", None)
            try:
                data = await api.multicommand(*COMMANDS, allow_warning=False)
            except Exception as e:  # noqa: BLE001 - every failure is counted, as fleet-bench counts them
                return f"{fixture}: {type(e).__name__}: {e}"[:200]
            return check(data, fixture, api.__dict__.get("refused", {}), count_unsupported)

    return await asyncio.gather(*(one(api, fixture) for api, fixture in apis))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", required=True)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--warm",
        action="store_true",
        help="one untimed sweep over the same miners with the same objects first (fleet-bench's polled mode)",
    )
    parser.add_argument(
        "--count-unsupported",
        action="store_true",
        help="a command the firmware refuses with 'Invalid command' counts as read, as in fleet-bench",
    )
    args = parser.parse_args()
    if args.count_unsupported:
        remember_refusals()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    warnings.simplefilter("ignore")

    targets = load_targets(args.addresses)
    apis = [(rpc_class(fixture)(host, port=port), fixture) for host, port, fixture in targets]
    if args.warm:
        asyncio.run(sweep(apis, args.concurrency, args.count_unsupported))

    start_usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    walls, errors, ok, failed_fixtures = [], collections.Counter(), 0, set()
    for _ in range(args.repeat):
        t = time.perf_counter()
        outcomes = asyncio.run(sweep(apis, args.concurrency, args.count_unsupported))
        walls.append(round(time.perf_counter() - t, 4))
        for (_, fixture), outcome in zip(apis, outcomes):
            if outcome is None:
                ok += 1
            else:
                errors[outcome] += 1
                failed_fixtures.add(fixture)
    wall = time.perf_counter() - start
    end_usage = resource.getrusage(resource.RUSAGE_SELF)

    reads = len(apis) * args.repeat
    print(
        json.dumps(
            {
                "tool": f"pyasic {pyasic.__version__ if hasattr(pyasic, '__version__') else '0.79.0'}",
                "mode": "multicommand",
                "warm": args.warm,
                "count_unsupported": args.count_unsupported,
                "miners": len(apis),
                "repeats": args.repeat,
                "concurrency": args.concurrency,
                "reads": reads,
                "ok": ok,
                "failed": reads - ok,
                "errors": [f"{n}x {e}" for e, n in errors.most_common(5)],
                "failed_fixtures": sorted(failed_fixtures),
                "wall_s": round(wall, 4),
                "wall_s_each": walls,
                "cpu_user_s": round(end_usage.ru_utime - start_usage.ru_utime, 3),
                "cpu_sys_s": round(end_usage.ru_stime - start_usage.ru_stime, 3),
                "peak_rss_mb": round(end_usage.ru_maxrss / 1024, 1),
                "miners_per_s": round(reads / wall, 1),
                "open_files_limit": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
