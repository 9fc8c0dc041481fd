"""A view rendered (through the shared render limiter, from the cache when it is fresh) and
turned into the explorer's message: one embed with the image, its alt text, and the controls."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from interactions_app.config import Config
from interactions_app.discord import MAX_EMBED_TITLE, EmbedFooter, FileUpload, MessagePayload
from interactions_app.explorer.cache import CacheKey, RenderCache, config_version
from interactions_app.explorer.controls import controls, period_label
from interactions_app.explorer.view import View
from interactions_app.graphs.messages import graph_embed
from interactions_app.graphs.options import enabled_specs, render_options
from interactions_app.graphs.produce import produce_graphs
from interactions_app.graphs.users import plex_user_names
from interactions_app.i18n import region_for_discord_locale
from renderer import RenderedGraph
from renderer.specs import spec_by_key
from renderer.translation import Translator

if TYPE_CHECKING:
    from interactions_app.commands._context import Runtime

__all__ = [
    "Looks",
    "cache_key",
    "explorer_message",
    "formatting_locale",
    "plex_user_name",
    "render_view",
]


def formatting_locale(discord_locale: str | None, config: Config) -> str:
    """The Babel locale for numbers and dates on the graph and in the text: the member's region
    (es-419, en-GB), else the configured ``LANGUAGE``."""
    return region_for_discord_locale(discord_locale, config.LANGUAGE)


class Looks(msgspec.Struct, frozen=True):
    """How a member reads the view: catalog language and formatting locale."""

    language: str
    locale: str


def cache_key(view: View, user: int | None, looks: Looks, config: Config) -> CacheKey:
    return CacheKey(view, user, looks.locale, looks.language, config_version(config))


async def render_view(
    services: Runtime,
    cache: RenderCache,
    view: View,
    *,
    user: int | None,
    looks: Looks,
    t: Translator,
) -> RenderedGraph:
    """The view drawn for ``user`` (whose plays; None for everyone's)."""
    config = services.config
    key = cache_key(view, user, looks, config)
    cached = cache.get(key, services.clock())
    if cached is not None:
        return cached
    options = msgspec.structs.replace(
        render_options(config, looks.locale),
        y_axis=view.measure,
        time_range_days=view.period,
        time_range_months=view.period,
    )
    (graph,) = await produce_graphs(
        services.tautulli,
        [spec_by_key(view.graph)],
        options,
        t,
        user_id=user,
        limiter=services.jobs.render_limiter,
    )
    cache.put(key, graph, services.clock())
    return graph


def explorer_message(
    graph: RenderedGraph,
    view: View,
    config: Config,
    t: Translator,
    *,
    public: bool,
    posted_at: datetime,
    user_name: str | None = None,
) -> tuple[MessagePayload, FileUpload]:
    """The whole message (``attachments=[]`` drops the previous image on an edit)."""
    spec = spec_by_key(view.graph)
    embed, upload = graph_embed(graph, t, posted_at=posted_at)
    title = f"{graph.title} · {period_label(spec, view.period, t)}"[:MAX_EMBED_TITLE]
    footer = None
    if view.personal:
        footer = t.gettext("Your statistics")
    elif user_name is not None:
        footer = t.gettext("Plex user: {name}").format(name=user_name)
    embed = msgspec.structs.replace(
        embed,
        title=title,
        footer=None if footer is None else EmbedFooter(text=footer),
    )
    offered = enabled_specs(config, personal_only=view.personal or view.user is not None)
    rows = controls(
        view, offered, t, public=public, shareable=view.user is None and not view.personal
    )
    return MessagePayload(content="", embeds=[embed], attachments=[], components=rows), upload


async def plex_user_name(services: Runtime, user_id: int) -> str | None:
    """The Plex user's name as the bot shows it (censored when CENSOR_USERNAMES is on)."""
    names = await plex_user_names(services.tautulli, censor=services.config.CENSOR_USERNAMES)
    return names.get(user_id)
