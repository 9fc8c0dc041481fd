"""One version for /about, Discord's User-Agent and the catalog template."""

from __future__ import annotations

from importlib import metadata

import pytest

from interactions_app import version
from interactions_app.discord import default_user_agent


def test_the_installed_distribution_names_the_version() -> None:
    assert version.package_version() == metadata.version("tgraph-bot")
    assert default_user_agent().endswith(f", {metadata.version('tgraph-bot')})")


def test_a_checkout_that_was_never_installed_has_a_version_that_sorts_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(version, "DISTRIBUTION", "tgraph-bot-not-installed")
    assert version.package_version() == "0+unknown"
