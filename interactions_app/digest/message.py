"""A digest as one Discord message: an embed with the totals, lists and records, and the chart.

Missing pieces are left out rather than shown empty: a period without plays is one short line,
a server younger than the comparison shows no change, an older Tautulli without a statistic
leaves its field out. Every field stays within Discord's limits (``discord._limits``).
"""

from __future__ import annotations

import datetime as dt

from interactions_app.digest.wording import Wording, clip, escape_markdown, period_label
from interactions_app.discord import (
    MAX_DESCRIPTION_ALT,
    MAX_EMBED_DESCRIPTION,
    MAX_EMBED_TITLE,
    MAX_FIELD_VALUE,
    Embed,
    EmbedField,
    EmbedFooter,
    EmbedImage,
    FileUpload,
    MessagePayload,
)
from renderer import RenderedGraph, censor_usernames
from renderer.digest import Digest, PeriodKind, Record
from renderer.translation import N_, Translator

DIGEST_COLOR = 0xE5A00D
"""Plex's amber, so the digest stands out from the graph posts."""
MAX_LIBRARIES = 6

_TITLES: dict[PeriodKind, str] = {
    "week": N_("Weekly digest: {period}"),
    "month": N_("Monthly digest: {period}"),
    "year": N_("Yearly digest: {period}"),
}


def plays_footer(t: Translator) -> str:
    return t.gettext(
        "Plays are Tautulli's history entries (a play resumed later counts once); "
        "the chart counts plays per day."
    )


def year_footer(t: Translator) -> str:
    """A year's totals come from the daily series, not from its history entries."""
    return t.gettext(
        "Plays are counted per day, as on the chart: a play across midnight counts on both days."
    )


def digest_title(digest: Digest, wording: Wording) -> str:
    t = wording.t
    title = t.gettext(_TITLES[digest.period.kind]).format(
        period=period_label(digest.period, wording.locale)
    )
    if not digest.period.complete:
        title = t.gettext("{title} (so far)").format(title=title)
    return title


def record_line(record: Record, kind: PeriodKind, t: Translator) -> str:
    """ "The busiest week of the last 8 weeks." (the period itself counted in)."""
    if kind == "year" and record.whole_window:
        if record.direction == "busiest":
            return t.gettext("The busiest year on record.")
        return t.gettext("The quietest year on record.")
    window = {"week": 52, "month": 12, "year": record.beaten + 1}[kind]
    count = window if record.whole_window else record.beaten + 1
    match kind, record.direction:
        case "week", "busiest":
            text = t.ngettext(
                "The busiest week of the last {count} week.",
                "The busiest week of the last {count} weeks.",
                count,
            )
        case "week", "quietest":
            text = t.ngettext(
                "The quietest week of the last {count} week.",
                "The quietest week of the last {count} weeks.",
                count,
            )
        case "month", "busiest":
            text = t.ngettext(
                "The busiest month of the last {count} month.",
                "The busiest month of the last {count} months.",
                count,
            )
        case "month", "quietest":
            text = t.ngettext(
                "The quietest month of the last {count} month.",
                "The quietest month of the last {count} months.",
                count,
            )
        case _, "busiest":
            text = t.ngettext(
                "The busiest year of the last {count} year.",
                "The busiest year of the last {count} years.",
                count,
            )
        case _:
            text = t.ngettext(
                "The quietest year of the last {count} year.",
                "The quietest year of the last {count} years.",
                count,
            )
    return text.format(count=count)


def _totals(digest: Digest, wording: Wording) -> list[str]:
    t = wording.t
    plays = round(digest.plays.current)
    seconds = digest.seconds.current
    delta_plays = abs(digest.plays.delta or 0)
    delta_seconds = abs(digest.seconds.delta or 0)
    rows = [
        (f"**{wording.plays(plays)}**", wording.change(digest.plays, wording.number(delta_plays))),
        (
            t.gettext("{amount} watched").format(amount=f"**{wording.duration(seconds)}**"),
            wording.change(digest.seconds, wording.duration(delta_seconds, like=seconds)),
        ),
    ]
    active = digest.active_users
    if active is not None:
        users = round(active.current)
        rows.append(
            (
                t.ngettext("{count} active user", "{count} active users", users).format(
                    count=f"**{wording.number(users)}**"
                ),
                wording.change(active, wording.number(abs(active.delta or 0))),
            )
        )
    return [f"{text} {change}" if change else text for text, change in rows]


