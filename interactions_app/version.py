"""The installed TGraph Bot's version: /about, Discord's User-Agent and the catalog template."""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "tgraph-bot"
UNKNOWN_VERSION = "0+unknown"
"""A bare checkout that was never installed has no version; PEP 440 sorts this below any."""


def package_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return UNKNOWN_VERSION
