"""A rendered graph as a Discord message: one embed showing the image upload (``attachment://``).

The embed carries the translated title, the numeric summary, when it was posted and when the next
update comes (Discord timestamps, shown in each reader's own time zone and language); the upload
carries alt text for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from interactions_app.discord import Embed, EmbedImage, FileUpload, MessagePayload
from interactions_app.schedule import format_discord_timestamp
from renderer import RenderedGraph
from renderer.translation import Translator

MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_ALT_TEXT = 1024
MAX_EMBEDS_PER_MESSAGE = 10


def graph_filename(graph: RenderedGraph) -> str:
    """The upload's file name; graph keys are ASCII snake_case, safe in ``attachment://``."""
    return f"{graph.key}.png"


def graph_embed(
    graph: RenderedGraph,
    t: Translator,
    *,
    posted_at: datetime,
    next_update: datetime | None = None,
) -> tuple[Embed, FileUpload]:
    """The embed for one graph and the upload it shows."""
    filename = graph_filename(graph)
    posted = format_discord_timestamp(posted_at, "f")
    if next_update is None:
        when = t.gettext("Posted {posted}").format(posted=posted)
    else:
        when = t.gettext("Posted {posted} · next update {next_update}").format(
            posted=posted, next_update=format_discord_timestamp(next_update, "R")
        )
    summary = _clip(graph.summary, MAX_DESCRIPTION - len(when) - 2)
    description = f"{summary}\n\n{when}" if summary else when
    embed = Embed(
        title=_clip(graph.title, MAX_TITLE),
        description=description,
        timestamp=posted_at.isoformat(),
        image=EmbedImage(url=f"attachment://{filename}"),
    )
    alt = t.gettext("{title}: {summary}").format(title=graph.title, summary=graph.summary)
    upload = FileUpload(filename=filename, data=graph.png, description=_clip(alt, MAX_ALT_TEXT))
    return embed, upload


def graph_message(
    graph: RenderedGraph,
    t: Translator,
    *,
    posted_at: datetime,
    next_update: datetime | None = None,
) -> tuple[MessagePayload, FileUpload]:
    """One message per graph (the scheduled post): a single embed and its image."""
    embed, upload = graph_embed(graph, t, posted_at=posted_at, next_update=next_update)
    return MessagePayload(embeds=[embed]), upload


def graph_messages(
    graphs: Sequence[RenderedGraph],
    t: Translator,
    *,
    posted_at: datetime,
    next_update: datetime | None = None,
    per_message: int = MAX_EMBEDS_PER_MESSAGE,
) -> list[tuple[MessagePayload, list[FileUpload]]]:
    """Graphs packed into as few messages as Discord allows (≤10 embeds and files each).

    Each PNG stays well under Discord's 10 MiB per-file limit; the REST client checks sizes.
    """
    if not 1 <= per_message <= MAX_EMBEDS_PER_MESSAGE:
        raise ValueError(f"per_message must be 1..{MAX_EMBEDS_PER_MESSAGE}, not {per_message}")
    messages: list[tuple[MessagePayload, list[FileUpload]]] = []
    for start in range(0, len(graphs), per_message):
        parts = [
            graph_embed(graph, t, posted_at=posted_at, next_update=next_update)
            for graph in graphs[start : start + per_message]
        ]
        payload = MessagePayload(embeds=[embed for embed, _ in parts])
        messages.append((payload, [upload for _, upload in parts]))
    return messages


def _clip(text: str, limit: int) -> str:
    # Discord trims surrounding whitespace before counting, and refuses the whole message if a
    # field is over its limit: an over-long translated summary must not cost the post.
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