def _fields(
    digest: Digest, wording: Wording, *, censor: bool, show_top_user: bool
) -> list[EmbedField]:
    t = wording.t
    fields: list[EmbedField] = []

    def add(name: str, value: str, *, inline: bool = True) -> None:
        fields.append(EmbedField(name=name, value=clip_lines(value), inline=inline))

    for name, titles in (
        (N_("Top movies"), digest.top_movies),
        (N_("Top TV shows"), digest.top_shows),
        (N_("Top artists"), digest.top_artists),
    ):
        if titles:
            add(t.gettext(name), wording.title_lines(titles, digest.rank_by), inline=False)
    if digest.most_popular is not None and digest.most_popular.users > 1:
        popular = digest.most_popular
        add(
            t.gettext("Most popular"),
            t.ngettext(
                "{title}, played by {count} person",
                "{title}, played by {count} people",
                popular.users,
            ).format(
                title=escape_markdown(clip(popular.title, 80)),
                count=wording.number(popular.users),
            ),
            inline=False,
        )
    if digest.busiest_day is not None:
        day, plays = digest.busiest_day
        add(t.gettext("Busiest day"), f"{wording.day(day)} · {wording.plays(plays)}")
    if digest.busiest_hour is not None:
        hour, plays = digest.busiest_hour
        add(t.gettext("Busiest hour"), f"{wording.hour(hour)} · {wording.plays(plays)}")
    if digest.peak is not None:
        streams = digest.peak.streams
        at_once = t.ngettext("{count} stream at once", "{count} streams at once", streams)
        add(
            t.gettext("Peak"),
            f"{at_once.format(count=wording.number(streams))} · {wording.moment(digest.peak.at)}",
        )
    if digest.top_platform is not None:
        platform = digest.top_platform
        add(
            t.gettext("Most used platform"),
            f"{escape_markdown(clip(platform.name, 60))} · {wording.plays(platform.plays)}",
        )
    if digest.libraries:
        total = sum(library.plays for library in digest.libraries) or 1
        lines = [
            f"{escape_markdown(clip(library.name, 60))} · {wording.plays(library.plays)} "
            f"({wording.percent(library.plays / total * 100)})"
            for library in digest.libraries[:MAX_LIBRARIES]
        ]
        add(t.gettext("Libraries"), "\n".join(lines), inline=False)
    if show_top_user and digest.top_user is not None:
        person = digest.top_user
        name = censor_usernames([person.name])[0] if censor else person.name
        amount = wording.amount(digest.rank_by, person.plays, person.seconds)
        add(t.gettext("Top watcher"), f"{escape_markdown(clip(name, 60))} · {amount}")
    return fields


def clip_lines(text: str) -> str:
    """A field value within Discord's 1,024 characters, cut at a line end where possible."""
    if len(text) <= MAX_FIELD_VALUE:
        return text
    kept = text[: MAX_FIELD_VALUE - 1]
    return (kept.rsplit("\n", 1)[0] if "\n" in kept else kept) + "…"


def digest_embed(
    digest: Digest,
    wording: Wording,
    *,
    censor: bool,
    show_top_user: bool,
    image: str | None,
    posted_at: dt.datetime | None = None,
) -> Embed:
    t = wording.t
    if digest.plays.current == 0:
        lines = [t.gettext("Nobody played anything in this period.")]
        fields: list[EmbedField] = []
    else:
        lines = _totals(digest, wording)
        if digest.plays.previous is not None:
            lines.append(
                t.gettext("Compared with {period}.").format(
                    period=period_label(digest.previous, wording.locale)
                )
            )
        if digest.record is not None:
            lines.append(f"🏆 {record_line(digest.record, digest.period.kind, t)}")
        fields = _fields(digest, wording, censor=censor, show_top_user=show_top_user)
    return Embed(
        title=clip(digest_title(digest, wording), MAX_EMBED_TITLE),
        description=clip_text("\n".join(lines), MAX_EMBED_DESCRIPTION),
        color=DIGEST_COLOR,
        fields=fields,
        footer=EmbedFooter(
            text=year_footer(t) if digest.period.kind == "year" else plays_footer(t)
        ),
        image=None if image is None else EmbedImage(url=f"attachment://{image}"),
        timestamp=None if posted_at is None else posted_at.isoformat(),
    )


def clip_text(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chart_upload(chart: RenderedGraph, t: Translator) -> FileUpload:
    alt = t.gettext("{title}: {summary}").format(title=chart.title, summary=chart.summary)
    return FileUpload(
        filename=f"{chart.key}.png",
        data=chart.png,
        description=clip_text(alt, MAX_DESCRIPTION_ALT),
    )


def digest_message(
    digest: Digest,
    chart: RenderedGraph | None,
    wording: Wording,
    *,
    censor: bool,
    show_top_user: bool,
    posted_at: dt.datetime | None = None,
    flags: int | None = None,
) -> tuple[MessagePayload, list[FileUpload]]:
    """One message: the digest's embed showing the chart (when there is one) and its upload."""
    uploads = [] if chart is None else [chart_upload(chart, wording.t)]
    embed = digest_embed(
        digest,
        wording,
        censor=censor,
        show_top_user=show_top_user,
        image=uploads[0].filename if uploads else None,
        posted_at=posted_at,
    )
    return MessagePayload(embeds=[embed], flags=flags), uploads
