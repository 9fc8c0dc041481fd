"""Initial-response latency of the interactions endpoint while graphs render in the background.

    uv run benchmarks/ack_latency.py [--rate 50] [--seconds 20] [--renders 1]
                                     [--switch-interval 0.0005] [--idle]

Starts the real endpoint (``scripts/serve.py``'s code, with its switch interval) in its own
process, pointed at a fake Discord and a fake Tautulli on loopback in this process. One loop
keeps ``/update_graphs`` running back to back (twelve graphs rendered, posted through the
webhook), while signed PINGs and ``/uptime`` commands arrive at ``--rate`` per second on an
open-loop schedule. Prints p50/p95/p99/max of the initial-response latency and the endpoint's
peak RSS. Target: p99 <= 50 ms, max < 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from nacl.signing import SigningKey

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interactions_app.cli.serve import SWITCH_INTERVAL  # noqa: E402
from tests.fakes.discord import DiscordFake  # noqa: E402
from tests.fakes.endpoint import write_config  # noqa: E402
from tests.fakes.interactions import InteractionClient  # noqa: E402
from tests.fakes.tautulli import FakeTautulli  # noqa: E402

ADMIN = "32"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_ready(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the endpoint did not start")


async def render_loop(url: str, client: InteractionClient, stop: asyncio.Event) -> int:
    """``/update_graphs`` back to back: the next starts when ``/healthz`` shows no jobs left."""
    runs = 0
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        while not stop.is_set():
            body = client.interaction(2, "update_graphs", permissions=ADMIN)
            raw = json.dumps(body, separators=(",", ":")).encode()
            await http.post("/interactions", content=raw, headers=client.signed_headers(raw))
            while not stop.is_set():
                await asyncio.sleep(0.1)
                if (await http.get("/healthz")).json()["jobs"] == 0:
                    runs += 1
                    break
    return runs


async def load(url: str, client: InteractionClient, rate: float, seconds: float) -> list[float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=url, timeout=10, limits=limits) as http:

        async def one(index: int) -> None:
            body = client.base(1) if index % 2 else client.interaction(2, "uptime")
            raw = json.dumps(body, separators=(",", ":")).encode()
            headers = client.signed_headers(raw)
            start = time.perf_counter()
            response = await http.post("/interactions", content=raw, headers=headers)
            latencies.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"unexpected answer {response.status_code}: {response.text}")

        tasks: list[asyncio.Task[None]] = []
        start = time.perf_counter()
        total = int(rate * seconds)
        for index in range(total):
            delay = start + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(index)))
        await asyncio.gather(*tasks)
    return latencies


async def measure(
    url: str, client: InteractionClient, args: argparse.Namespace
) -> tuple[list[float], int]:
    stop = asyncio.Event()
    if args.idle:
        return await load(url, client, args.rate, args.seconds), 0
    renders = asyncio.create_task(render_loop(url, client, stop))
    await asyncio.sleep(1.0)  # let the first render get going
    latencies = await load(url, client, args.rate, args.seconds)
    stop.set()
    return latencies, await renders


def serve_fakes(config: Path, renders: int) -> int:
    """The fake Discord and Tautulli, in their own process so they never hold the measuring
    process's GIL; writes the endpoint's config, prints its public key, runs until stdin closes."""
    key = SigningKey.generate()
    with DiscordFake(bucket_size=1000) as discord, FakeTautulli() as tautulli:
        write_config(
            config,
            {
                "TAUTULLI_URL": tautulli.url,
                "TAUTULLI_API_KEY": tautulli.api_key,
                "DISCORD_APPLICATION_ID": discord.application_id,
                "DISCORD_PUBLIC_KEY": key.verify_key.encode().hex(),
                "DISCORD_BOT_TOKEN": discord.bot_token,
                "DISCORD_API_BASE": discord.api_base,
                "DISCORD_WEBHOOK_URL": discord.create_webhook().url,
                "DATA_DIR": str(config.parent / "data"),
                "MAX_CONCURRENT_RENDERS": renders,
                "UPDATE_GRAPHS_GLOBAL_COOLDOWN_SECONDS": 0,
            },
        )
        print(bytes(key).hex(), discord.application_id, flush=True)
        sys.stdin.read()
    return 0


def run(args: argparse.Namespace) -> int:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.yaml"
        fakes = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve-fakes",
                str(config),
                "--renders",
                str(args.renders),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert fakes.stdin is not None and fakes.stdout is not None
        seed, application_id = fakes.stdout.readline().split()
        # scripts/serve.py, with the switch interval under test.
        launcher = (
            "import sys, interactions_app.cli.serve as serve; "
            "serve.SWITCH_INTERVAL = float(sys.argv[1]); sys.exit(serve.main(sys.argv[2:]))"
        )
        command = [sys.executable, "-c", launcher, str(args.switch_interval), "--config"]
        command += [str(config), "--port", str(port), "--log-level", "warning"]
        server = subprocess.Popen(command, cwd=tmp, env=env)
        try:
            wait_ready(url, time.monotonic() + 60)
            key = SigningKey(bytes.fromhex(seed))
            client = InteractionClient(url, key, application_id=application_id)
            latencies, rendered = asyncio.run(measure(url, client, args))
            rss = peak_rss_mib(server.pid)
        finally:
            server.terminate()
            server.wait(60)
            fakes.stdin.close()
            fakes.wait(60)
    ms = sorted(latency * 1000 for latency in latencies)

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, round(p / 100 * (len(ms) - 1)))]

    print(
        f"{len(ms)} signed interactions at {args.rate:g}/s for {args.seconds:g} s, "
        f"{rendered} /update_graphs runs (12 graphs each) completed meanwhile, "
        f"MAX_CONCURRENT_RENDERS={args.renders}, switch interval {args.switch_interval * 1000:g} ms"
    )
    print(
        f"initial response: p50 {pct(50):.1f} ms  p95 {pct(95):.1f} ms  p99 {pct(99):.1f} ms  "
        f"max {ms[-1]:.1f} ms  (mean {statistics.fmean(ms):.1f} ms)"
    )
    print(f"endpoint peak RSS: {rss:.0f} MiB")
    ok = pct(99) <= 50 and ms[-1] < 1000
    print("target p99 <= 50 ms, max < 1 s:", "met" if ok else "NOT met")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description="Initial-response latency under rendering load")
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--renders", type=int, default=1, help="MAX_CONCURRENT_RENDERS")
    parser.add_argument(
        "--switch-interval",
        type=float,
        default=SWITCH_INTERVAL,
        help="sys.setswitchinterval of the endpoint (serve.py's default; Python's is 0.005)",
    )
    parser.add_argument("--idle", action="store_true", help="no rendering: the noise floor")
    parser.add_argument("--serve-fakes", metavar="CONFIG", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fakes is not None:
        return serve_fakes(args.serve_fakes, args.renders)
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
