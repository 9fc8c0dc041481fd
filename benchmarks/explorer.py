"""How fast the graph explorer answers clicks while another member's explorer renders.

    uv run benchmarks/explorer.py [--clicks 24] [--rate 20] [--tautulli-latency 0.08]

Starts the real endpoint (``scripts/serve.py``'s code) in its own process, pointed at a fake
Discord and a fake Tautulli on loopback in this process; the fake Tautulli answers each call
after ``--tautulli-latency`` seconds (80 ms: a Tautulli on the same LAN answering a graph
query) as a server with about 20,000 plays a year and 25 users (answers captured from a real
server, stretched to the time range asked for and scaled). Member A opens ``/graph`` and clicks
through views nobody has drawn yet (graphs, periods, measures), then back through views drawn
in the last minutes. Just before each of A's fresh clicks, member B clicks to a watch-time view
of their own, and A clicks only once B's render is in flight (its first Tautulli call has
arrived), so A's render waits for B's on the shared render limiter; PINGs and ``/uptime``
arrive at ``--rate`` per second. Clicks go through Discord's rules as the tests model them.

Prints how many of A's fresh clicks overlapped B's render, click -> edited-message p50/p95
(targets 500 ms / 1.2 s), the cached view's time (<= 150 ms), the slowest initial response to
any click (< 3 s) and the p99 of the other interactions' initial responses (<= 50 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from nacl.signing import SigningKey

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ack_latency import free_port, wait_ready  # noqa: E402

from interactions_app.explorer.codec import Click as Decoded  # noqa: E402
from interactions_app.explorer.codec import decode  # noqa: E402
from interactions_app.explorer.view import View  # noqa: E402
from tests.fakes.discord import DiscordFake  # noqa: E402
from tests.fakes.discord_driver import DiscordDriver, Sent  # noqa: E402
from tests.fakes.discord_state import FakeMessage  # noqa: E402
from tests.fakes.endpoint import write_config  # noqa: E402
from tests.fakes.interactions import InteractionClient  # noqa: E402
from tests.fakes.tautulli import Answer, FakeTautulli  # noqa: E402

MEMBER_A = "1150000000000000601"
MEMBER_B = "1150000000000000602"
CLICK_GAP = 1.3
"""Seconds between one member's clicks: the explorer allows 8 clicks in 10 s."""
RENDER_START_TIMEOUT = 10.0
"""How long A waits for B's render to reach Tautulli (a view B had drawn never does)."""
EDIT_TIMEOUT = 30.0
PLAYS_PER_YEAR = 20_000
USERS = 25
DATE_SERIES = frozenset(
    {"get_plays_by_date", "get_plays_by_stream_type", "get_concurrent_streams_by_stream_type"}
)
_SAMPLE_PLAYS_PER_DAY = 125.4
"""The captured ``get_plays_by_date``: 3,762 plays in 30 days."""


class ScaledTautulli(FakeTautulli):
    """A server with about 20,000 plays a year and 25 users: date and month series as long as
    the time range asked for (the captured days and months repeated, scaled to that volume)."""

    def _answer(self, path: str, params: Mapping[str, str]) -> Answer:
        answer = super()._answer(path, params)
        cmd = params.get("cmd", "")
        if answer.status != 200 or not (cmd in DATE_SERIES or cmd in _OTHER_SCALED):
            return answer
        envelope = json.loads(answer.body)
        data = envelope["response"]["data"]
        if cmd == "get_users":
            data = [
                {**data[i % len(data)], "user_id": 9_000_000 + i, "username": f"user{i:02}"}
                for i in range(USERS)
            ]
        else:
            length = int(params.get("time_range", "30"))
            data = _stretched(data, length, cmd)
        envelope["response"]["data"] = data
        return Answer(200, json.dumps(envelope).encode())


_OTHER_SCALED = frozenset({"get_plays_per_month", "get_users"})


