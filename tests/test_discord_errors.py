"""Discord's refusals become the DiscordError tree, explained, with every token masked."""

from __future__ import annotations

import gettext
import logging

import httpx
import pytest

from interactions_app.discord import (
    DiscordAuthError,
    DiscordError,
    DiscordHTTPError,
    DiscordLimitError,
    DiscordNotFound,
    DiscordRateLimited,
    DiscordRest,
    DiscordUnavailable,
    DiscordWebhookURLError,
    Embed,
    FileUpload,
    MessagePayload,
    redact,
)
from tests.fakes.discord import DiscordFake

pytest_plugins = ["tests.fixtures"]

pytestmark = pytest.mark.anyio

T = gettext.NullTranslations()
HELLO = MessagePayload(content="hello")


async def test_unknown_webhook_is_not_found_and_explained(discord: DiscordFake) -> None:
    hook = discord.create_webhook()
    discord.delete_webhook(hook.id)

    async with DiscordRest(api_base=discord.api_base) as rest:
        with pytest.raises(DiscordNotFound) as caught:
            await rest.execute_webhook(hook.url, HELLO)

    error = caught.value
    assert (error.status, error.code) == (404, 10015)
    assert "DISCORD_WEBHOOK_URL" in error.explain(T)
    assert hook.token not in str(error)
    assert "/webhooks/{webhook_id}/{webhook_token}" in str(error)
    assert len(discord.requests) == 1  # a 404 webhook is never retried

    async with DiscordRest(api_base=discord.api_base) as rest:
        with pytest.raises(DiscordNotFound) as caught:
            await rest.delete_webhook_message(hook.url, "999999999999999999")
    assert caught.value.code == 10015  # not "already deleted": the webhook itself is gone


async def test_refused_bot_token_is_explained(discord: DiscordFake) -> None:
    async with DiscordRest(api_base=discord.api_base, bot_token="wrong.token.value") as rest:
        with pytest.raises(DiscordAuthError) as caught:
            await rest.bulk_overwrite_commands(discord.application_id, [])

    error = caught.value
    assert (error.status, error.code) == (401, 0)
    assert "Discord refused the bot token" in error.explain(T)
    assert "wrong.token.value" not in str(error) + repr(error)
    assert len(discord.requests) == 1


async def test_closed_dms_are_explained(discord: DiscordFake) -> None:
    discord.block_dms("123456789012345678")

    async with DiscordRest(api_base=discord.api_base, bot_token=discord.bot_token) as rest:
        with pytest.raises(DiscordHTTPError) as caught:
            await rest.send_dm("123456789012345678", HELLO)

    assert (caught.value.status, caught.value.code) == (403, 50007)
    assert "direct message" in caught.value.explain(T)


async def test_expired_interaction_is_explained(discord: DiscordFake) -> None:
    discord.expire_interaction("old-token")

    async with DiscordRest(api_base=discord.api_base) as rest:
        with pytest.raises(DiscordAuthError) as caught:
            await rest.edit_original(discord.application_id, "old-token", HELLO)

    assert caught.value.code == 50027
    assert "15 minutes" in caught.value.explain(T)
    assert "old-token" not in str(caught.value)


async def test_unknown_message_edit_is_not_found(discord: DiscordFake) -> None:
    hook = discord.create_webhook()
    async with DiscordRest(api_base=discord.api_base) as rest:
        with pytest.raises(DiscordNotFound) as caught:
            await rest.edit_webhook_message(hook.url, "999999999999999999", HELLO)
    assert caught.value.code == 10008
    assert "no longer exists" in caught.value.explain(T)


async def test_malformed_message_reports_discords_details(discord: DiscordFake) -> None:
    hook = discord.create_webhook()
    async with DiscordRest(api_base=discord.api_base) as rest:
        with pytest.raises(DiscordHTTPError) as caught:
            await rest.execute_webhook(hook.url, MessagePayload(embeds=[Embed(color=2**24)]))
    error = caught.value
    assert (error.status, error.code) == (400, 50035)
    assert "16777215" in error.message
    assert "50035" in error.explain(T)
    assert discord.problems()


