"""A rendered graph as a Discord message: one embed showing the image upload (``attachment://``).

The embed carries the translated title, the numeric summary, when it was posted and when the next
update comes (Discord timestamps, shown in each reader's own time zone and language); the upload
carries alt text for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from interactions_app.discord import (
    MAX_DESCRIPTION_ALT,
    MAX_EMBED_DESCRIPTION,
    MAX_EMBED_TITLE,
    MAX_EMBED_TOTAL,
    MAX_EMBEDS,
    MAX_FILES,
    Embed,
    EmbedImage,
    FileUpload,
    MessagePayload,
    embed_text_length,
)
from interactions_app.discord.markup import format_discord_timestamp
from renderer import RenderedGraph
from renderer.translation import Translator

MAX_EMBEDS_PER_MESSAGE = min(MAX_EMBEDS, MAX_FILES)


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
    summary = _clip(graph.summary, MAX_EMBED_DESCRIPTION - len(when) - 2)
    description = f"{summary}\n\n{when}" if summary else when
    embed = Embed(
        title=_clip(graph.title, MAX_EMBED_TITLE),
        description=description,
        timestamp=posted_at.isoformat(),
        image=EmbedImage(url=f"attachment://{filename}"),
    )
    alt = t.gettext("{title}: {summary}").format(title=graph.title, summary=graph.summary)
    upload = FileUpload(
        filename=filename, data=graph.png, description=_clip(alt, MAX_DESCRIPTION_ALT)
    )
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
    """Graphs packed, in order, into as few messages as Discord allows: at most ``per_message``
    (≤10) embeds and files each, and embed text within the 6,000-character total of a message,
    so long translations split a message instead of having the whole answer refused.

    Each PNG stays well under Discord's 10 MiB per-file limit; the REST client checks sizes.
    """
    if not 1 <= per_message <= MAX_EMBEDS_PER_MESSAGE:
        raise ValueError(f"per_message must be 1..{MAX_EMBEDS_PER_MESSAGE}, not {per_message}")
    messages: list[tuple[MessagePayload, list[FileUpload]]] = []
    embeds: list[Embed] = []
    uploads: list[FileUpload] = []
    text = 0
    for graph in graphs:
        embed, upload = graph_embed(graph, t, posted_at=posted_at, next_update=next_update)
        length = embed_text_length(embed)
        if embeds and (len(embeds) == per_message or text + length > MAX_EMBED_TOTAL):
            messages.append((MessagePayload(embeds=embeds), uploads))
            embeds, uploads, text = [], [], 0
        embeds.append(embed)
        uploads.append(upload)
        text += length
    if embeds:
        messages.append((MessagePayload(embeds=embeds), uploads))
    return messages


def _clip(text: str, limit: int) -> str:
    # Discord trims surrounding whitespace before counting, and refuses the whole message if a
    # field is over its limit: an over-long translated summary must not cost the post.
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
