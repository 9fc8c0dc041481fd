"""Discord's message limits, checked before anything is sent (message.mdx "Embed Limits",
reference.mdx "Uploading Files"). Discord trims embed text before counting, so do we."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from renderer.translation import N_

from ._components import check_components
from ._errors import DiscordLimitError
from ._messages import Embed, FileUpload, MessagePayload

DEFAULT_ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
"""Per file, in bytes; an interaction's ``attachment_size_limit`` may raise it."""

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_FILES = 10
MAX_EMBED_TITLE = 256
MAX_EMBED_DESCRIPTION = 4096
MAX_EMBED_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER_TEXT = 2048
MAX_AUTHOR_NAME = 256
MAX_EMBED_TOTAL = 6000
MAX_DESCRIPTION_ALT = 1024

# Limit names double as the text shown to people (DiscordLimitError.explain translates them).
CONTENT = N_("message text length")
EMBEDS = N_("number of embeds")
FILES = N_("number of files")
FILE_SIZE = N_("file size in bytes")
UNIQUE_FILENAMES = N_("uploads with the same file name")
ALT_TEXT = N_("image description length")
EMBED_TITLE = N_("embed title length")
EMBED_DESCRIPTION = N_("embed description length")
EMBED_FIELDS = N_("number of embed fields")
FIELD_NAME = N_("embed field name length")
FIELD_VALUE = N_("embed field value length")
FOOTER_TEXT = N_("embed footer length")
AUTHOR_NAME = N_("embed author name length")
EMBED_TOTAL = N_("total embed text length")
ATTACHMENT_LINK = N_("links to files that are not uploaded")

ATTACHMENT_SCHEME = "attachment://"


def check_message(
    message: MessagePayload,
    files: Sequence[FileUpload] = (),
    *,
    attachment_size_limit: int = DEFAULT_ATTACHMENT_SIZE_LIMIT,
) -> None:
    """Raise ``DiscordLimitError`` for the first limit ``message`` + ``files`` would break."""
    _at_most(CONTENT, len(message.content or ""), MAX_CONTENT)
    embeds = message.embeds or []
    _at_most(EMBEDS, len(embeds), MAX_EMBEDS)
    total = 0
    for index, embed in enumerate(embeds, start=1):
        total += _check_embed(embed, f"embed {index}")
    _at_most(EMBED_TOTAL, total, MAX_EMBED_TOTAL)
    _check_files(files, attachment_size_limit)
    check_components(message.components or [])
    if message.attachments is None:
        _check_attachment_links(embeds, {file.filename for file in files})


def embed_text_length(embed: Embed) -> int:
    """The characters Discord counts towards the 6000 total of a message."""
    parts = [embed.title, embed.description]
    parts += [field.name for field in embed.fields] + [field.value for field in embed.fields]
    parts += [embed.footer.text if embed.footer else None]
    parts += [embed.author.name if embed.author else None]
    return sum(len(part.strip()) for part in parts if part)


def _check_embed(embed: Embed, where: str) -> int:
    _at_most(EMBED_TITLE, _len(embed.title), MAX_EMBED_TITLE, where)
    _at_most(EMBED_DESCRIPTION, _len(embed.description), MAX_EMBED_DESCRIPTION, where)
    _at_most(EMBED_FIELDS, len(embed.fields), MAX_EMBED_FIELDS, where)
    for number, field in enumerate(embed.fields, start=1):
        _at_most(FIELD_NAME, _len(field.name), MAX_FIELD_NAME, f"{where} field {number}")
        _at_most(FIELD_VALUE, _len(field.value), MAX_FIELD_VALUE, f"{where} field {number}")
    if embed.footer is not None:
        _at_most(FOOTER_TEXT, _len(embed.footer.text), MAX_FOOTER_TEXT, where)
    if embed.author is not None:
        _at_most(AUTHOR_NAME, _len(embed.author.name), MAX_AUTHOR_NAME, where)
    return embed_text_length(embed)


def _check_files(files: Sequence[FileUpload], size_limit: int) -> None:
    _at_most(FILES, len(files), MAX_FILES)
    for file in files:
        _at_most(FILE_SIZE, len(file.data), size_limit, file.filename)
        _at_most(ALT_TEXT, len(file.description or ""), MAX_DESCRIPTION_ALT, file.filename)
    for filename, count in Counter(file.filename for file in files).items():
        _at_most(UNIQUE_FILENAMES, count, 1, filename)


def _check_attachment_links(embeds: Sequence[Embed], uploaded: set[str]) -> None:
    # A dangling attachment:// link makes Discord show a broken image, silently.
    links = [image.url for embed in embeds for image in (embed.image, embed.thumbnail) if image]
    missing = [
        url for url in links if url.startswith(ATTACHMENT_SCHEME) and _filename(url) not in uploaded
    ]
    _at_most(ATTACHMENT_LINK, len(missing), 0, ", ".join(missing))


def _filename(url: str) -> str:
    return url.removeprefix(ATTACHMENT_SCHEME)


def _len(text: str | None) -> int:
    return len(text.strip()) if text else 0


def _at_most(limit: str, actual: int, maximum: int, where: str = "") -> None:
    if actual > maximum:
        raise DiscordLimitError(limit, actual, maximum, where=where)
