"""How the app runs handlers and their jobs: errors, the job limit, and shutdown, over HTTP."""

from __future__ import annotations

import gettext
import threading
from pathlib import Path

import anyio.to_thread

from interactions_app.commands import (
    AutocompleteContext,
    Command,
    CommandContext,
    CommandRegistry,
    Deferral,
    Option,
    Reply,
    build_registry,
    explain_error,
)
from interactions_app.discord.responses import message
from interactions_app.endpoint.jobs import JobCancelled
from renderer.tautulli import TautulliUnreachable
from renderer.translation import Translator
from tests.fakes.endpoint import FEW_GRAPHS, running_endpoint
from tests.fakes.interactions import option

RELEASE = threading.Event()


class Explained(Exception):
    def explain(self, t: Translator) -> str:
        return t.gettext("A specific explanation.")


async def boom(_ctx: CommandContext) -> Reply:
    raise LookupError("not for users")


async def explained(_ctx: CommandContext) -> Reply:
    raise Explained


async def broken_suggestions(_ctx: AutocompleteContext) -> list[tuple[str, str]]:
    raise LookupError("autocomplete broke")


async def waits(ctx: CommandContext) -> Reply:
    async def work() -> None:
        await anyio.to_thread.run_sync(RELEASE.wait, abandon_on_cancel=True)
        await ctx.say("released")

    return Deferral(work, ephemeral=False, name="waits")


async def fails_later(_ctx: CommandContext) -> Reply:
    async def work() -> None:
        raise KeyError("job broke")

    return Deferral(work, ephemeral=True, name="fails-later")


async def quick(_ctx: CommandContext) -> Reply:
    return message("quick")


REGISTRY = CommandRegistry(
    [
        Command(
            name="boom",
            description="Boom",
            handler=boom,
            options=(Option(name="q", description="Q", autocomplete=True),),
            autocomplete=broken_suggestions,
        ),
        Command(name="explained", description="Explained", handler=explained),
        Command(name="waits", description="Waits", handler=waits),
        Command(name="fails_later", description="Fails later", handler=fails_later),
        Command(name="quick", description="Quick", handler=quick),
    ]
)


def test_handler_errors_are_answered_privately_and_specifically(tmp_path: Path) -> None:
    with running_endpoint(tmp_path, registry=REGISTRY) as endpoint:
        generic = endpoint.client.command("boom").json()["data"]
        assert generic["flags"] == 64
        assert generic["content"] == (
            "Something went wrong while preparing the answer (LookupError). "
            "The bot's log has the details for the operator."
        )
        specific = endpoint.client.command("explained").json()["data"]
        assert specific["content"] == "A specific explanation."
        suggestions = endpoint.client.autocomplete("boom", [option("q", "x", focused=True)])
        assert suggestions.json() == {"type": 8, "data": {"choices": []}}


def test_a_failing_job_edits_the_deferred_message(tmp_path: Path) -> None:
    with running_endpoint(tmp_path, registry=REGISTRY) as endpoint:
        body = endpoint.client.interaction(2, "fails_later")
        assert endpoint.client.post(body).json() == {"type": 5, "data": {"flags": 64}}
        endpoint.wait_idle()
        assert "(KeyError)" in endpoint.original_content(body["token"])


def test_when_every_job_slot_is_taken_the_user_is_told_the_bot_is_busy(tmp_path: Path) -> None:
    RELEASE.clear()
    with running_endpoint(tmp_path, registry=REGISTRY, max_jobs=1) as endpoint:
        first = endpoint.client.interaction(2, "waits")
        assert endpoint.client.post(first).json()["type"] == 5
        busy = endpoint.client.command("waits").json()
        assert busy["type"] == 4
        assert busy["data"]["flags"] == 64
        assert "busy" in busy["data"]["content"]
        # Quick commands are not jobs: they still work.
        assert endpoint.client.command("quick").json()["data"]["content"] == "quick"
        RELEASE.set()
        endpoint.wait_idle()
        assert endpoint.original_content(first["token"]) == "released"
        assert endpoint.client.post(endpoint.client.interaction(2, "waits")).json()["type"] == 5
        endpoint.wait_idle()


def test_shutdown_cancels_unfinished_jobs_and_says_so(tmp_path: Path) -> None:
    RELEASE.clear()
    with running_endpoint(tmp_path, registry=REGISTRY, drain_timeout=0.2) as endpoint:
        body = endpoint.client.interaction(2, "waits")
        assert endpoint.client.post(body).json()["type"] == 5
        discord = endpoint.discord
    RELEASE.set()
    original = discord.original(body["token"])
    assert original is not None
    assert original.content == (
        "The bot was restarted before the answer was ready; please try again."
    )


def test_explain_error_uses_the_errors_own_words() -> None:
    t = gettext.NullTranslations()
    unreachable = TautulliUnreachable(url="http://127.0.0.1:9", reason="refused")
    assert explain_error(unreachable, t) == unreachable.explain(t)
    assert explain_error(JobCancelled(), t).startswith("The bot was restarted")
    assert "(ValueError)" in explain_error(ValueError("x"), t)


MY_STATS = next(command for command in build_registry() if command.name == "my_stats")
COOLED = CommandRegistry(
    [
        Command(name="waits", description="Waits", handler=waits),
        # /uptime's cooldown settings, with a handler that fails.
        Command(name="uptime", description="Fails", handler=boom),
        MY_STATS,
    ]
)


def test_a_command_refused_as_busy_does_not_start_its_cooldown(tmp_path: Path) -> None:
    RELEASE.clear()
    settings = {**FEW_GRAPHS, "MY_STATS_COOLDOWN_MINUTES": 5, "LINKING": "email"}
    member = "1150000000000000720"
    stats = [option("email", "tanaka_jessica@example.org")]
    with running_endpoint(tmp_path, settings=settings, registry=COOLED, max_jobs=1) as endpoint:
        assert endpoint.client.command("waits").json()["type"] == 5
        busy = endpoint.client.command("my_stats", stats, user_id=member).json()
        assert busy["data"]["content"].startswith("The bot is busy")
        RELEASE.set()
        endpoint.wait_idle()
        retry = endpoint.client.interaction(2, "my_stats", stats, user_id=member)
        assert endpoint.client.post(retry).json()["type"] == 5
        endpoint.wait_idle()
        assert endpoint.original_content(retry["token"]).startswith("Your statistics")
        # The try that ran does start it.
        again = endpoint.client.command("my_stats", stats, user_id=member).json()
        assert "is cooling down" in again["data"]["content"]


def test_a_handler_that_fails_does_not_start_its_cooldown(tmp_path: Path) -> None:
    with running_endpoint(
        tmp_path, settings={"UPTIME_COOLDOWN_MINUTES": 5}, registry=COOLED
    ) as endpoint:
        for _ in range(2):
            content = endpoint.client.command("uptime").json()["data"]["content"]
            assert content.startswith("Something went wrong while preparing the answer")
