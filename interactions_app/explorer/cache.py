"""Rendered views kept for a short while, so flipping back to a view is instant.

Keyed by everything a render depends on: the view, the formatting locale (numbers, dates), the
catalog language (titles, labels) and ``config_version``, a digest of the render options the
config gives, so any edit of a colour, censoring or annotation setting misses the cache.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

import msgspec

from interactions_app.config import Config
from interactions_app.explorer.view import View
from interactions_app.graphs.options import render_options
from renderer import RenderedGraph

__all__ = ["CacheKey", "RenderCache", "config_version"]

DEFAULT_TTL = 300.0
DEFAULT_MAX_ENTRIES = 64
"""A rendered view is about 100 KB of PNG: the cache stays under ~10 MB."""


def config_version(config: Config) -> str:
    """Changes whenever a config value that affects how a graph is drawn changes."""
    options = msgspec.json.encode(render_options(config, ""), order="deterministic")
    return hashlib.blake2b(options, digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class CacheKey:
    view: View
    user: int | None
    """Whose plays: the view's user, or the member's own account in a personal view."""
    locale: str
    """The formatting locale (numbers, dates)."""
    language: str
    """The catalog language (titles, labels)."""
    config_version: str


class RenderCache:
    """Least recently used first out, and nothing older than ``ttl`` seconds is served."""

    def __init__(self, *, ttl: float = DEFAULT_TTL, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[CacheKey, tuple[float, RenderedGraph]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: CacheKey, now: float) -> RenderedGraph | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        stored_at, graph = entry
        if now - stored_at >= self.ttl or now < stored_at:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return graph

    def put(self, key: CacheKey, graph: RenderedGraph, now: float) -> None:
        self._entries[key] = (now, graph)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
