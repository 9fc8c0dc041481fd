"""/digest [period] [which] [share]: the server-wide digest of the week, month or year that just
ended, or of the current one so far; private unless ``share`` is true.

The same message as the scheduled digest, worded in the member's language (their Discord locale
when a catalog exists), numbers and all.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from interactions_app.commands._context import CommandContext, Deferral, Reply
from interactions_app.commands._registry import Command, Option, OptionType
from interactions_app.commands._replies import refusal
from interactions_app.digest import Wording, digest_message
from interactions_app.digest.produce import digest_with_chart, first_weekday
from renderer.digest import PERIOD_KINDS, PeriodKind, last_complete, period_containing
from renderer.translation import N_

__all__ = ["COMMAND"]

WHICH = ("last", "current")


async def digest(ctx: CommandContext) -> Reply:
    kind = ctx.text("period", "week")
    which = ctx.text("which", "last")
    share = ctx.values.get("share") is True
    if kind not in PERIOD_KINDS or which not in WHICH:
        return refusal(ctx.t.gettext("Pick the period from the list."))
    period_kind: PeriodKind = kind  # pyright: ignore[reportAssignmentType] - checked above
    services = ctx.services
    config = ctx.config

    async def work() -> None:
        today = services.now().astimezone(ZoneInfo(config.TIMEZONE)).date()
        weekday = first_weekday(config)
        current = period_containing(period_kind, today, weekday)
        period = (
            current.so_far(today)
            if which == "current"
            else last_complete(period_kind, today, weekday)
        )
        found, chart = await digest_with_chart(
            services.tautulli,
            period,
            config=config,
            language=ctx.region,
            t=ctx.t,
            limiter=services.jobs.render_limiter,
            today=today,
        )
        payload, uploads = digest_message(
            found,
            chart,
            Wording(ctx.t, ctx.region),
            censor=config.CENSOR_USERNAMES,
            show_top_user=config.DIGEST_SHOW_TOP_USER,
            posted_at=services.now(),
        )
        await ctx.edit_original(payload, uploads)

    return Deferral(work, ephemeral=not share, name="digest")


COMMAND = Command(
    # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
    name=N_("digest"),
    description=N_("What happened on this server in a week, month or year, with the changes"),
    handler=digest,
    options=(
        Option(
            # Translators: a command option name: lower-case, no spaces, 1-32 characters.
            name=N_("period"),
            description=N_("A week, a month or a year (default: week)"),
            choices=((N_("week"), "week"), (N_("month"), "month"), (N_("year"), "year")),
        ),
        Option(
            # Translators: a command option name: lower-case, no spaces, 1-32 characters.
            name=N_("which"),
            description=N_("The one that just ended (default), or the current one so far"),
            choices=(
                (N_("the one that just ended"), "last"),
                (N_("the current one so far"), "current"),
            ),
        ),
        Option(
            # Translators: a command option name: lower-case, no spaces, 1-32 characters.
            name=N_("share"),
            description=N_("Show the answer to everyone in the channel (default: only you)"),
            type=OptionType.BOOLEAN,
        ),
    ),
)