def _stretched(data: dict[str, Any], length: int, cmd: str) -> dict[str, Any]:
    categories: list[str] = data["categories"]
    if cmd == "get_plays_per_month":
        last = datetime.strptime(categories[-1], "%b %Y")
        months = [(last.year * 12 + last.month - 1) - n for n in range(length)][::-1]
        labels = [datetime(m // 12, m % 12 + 1, 1).strftime("%b %Y") for m in months]
    else:
        last = datetime.strptime(categories[-1], "%Y-%m-%d")
        labels = [(last - timedelta(days=n)).strftime("%Y-%m-%d") for n in range(length)][::-1]
    factor = (
        1.0
        if cmd == "get_concurrent_streams_by_stream_type"
        else (PLAYS_PER_YEAR / 365 / _SAMPLE_PLAYS_PER_DAY)
    )
    series = [
        {**one, "data": [round(one["data"][i % len(one["data"])] * factor) for i in range(length)]}
        for one in data["series"]
    ]
    return {"categories": labels, "series": series}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Member:
    def __init__(self, driver: DiscordDriver, user_id: str) -> None:
        self.driver = driver
        self.user_id = user_id
        self.message: FakeMessage | None = None
        self.acks: list[float] = []
        self.done_at = 0.0
        """``time.monotonic()`` when the last click's change showed."""

    def open(self) -> None:
        sent = self.driver.command("graph", [], user_id=self.user_id)
        self.message = self._wait(lambda: self._drawn(sent.token), "the explorer")

    def _drawn(self, token: str) -> FakeMessage | None:
        message = self.driver.fake.original(token)
        return message if message is not None and message.components else None

    def controls(self) -> list[dict[str, Any]]:
        assert self.message is not None
        return [c for row in self.message.components for c in row["components"]]

    def click(self, component: dict[str, Any], value: str | None = None) -> tuple[Sent, float]:
        """Click; the seconds until the message shows the change (edited or updated at once)."""
        assert self.message is not None
        edits = self.message.edits
        start = time.monotonic()
        sent = self.driver.click(
            self.message,
            component["custom_id"],
            user_id=self.user_id,
            values=None if value is None else [value],
        )
        self.acks.append(time.monotonic() - start)
        message = self.message
        self._wait(lambda: message if message.edits > edits else None, "the edit")
        self.done_at = time.monotonic()
        return sent, self.done_at - start

    def _wait[T](self, found: Callable[[], T | None], what: str) -> T:
        deadline = time.monotonic() + EDIT_TIMEOUT
        while time.monotonic() < deadline:
            value = found()
            if value is not None:
                return value
            time.sleep(0.002)
        raise RuntimeError(f"{what} never arrived")


Click = tuple[dict[str, Any], str | None]
"""A component, and the menu value chosen (None for a button)."""


def views(member: Member) -> list[Click]:
    """Every click that shows a new graph or period from the current message (the measure
    stays: member A counts plays, member B watch time, so they never draw each other's views)."""
    controls = member.controls()
    menu = next(c for c in controls if c["type"] == 3)
    clicks: list[Click] = [
        (c, None)
        for c in controls
        if c["type"] == 2
        and not c.get("disabled")
        and ":v:" in c["custom_id"]
        and not c["label"].startswith("Show ")
    ]
    clicks += [(menu, o["value"]) for o in menu["options"] if not o.get("default")]
    return clicks


class BusyMember:
    """Member B: watch time, then one click to a view not drawn yet whenever asked."""

    def __init__(self, member: Member, tautulli: FakeTautulli) -> None:
        self.member = member
        self.tautulli = tautulli
        self.seen: set[View] = set()
        toggle = next(c for c in member.controls() if c.get("label") == "Show watch time")
        member.click(toggle)
        self.seen.add(shown(member))

    def start_render(self) -> threading.Thread | None:
        """Click in a thread of its own; return once the render has reached Tautulli (None:
        it never did, the view was cached)."""
        component, value = _next_new(self.member, self.seen)
        self.seen.add(target((component, value)))
        before = self._calls()
        thread = threading.Thread(target=self.member.click, args=(component, value), daemon=True)
        thread.start()
        deadline = time.monotonic() + RENDER_START_TIMEOUT
        while self._calls() == before and time.monotonic() < deadline:
            time.sleep(0.001)
        return thread if self._calls() > before else None

    def _calls(self) -> int:
        return sum(1 for r in list(self.tautulli.requests) if r.params.get("y_axis") == "duration")


def other_load(
    client: InteractionClient, rate: float, stop: threading.Event, out: list[float]
) -> None:
    with httpx.Client(base_url=client.base_url, timeout=10) as http:
        index = 0
        start = time.perf_counter()
        while not stop.is_set():
            delay = start + index / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            body = client.base(1) if index % 2 else client.interaction(2, "uptime")
            raw = httpx.Request("POST", "/", json=body).content
            began = time.perf_counter()
            response = http.post("/interactions", content=raw, headers=client.signed_headers(raw))
            out.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise RuntimeError(f"unexpected answer {response.status_code}")
            index += 1


def run(clicks: int, rate: float, latency: float) -> int:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    key = SigningKey.generate()
    with (
        tempfile.TemporaryDirectory() as tmp,
        DiscordFake(bucket_size=1000) as discord,
        ScaledTautulli() as tautulli,
    ):
        tautulli.slow(latency)
        config = Path(tmp) / "config.yaml"
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
                "DATA_DIR": str(Path(tmp) / "data"),
            },
        )
        launcher = "import sys, interactions_app.cli.serve as s; sys.exit(s.main(sys.argv[1:]))"
        command = [sys.executable, "-c", launcher, "--config", str(config)]
        command += ["--port", str(port), "--log-level", "warning"]
        server = subprocess.Popen(command, cwd=tmp, env=env)
        stop = threading.Event()
        threads: list[threading.Thread] = []
        try:
            wait_ready(url, time.monotonic() + 60)
            client = InteractionClient(url, key, application_id=discord.application_id)
            driver = DiscordDriver(client, discord)
            a, b = Member(driver, MEMBER_A), Member(driver, MEMBER_B)
            a.open()
            b.open()
            busy = BusyMember(b, tautulli)
            others: list[float] = []
            threads.append(
                threading.Thread(target=other_load, args=(client, rate, stop, others), daemon=True)
            )
            for thread in threads:
                thread.start()
            fresh: list[float] = []
            overlapped = 0
            visited: list[Click] = []
            seen = {shown(a)}
            for _ in range(clicks):
                component, value = _next_new(a, seen)
                seen.add(target((component, value)))
                visited.append((component, value))
                rendering = busy.start_render()
                clicked_at = time.monotonic()
                sent, took = a.click(component, value)
                if rendering is not None:
                    rendering.join(EDIT_TIMEOUT)
                    overlapped += b.done_at > clicked_at
                if sent.status == 200:
                    fresh.append(took)
                time.sleep(CLICK_GAP)
            cached: list[float] = []
            for _ in range(max(4, clicks // 3)):
                component, value = _revisit(a, visited)
                sent, took = a.click(component, value)
                if sent.status == 202:
                    cached.append(took)
                time.sleep(CLICK_GAP)
        finally:
            stop.set()
            for thread in threads:
                thread.join(EDIT_TIMEOUT)
            server.terminate()
            server.wait(60)
    print(f"{overlapped} of member A's {clicks} fresh clicks overlapped member B's render")
    return 0 if report(fresh, cached, a.acks + b.acks, others, rate, latency) else 1


def ms(values: list[float]) -> list[float]:
    return [value * 1000 for value in values]


def report(
    fresh: list[float],
    cached: list[float],
    acks: list[float],
    others: list[float],
    rate: float,
    latency: float,
) -> bool:
    print(
        f"{len(fresh)} clicks on views not drawn yet and {len(cached)} on drawn ones by member A, "
        f"while member B clicked on; {len(others)} PINGs and /uptime at {rate:g}/s; "
        f"Tautulli answers after {latency * 1000:g} ms"
    )
    f = ms(fresh)
    print(
        f"click -> edited message: p50 {pct(f, 50):.0f} ms  p95 {pct(f, 95):.0f} ms  "
        f"max {max(f):.0f} ms"
    )
    c = ms(cached)
    if c:
        print(f"cached view (type 7): median {statistics.median(c):.0f} ms  max {max(c):.0f} ms")
    print(f"slowest initial response to a click: {max(ms(acks)):.0f} ms")
    o = ms(others)
    print(f"other interactions: p50 {pct(o, 50):.1f} ms  p99 {pct(o, 99):.1f} ms")
    ok = (
        pct(f, 50) <= 500
        and pct(f, 95) <= 1200
        and bool(c)
        and max(c) <= 150
        and max(ms(acks)) < 3000
        and pct(o, 99) <= 50
    )
    targets = "p50 <= 500 ms, p95 <= 1.2 s, cached <= 150 ms, initial < 3 s, other p99 <= 50 ms"
    print(f"targets {targets}:", "met" if ok else "NOT met")
    return ok


def target(click: Click) -> View:
    """The view a click shows."""
    component, value = click
    decoded = decode(component["custom_id"], [] if value is None else [value])
    assert isinstance(decoded, Decoded)
    return decoded.view


def shown(member: Member) -> View:
    """The view the member's explorer shows ("Share in channel" carries it)."""
    share = next(c for c in member.controls() if c.get("label") == "Share in channel")
    return target((share, None))


def _next_new(member: Member, seen: set[View]) -> Click:
    """A click to a view not drawn yet (menu choices last: they keep the period)."""
    options = views(member)
    return next((o for o in options if target(o) not in seen), options[0])


def _revisit(member: Member, visited: list[Click]) -> Click:
    """A click back to a view drawn before (a period button of the current graph)."""
    done = {c["custom_id"] for c, v in visited if v is None}
    options = [o for o in views(member) if o[1] is None]
    return next((o for o in options if o[0]["custom_id"] in done), options[0])


def main() -> int:
    parser = argparse.ArgumentParser(description="Explorer click latency under rendering load")
    parser.add_argument("--clicks", type=int, default=24)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--tautulli-latency", type=float, default=0.08)
    args = parser.parse_args()
    return run(args.clicks, args.rate, args.tautulli_latency)


if __name__ == "__main__":
    raise SystemExit(main())
