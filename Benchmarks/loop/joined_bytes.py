#!/usr/bin/env python3
"""Each served fixture folder's joined summary+stats+pools reply size, asked of its first address once.

    joined_bytes.py ADDRESSES      # 'HOST:PORT<TAB>fixture' lines; prints {"folders": {fixture: bytes}, "per_miner": bytes}

`per_miner` is the mean over the listed miners (each folder weighted by its copies among them).

The same request and bytes as the read sweep's `fleet-bench decode` (its "kB of joined JSON per miner"), so the
whole loop's mix can be set beside the sweep's mixes.
"""

import json
import socket
import sys

COMMAND = b'{"command":"summary+stats+pools"}'


def reply_bytes(host: str, port: int) -> int:
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(COMMAND)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
            if chunk.endswith(b"\x00"):
                break
    return len(b"".join(chunks).rstrip(b"\x00"))


def main() -> None:
    sizes, total, miners = {}, 0, 0
    for line in open(sys.argv[1]):
        address, fixture = line.rstrip("\n").split("\t")[:2]
        if fixture not in sizes:
            host, port = address.rsplit(":", 1)
            sizes[fixture] = reply_bytes(host, int(port))
        total += sizes[fixture]
        miners += 1
    print(json.dumps({"folders": sizes, "per_miner": round(total / miners) if miners else 0}, indent=1))


if __name__ == "__main__":
    main()
