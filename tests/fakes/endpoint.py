"""The whole endpoint on loopback: the real app under uvicorn, a fake Discord, a fake Tautulli.

``running_endpoint(tmp_path, settings={...})`` writes a config file pointing the app at both
fakes (``DISCORD_API_BASE``, ``TAUTULLI_URL``: the normal path, nothing injected), starts the
app and yields an ``Endpoint`` whose ``client`` signs interactions with a fresh Ed25519 key.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Generator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.signing import SigningKey
from starlette.applications import Starlette

from interactions_app.commands import CommandRegistry, Runtime
from interactions_app.config import ConfigStore
from interactions_app.endpoint.app import INTERACTIVE_TAUTULLI_SECONDS, create_app
from tests.fakes.discord import DiscordFake
from tests.fakes.discord_driver import DiscordDriver
from tests.fakes.interactions import InteractionClient, serve_app
from tests.fakes.tautulli import FakeTautulli

__all__ = ["ADMIN", "FEW_GRAPHS", "PNG", "Endpoint", "running_endpoint", "write_config"]

ADMIN = "32"
"""``member.permissions`` of a member with Manage Server."""

PNG = b"\x89PNG\r\n\x1a\n"

FEW_GRAPHS: dict[str, Any] = {
    f"ENABLE_{key}": key in {"DAILY_PLAY_COUNT", "PLAY_COUNT_BY_DAYOFWEEK", "TOP_10_USERS"}
    for key in (
        "DAILY_PLAY_COUNT", "PLAY_COUNT_BY_DAYOFWEEK", "PLAY_COUNT_BY_HOUROFDAY",
        "PLAY_COUNT_BY_MONTH", "TOP_10_PLATFORMS", "TOP_10_USERS",
        "DAILY_PLAY_COUNT_BY_STREAM_TYPE", "DAILY_CONCURRENT_STREAM_COUNT_BY_STREAM_TYPE",
        "PLAY_COUNT_BY_SOURCE_RESOLUTION", "PLAY_COUNT_BY_STREAM_RESOLUTION",
        "PLAY_COUNT_BY_PLATFORM_AND_STREAM_TYPE", "PLAY_COUNT_BY_USER_AND_STREAM_TYPE",
    )
}  # fmt: skip
"""Two personal graphs and one that compares users (never personal): quick to render."""

WEBHOOK_KEY = "DISCORD_WEBHOOK_URL"


def write_config(path: Path, settings: Mapping[str, Any]) -> None:
    lines = ["# TGraph Bot test configuration", ""]
    for key, value in settings.items():
        lines.append(f"# {key.lower().replace('_', ' ')}")
        lines.append(f"{key}: {json.dumps(value)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass
class Endpoint:
    app: Starlette
    url: str
    client: InteractionClient
    discord: DiscordFake
    tautulli: FakeTautulli
    store: ConfigStore
    config_path: Path
    signing_key: SigningKey

    @property
    def driver(self) -> DiscordDriver:
        """Interactions delivered the way Discord does, answers applied to the fake Discord."""
        return DiscordDriver(self.client, self.discord)

    @property
    def services(self) -> Runtime:
        """The running app's runtime (the app has started: ``running_endpoint`` waits for it)."""
        runtime = self.app.state.runtime
        assert isinstance(runtime, Runtime)
        return runtime

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Until every background job has finished (they report to fake Discord first)."""
        jobs = self.services.jobs
        done = threading.Event()
        deadline = time.monotonic() + timeout
        while jobs.active and time.monotonic() < deadline:
            done.wait(0.01)
        assert jobs.active == 0, f"{jobs.active} job(s) still running after {timeout} s"

    def original_content(self, token: str) -> str:
        message = self.discord.original(token)
        assert message is not None, "the deferred message was never edited"
        return message.content


@contextmanager
def running_endpoint(
    tmp_path: Path,
    *,
    settings: Mapping[str, Any] | None = None,
    clock: Callable[[], float] = time.time,
    client_clock: Callable[[], float] | None = None,
    drain_timeout: float = 10.0,
    signing_key: SigningKey | None = None,
    registry: CommandRegistry | None = None,
    max_jobs: int = 32,
    environ: Mapping[str, str] | None = None,
    tautulli_budget: float = INTERACTIVE_TAUTULLI_SECONDS,
) -> Generator[Endpoint]:
    key = signing_key or SigningKey.generate()
    with DiscordFake() as discord, FakeTautulli() as tautulli:
        hook = discord.create_webhook()
        config_path = tmp_path / "config.yaml"
        values: dict[str, Any] = {
            "TAUTULLI_URL": tautulli.url,
            "TAUTULLI_API_KEY": tautulli.api_key,
            "DISCORD_APPLICATION_ID": discord.application_id,
            "DISCORD_PUBLIC_KEY": key.verify_key.encode().hex(),
            "DISCORD_BOT_TOKEN": discord.bot_token,
            "DISCORD_API_BASE": discord.api_base,
            WEBHOOK_KEY: hook.url,
            "DATA_DIR": str(tmp_path / "data"),
            "MY_STATS_COOLDOWN_MINUTES": 0,
            "MY_STATS_GLOBAL_COOLDOWN_SECONDS": 0,
            "UPDATE_GRAPHS_GLOBAL_COOLDOWN_SECONDS": 0,
            # Never the real plex.tv: a closed port unless a test brings the fake.
            "PLEX_TV_BASE": "http://127.0.0.1:9",
        }
        values.update(settings or {})
        write_config(config_path, values)
        store = ConfigStore(config_path, environ=environ or {})
        app = create_app(
            store,
            clock=clock,
            drain_timeout=drain_timeout,
            registry=registry,
            max_jobs=max_jobs,
            tautulli_budget=tautulli_budget,
        )
        with (
            serve_app(app) as server,
            InteractionClient(
                server.url,
                key,
                application_id=discord.application_id,
                clock=client_clock or clock,
            ) as client,
        ):
            yield Endpoint(app, server.url, client, discord, tautulli, store, config_path, key)
