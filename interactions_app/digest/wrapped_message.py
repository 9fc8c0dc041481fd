"""A member's Wrapped as one Discord message: their year in numbers and the monthly chart.

It names nobody but the member: the comparison with the server is a percentile, shown only
when the model has one (at least five active users).
"""

from __future__ import annotations

from interactions_app.digest.message import (
    DIGEST_COLOR,
    chart_upload,
    clip_lines,
    clip_text,
)
from interactions_app.digest.wording import Wording, clip, escape_markdown
from interactions_app.discord import (
    MAX_EMBED_DESCRIPTION,
    MAX_EMBED_TITLE,
    Embed,
    EmbedField,
    EmbedFooter,
    EmbedImage,
    FileUpload,
    MessagePayload,
)
from renderer import RenderedGraph, censor_usernames
from renderer.digest import Wrapped
from renderer.translation import N_, Translator


def wrapped_title(wrapped: Wrapped, wording: Wording, *, own: bool, censor: bool) -> str:
    t = wording.t
    if own:
        title = t.gettext("Your {year} Wrapped").format(year=wrapped.year)
    else:
        name = censor_usernames([wrapped.name])[0] if censor else wrapped.name
        title = t.gettext("{year} Wrapped for {name}").format(year=wrapped.year, name=name)
    return t.gettext("{title} (so far)").format(title=title) if wrapped.so_far else title


def wrapped_footer(t: Translator) -> str:
    return t.gettext(
        "Plays are Tautulli's history entries (a play resumed later counts once); "
        "the chart shows watch time per month."
    )


def _fields(wrapped: Wrapped, wording: Wording) -> list[EmbedField]:
    t = wording.t
    fields: list[EmbedField] = []
    for name, titles in (
        (N_("Top movies"), wrapped.top_movies),
        (N_("Top TV shows"), wrapped.top_shows),
        (N_("Top artists"), wrapped.top_artists),
    ):
        if titles:
            value = clip_lines(wording.title_lines(titles, wrapped.rank_by))
            fields.append(EmbedField(name=t.gettext(name), value=value))
    if wrapped.busiest_month is not None:
        month, seconds = wrapped.busiest_month
        value = f"{wording.month(wrapped.year, month)} · {wording.duration(seconds)}"
        fields.append(EmbedField(name=t.gettext("Busiest month"), value=value, inline=True))
    if wrapped.favourite_weekday is not None:
        value = wording.weekday(wrapped.favourite_weekday)
        fields.append(EmbedField(name=t.gettext("Favourite day"), value=value, inline=True))
    if wrapped.favourite_hour is not None:
        value = wording.hour(wrapped.favourite_hour)
        fields.append(EmbedField(name=t.gettext("Favourite hour"), value=value, inline=True))
    if wrapped.longest_streak is not None and wrapped.longest_streak.days > 1:
        streak = wrapped.longest_streak
        days = t.ngettext("{count} day in a row", "{count} days in a row", streak.days)
        dates = wording.dates(streak.start, streak.end)
        value = f"{days.format(count=wording.number(streak.days))} · {dates}"
        fields.append(EmbedField(name=t.gettext("Longest streak"), value=value, inline=True))
    return fields


def wrapped_message(
    wrapped: Wrapped,
    chart: RenderedGraph | None,
    wording: Wording,
    *,
    own: bool,
    censor: bool,
) -> tuple[MessagePayload, list[FileUpload]]:
    t = wording.t
    if wrapped.plays == 0:
        lines = [t.gettext("No plays in {year}.").format(year=wrapped.year)]
        fields: list[EmbedField] = []
    else:
        lines = [
            t.gettext("{amount} watched").format(amount=f"**{wording.hours(wrapped.seconds)}**"),
            f"**{wording.plays(wrapped.plays)}**",
        ]
        # The percentile is of the others: 100 % is more than every other user. 0 % reads as a
        # taunt and tells nothing the member wants to hear.
        if wrapped.percentile:
            lines.append(
                t.gettext("Watched more than {percent} of the other active users.").format(
                    percent=wording.percent(wrapped.percentile)
                )
            )
        fields = _fields(wrapped, wording)
    uploads = [] if chart is None else [chart_upload(chart, t)]
    title = wrapped_title(wrapped, wording, own=own, censor=censor)
    embed = Embed(
        title=clip(escape_markdown(title) if not own else title, MAX_EMBED_TITLE),
        description=clip_text("\n".join(lines), MAX_EMBED_DESCRIPTION),
        color=DIGEST_COLOR,
        fields=fields,
        footer=EmbedFooter(text=wrapped_footer(t)),
        image=EmbedImage(url=f"attachment://{uploads[0].filename}") if uploads else None,
    )
    return MessagePayload(embeds=[embed]), uploads