async def test_no_token_reaches_logs_or_errors(
    discord: DiscordFake, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    hook = discord.create_webhook()
    interaction_token = "interaction-token-SECRET-0123456789"
    discord.rate_limit("execute_webhook", retry_after=0.05)
    discord.inject("update_original_webhook_message", status=503)
    rest = DiscordRest(api_base=discord.api_base, bot_token=discord.bot_token, backoff=0.01)
    errors: list[DiscordError] = []
    async with rest:
        sent = await rest.execute_webhook(hook.url, HELLO, [FileUpload("a.png", b"a")])
        await rest.delete_webhook_message(hook.url, sent.id)
        await rest.delete_webhook_message(hook.url, sent.id)
        await rest.edit_original(discord.application_id, interaction_token, HELLO)
        await rest.create_dm("123456789012345678")
        discord.delete_webhook(hook.id)
        discord.expire_interaction(interaction_token)
        for failing in (
            rest.execute_webhook(hook.url, HELLO),
            rest.create_followup(discord.application_id, interaction_token, HELLO),
        ):
            with pytest.raises(DiscordError) as caught:
                await failing
            errors.append(caught.value)

    secrets = (hook.token, interaction_token, discord.bot_token)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "HTTP Request" in logged  # httpx logged the requests, masked
    assert "rate limited" in logged
    shown = [logged, repr(rest), *map(str, errors), *map(repr, errors)]
    shown += [error.explain(T) for error in errors]
    assert not [secret for secret in secrets for text in shown if secret in text]


def test_redact_masks_paths_and_authorization() -> None:
    text = redact(
        "POST https://discord.com/api/webhooks/123/abcDEF-_x?wait=true "
        "/interactions/456/tok/callback Authorization: Bot MTIz.abc.def"
    )
    assert text == (
        "POST https://discord.com/api/webhooks/123/***?wait=true "
        "/interactions/456/***/callback Authorization: Bot ***"
    )


def test_every_error_explains_itself() -> None:
    errors: list[DiscordError] = [
        DiscordError("x"),
        DiscordHTTPError(400, 1234, "Something", route="POST /x"),
        DiscordHTTPError(413, 40005, "Request entity too large"),
        DiscordAuthError(403, 50013, "Missing Permissions"),
        DiscordAuthError(403, 20001, "Bots cannot use this endpoint"),
        DiscordAuthError(0, 0, "no bot token is configured"),
        DiscordNotFound(404, 10003, "Unknown Channel"),
        DiscordNotFound(404, 10062, "Unknown interaction"),
        DiscordNotFound(404, 0, "404: Not Found"),
        DiscordUnavailable("HTTP 502", route="POST /x", attempts=1),
        DiscordUnavailable("HTTP 502", route="POST /x", attempts=3),
        DiscordRateLimited(64.57, route="POST /x", attempts=1),
        DiscordLimitError("number of embeds", 11, 10),
        DiscordWebhookURLError(),
    ]
    explained = [error.explain(T) for error in errors]
    assert all(text and text[0].isupper() for text in explained)
    assert len(set(explained)) == len(explained)
    assert "Send Messages" in explained[3]
    assert "DISCORD_BOT_TOKEN" in explained[5]
    assert "3 attempts" in explained[10]
    assert "65 seconds" in explained[11]
    assert all(isinstance(error, DiscordError) for error in errors)
    assert issubclass(DiscordRateLimited, DiscordUnavailable)


# Answers the fake never gives: an httpx MockTransport stands in for a broken Discord.


def mock_http(*answers: httpx.Response) -> tuple[httpx.AsyncClient, list[httpx.Request]]:
    """An httpx client on a MockTransport (nothing to close: no sockets are ever opened)."""
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0)

    return httpx.AsyncClient(transport=httpx.MockTransport(handler)), seen


def mock_rest(*answers: httpx.Response) -> DiscordRest:
    http, _ = mock_http(*answers)
    return DiscordRest(api_base="https://discord.test/api/v10", http=http, backoff=0)


async def test_garbage_answers_are_unavailable_not_crashes() -> None:
    rest = mock_rest(
        httpx.Response(200, text="<html>hello</html>"),
        httpx.Response(200, json={"id": 5}),
    )
    url = "https://discord.com/api/webhooks/1/tok"
    with pytest.raises(DiscordUnavailable, match="not JSON") as caught:
        await rest.execute_webhook(url, HELLO)
    assert "after 1 attempt (answer is not JSON)" in caught.value.explain(
        gettext.NullTranslations()
    )
    with pytest.raises(DiscordUnavailable, match="unexpected answer"):
        await rest.execute_webhook(url, HELLO)


async def test_html_error_page_keeps_the_status() -> None:
    rest = mock_rest(httpx.Response(400, text="<html>Bad</html>"))
    with pytest.raises(DiscordHTTPError) as caught:
        await rest.execute_webhook("https://discord.com/api/webhooks/1/tok", HELLO)
    assert (caught.value.status, caught.value.code, caught.value.message) == (
        400,
        0,
        "Bad Request",
    )


async def test_retry_after_header_alone_is_honoured() -> None:
    now = [0.0]
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    http, seen = mock_http(
        httpx.Response(429, headers={"Retry-After": "2"}, text="slow down"),
        httpx.Response(200, json={"id": "1", "channel_id": "2"}),
    )
    rest = DiscordRest(
        api_base="https://discord.test/api/v10",
        http=http,
        clock=lambda: now[0],
        sleep=sleep,
    )
    sent = await rest.execute_webhook("https://discord.com/api/webhooks/1/tok", HELLO)
    assert sent.id == "1"
    assert len(seen) == 2
    assert sleeps == [2.0]
