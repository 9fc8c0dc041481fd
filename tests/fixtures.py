"""The loopback fakes as pytest fixtures, shared by the test modules that declare
``pytest_plugins = ["tests.fixtures"]`` (``conftest.py`` belongs to the lead)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from interactions_app.discord import DiscordRest
from tests.fakes.discord import DiscordFake, FakeWebhook
from tests.fakes.tautulli import FakeTautulli


@pytest.fixture
def tautulli() -> Iterator[FakeTautulli]:
    with FakeTautulli() as fake:
        yield fake


@pytest.fixture
def discord() -> Iterator[DiscordFake]:
    with DiscordFake() as fake:
        yield fake


@pytest.fixture
def webhook(discord: DiscordFake) -> FakeWebhook:
    return discord.create_webhook()


@pytest.fixture
async def rest(discord: DiscordFake) -> AsyncIterator[DiscordRest]:
    async with DiscordRest(api_base=discord.api_base, bot_token=discord.bot_token) as client:
        yield client
