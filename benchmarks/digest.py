"""Wall time of one scheduled digest: Tautulli calls, aggregation, chart, message, post.

    uv run benchmarks/digest.py [--rounds 5] [--latency 0.08] [--days 420] [--plays-per-day 30]

Runs the real ``post_digest`` with the real gathering (``renderer.digest``: every Tautulli call
at once) against the fake Tautulli answering from a generated play log (``--days`` of plays,
``--plays-per-day`` on average, 7 users, 4 libraries), each answer delayed by ``--latency``
seconds like a Tautulli on the LAN, and posts to the fake Discord, both on loopback in this
process (their threads share this process's GIL, so the figure is on the safe side). Each round
starts from a fresh state file, so each posts. Prints the median and the slowest round, and how
many Tautulli calls a digest makes. Target: at most 1.5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gettext
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import anyio
import msgspec

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interactions_app.config import Config  # noqa: E402
from interactions_app.digest.produce import make_digest  # noqa: E402
from interactions_app.discord import DiscordRest  # noqa: E402
from interactions_app.posting import PostContext, post_digest  # noqa: E402
from interactions_app.state import StateStore  # noqa: E402
from renderer import setup_style  # noqa: E402
from renderer.tautulli import TautulliClient  # noqa: E402
from tests.fakes.discord import DiscordFake  # noqa: E402
from tests.fakes.tautulli import FakeTautulli  # noqa: E402
from tests.fakes.tautulli_log import generated_log  # noqa: E402

TZ = ZoneInfo("Europe/Copenhagen")


async def one_digest(config: Config, data_dir: Path) -> float:
    state = StateStore.in_data_dir(data_dir)
    try:
        started = time.perf_counter()
        async with (
            TautulliClient(config.TAUTULLI_URL, config.TAUTULLI_API_KEY) as source,
            DiscordRest(api_base=config.DISCORD_API_BASE) as discord,
        ):
            context = PostContext(
                config=config,
                state=state,
                discord=discord,
                source=source,
                limiter=anyio.CapacityLimiter(1),
                t=gettext.NullTranslations(),
            )
            result = await post_digest(context, make=make_digest)
        elapsed = time.perf_counter() - started
    finally:
        state.close()
    if result.status != "posted":
        raise SystemExit(f"the digest was not posted: {result}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description="Wall time of one scheduled digest.")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.08, help="seconds per answer")
    parser.add_argument("--days", type=int, default=420)
    parser.add_argument("--plays-per-day", type=int, default=30)
    args = parser.parse_args()
    setup_style()  # once per process, as the endpoint and the post script do at start
    log = generated_log(
        now=dt.datetime.now(TZ), tz=TZ, days=args.days, plays_per_day=args.plays_per_day
    )
    with (
        FakeTautulli(log=log, latency=args.latency) as tautulli,
        DiscordFake() as discord,
        tempfile.TemporaryDirectory() as scratch,
    ):
        webhook = discord.create_webhook()
        config = msgspec.convert(
            {
                "TAUTULLI_URL": tautulli.url,
                "TAUTULLI_API_KEY": tautulli.api_key,
                "DISCORD_WEBHOOK_URL": webhook.url,
                "DISCORD_API_BASE": discord.api_base,
                "TIMEZONE": TZ.key,
                "DIGEST": "weekly",
                "DIGEST_TIME": "00:00",
            },
            Config,
        )
        times: list[float] = []
        calls = 0
        for round_ in range(args.rounds):
            before = len(tautulli.requests)
            times.append(anyio.run(one_digest, config, Path(scratch) / str(round_)))
            calls = len(tautulli.requests) - before
    print(
        f"digest of {len(log.sessions)} sessions, {calls} Tautulli calls at {args.latency:.2f} s "
        f"each: median {statistics.median(times):.2f} s, slowest {max(times):.2f} s "
        f"({args.rounds} rounds; target <= 1.5 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
