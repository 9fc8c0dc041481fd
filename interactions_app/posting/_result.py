"""What a post did (``PostResult``) and the one line the operator's journal shows for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from babel.dates import format_timedelta

from renderer import Translator, babel_locale
from renderer.digest import Period

PostStatus = Literal["posted", "not_due", "busy"]
DigestStatus = Literal["posted", "done", "busy", "off"]


@dataclass(frozen=True, kw_only=True)
class PostResult:
    status: PostStatus
    now: datetime
    next_due: datetime | None
    """When the next post is due (None: at the next run)."""
    message_ids: tuple[str, ...] = ()
    """The messages posted by this run, in graph order."""
    removed: int = 0
    """Messages of earlier runs deleted from the channel."""
    leftover: int = 0
    """Messages of earlier runs that could not be deleted; the next run tries again."""
    directory: Path | None = None
    """Where this run's PNG and JSON files were saved."""
    unverified: int = 0
    """Posts of an interrupted run that may be in the channel unrecorded: the bot could not
    read the channel to find them (no bot token or no access), so the operator must look."""


@dataclass(frozen=True, kw_only=True)
class DigestResult:
    status: DigestStatus
    now: datetime
    period: Period | None = None
    """The period whose digest was due (None when ``DIGEST`` is off)."""
    next_due: datetime | None = None
    message_id: str | None = None
    unverified: int = 0
    """Digests of an interrupted run that may be in the channel: the bot could not look, and
    never posts them again."""


def describe_digest_result(
    result: DigestResult, t: Translator, *, tz: ZoneInfo, language: str
) -> str:
    """One line for the journal: the digest posted (or why not) and when the next one is due."""
    if result.period is None:
        return t.gettext("The digest is off (DIGEST: off).")
    when = _when(result.next_due, result.now, t, tz=tz, language=language)
    dates = f"{result.period.start.isoformat()}..{result.period.end.isoformat()}"
    match result.status:
        case "posted":
            line = t.gettext("Posted the digest of {dates}; next digest due {when}.")
        case "busy":
            line = t.gettext("Another run is posting right now; the digest of {dates} waits.")
        case _:
            line = t.gettext("The digest of {dates} is posted already; next digest due {when}.")
    notes = [line.format(dates=dates, when=when)]
    if result.unverified:
        notes.append(
            t.gettext(
                "An interrupted run may have posted a digest; without DISCORD_BOT_TOKEN and read "
                "access to the channel the bot cannot look, and never posts one twice: check "
                "the channel."
            )
        )
    return " ".join(notes)


def describe_result(result: PostResult, t: Translator, *, tz: ZoneInfo, language: str) -> str:
    """One line for the operator's journal: what the run did and when the next post is due."""
    when = _when(result.next_due, result.now, t, tz=tz, language=language)
    match result.status:
        case "posted":
            line = t.ngettext(
                "Posted {count} graph; next post due {when}.",
                "Posted {count} graphs; next post due {when}.",
                len(result.message_ids),
            ).format(count=len(result.message_ids), when=when)
        case "not_due":
            line = t.gettext("Not due yet: next post due {when}.").format(when=when)
        case "busy":
            line = t.gettext("Another run is posting the graphs right now; nothing to do.")
    notes = [line]
    if result.leftover:
        notes.append(
            t.ngettext(
                "{count} old message could not be deleted yet; the next run tries again.",
                "{count} old messages could not be deleted yet; the next run tries again.",
                result.leftover,
            ).format(count=result.leftover)
        )
    if result.unverified:
        notes.append(
            t.ngettext(
                "An interrupted run may have left {count} message in the channel; without "
                "DISCORD_BOT_TOKEN and read access to the channel the bot cannot look, so check "
                "the channel and delete a stray copy by hand.",
                "An interrupted run may have left {count} messages in the channel; without "
                "DISCORD_BOT_TOKEN and read access to the channel the bot cannot look, so check "
                "the channel and delete any stray copy by hand.",
                result.unverified,
            ).format(count=result.unverified)
        )
    return " ".join(notes)


def _when(
    due: datetime | None, now: datetime, t: Translator, *, tz: ZoneInfo, language: str
) -> str:
    if due is None:
        return t.gettext("at the next run")
    local = due.astimezone(tz)
    relative = format_timedelta(
        due - now, add_direction=True, threshold=1.5, locale=babel_locale(language)
    )
    return t.gettext("{date} {time} {zone} ({relative})").format(
        date=local.date().isoformat(),
        time=local.strftime("%H:%M"),
        zone=local.tzname() or tz.key,
        relative=relative,
    )
