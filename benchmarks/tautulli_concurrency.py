"""Wall time of one graph set fetched from Tautulli, by how many requests are in flight at once.

    uv run benchmarks/tautulli_concurrency.py [--rounds 7] [--work 0.06] [--contention 0.02]
                                              [--caps 1,2,4,8,12]

Tautulli 2.17.2, measured by hand, answered the twelve graph calls of a graph set sent at once
in ~1.1 s, and four at a time (TAUTULLI_MAX_CONCURRENT_REQUESTS' default) in 0.79x that. This
runs the real ``TautulliClient`` (all twelve ``graph`` calls at once) against the fake Tautulli
(in its own process, so it never holds this process's GIL) answering like a GIL-bound server:
each request needs ``--work`` seconds of one shared CPU, and each extra request in flight slows
all of them by ``--contention``. The defaults put the fake near the two measured figures on a
2-core machine (the fake's own threads add to the model), so the table shows what that model
predicts for the other limits; it is no substitute for measuring a real Tautulli. Prints the
median wall time per limit, the bytes received and the ratio to sending everything at once.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import anyio
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from renderer.tautulli import GRAPH_COMMANDS, TautulliClient  # noqa: E402
from tests.fakes.tautulli import FakeTautulli  # noqa: E402


async def fetch_graph_set(client: TautulliClient) -> None:
    """The twelve graph calls of a graph set, all at once (as the pipeline makes them)."""
    async with anyio.create_task_group() as group:
        for command in GRAPH_COMMANDS:
            time_range = 12 if command == "get_plays_per_month" else 30
            group.start_soon(partial(client.graph, command, time_range=time_range))


def serve_fake(work: float, contention: float) -> int:
    """The fake Tautulli: prints its URL and key, answers until stdin closes."""
    with FakeTautulli() as fake:
        fake.share_one_cpu(work, contention)
        print(fake.url, fake.api_key, flush=True)
        sys.stdin.read()
    return 0


class CountingTransport(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.bytes = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        await response.aread()
        self.bytes += len(response.content)
        return response


async def one_limit(url: str, key: str, cap: int, rounds: int) -> tuple[float, int]:
    times: list[float] = []
    transport = CountingTransport()
    async with httpx.AsyncClient(transport=transport) as http:
        client = TautulliClient(url, key, http=http, max_concurrent=cap, cache_ttl=0, retries=0)
        await fetch_graph_set(client)  # warm up: connections, imports
        transport.bytes = 0
        for _ in range(rounds):
            start = time.perf_counter()
            await fetch_graph_set(client)
            times.append(time.perf_counter() - start)
    return statistics.median(times), transport.bytes // rounds


def main() -> int:
    parser = argparse.ArgumentParser(description="Tautulli fetch time by requests in flight")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--work", type=float, default=0.06, help="CPU seconds per request")
    parser.add_argument("--contention", type=float, default=0.02)
    parser.add_argument("--caps", default="1,2,4,8,12")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve_fake(args.work, args.contention)
    command = [sys.executable, __file__, "--serve", f"--work={args.work}"]
    command.append(f"--contention={args.contention}")
    fake = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert fake.stdout is not None
        url, key = fake.stdout.readline().split()
        caps = [int(cap) for cap in args.caps.split(",")]
        results = {cap: asyncio.run(one_limit(url, key, cap, args.rounds)) for cap in caps}
    finally:
        if fake.stdin is not None:
            fake.stdin.close()
        fake.wait(10)
    burst = results[max(caps)][0]
    print(
        f"{len(GRAPH_COMMANDS)} graph calls, fake Tautulli: {args.work * 1000:g} ms CPU each, "
        f"contention {args.contention:g}; median of {args.rounds}"
    )
    print("in flight   wall time   bytes     vs all at once")
    for cap, (wall, size) in results.items():
        print(f"{cap:>9}   {wall:>7.3f} s   {size:>7}   {wall / burst:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
