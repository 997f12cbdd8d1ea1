#!/usr/bin/env python3
"""The peer of `fleet-bench decode`: pyasic 0.79.0's repair pass + json decode + STATUS check on the same bytes.

    fleet-bench decode FOLDER... --dump DIR      # writes DIR/<fixture>.bin
    pyasic_decode.py DIR/*.bin --iterations N    # one JSON line per file
"""

import argparse
import json
import os
import resource
import time

from pyasic.misc import validate_command_output
from pyasic.rpc.base import BaseMinerRPCAPI


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--iterations", type=int, default=2000)
    args = parser.parse_args()
    for path in args.files:
        data = open(path, "rb").read() + b"\x00"
        ok = 0
        start_usage = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        for _ in range(args.iterations):
            if validate_command_output(BaseMinerRPCAPI._load_api_data(data))[0]:
                ok += 1
        wall = time.perf_counter() - start
        end_usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = end_usage.ru_utime - start_usage.ru_utime + end_usage.ru_stime - start_usage.ru_stime
        print(json.dumps({
            "tool": "pyasic 0.79.0", "fixture": os.path.basename(path).removesuffix(".bin"), "bytes": len(data) - 1,
            "iterations": args.iterations, "ok": ok,
            "us_per_decode": round(wall / args.iterations * 1e6, 1), "cpu_s": round(cpu, 3),
            "mb_per_s": round((len(data) - 1) * args.iterations / wall / 1048576, 1),
        }, sort_keys=True))


if __name__ == "__main__":
    main()
