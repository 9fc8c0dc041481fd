"""Discord's limits are refused before anything is sent: the fake must record no request."""

from __future__ import annotations

import gettext

import pytest

from interactions_app.discord import (
    DiscordLimitError,
    DiscordRest,
    Embed,
    EmbedAuthor,
    EmbedField,
    EmbedFooter,
    EmbedImage,
    FileUpload,
    MessagePayload,
    check_message,
    embed_text_length,
)
from tests.fakes.discord import DiscordFake

pytest_plugins = ["tests.fixtures"]

pytestmark = pytest.mark.anyio


def png(name: str, size: int = 10) -> FileUpload:
    return FileUpload(name, b"\0" * size)


TOO_MUCH: list[tuple[str, MessagePayload, list[FileUpload]]] = [
    ("message text length", MessagePayload(content="x" * 2001), []),
    ("number of embeds", MessagePayload(embeds=[Embed(title="t")] * 11), []),
    ("embed title length", MessagePayload(embeds=[Embed(title="t" * 257)]), []),
    ("embed description length", MessagePayload(embeds=[Embed(description="d" * 4097)]), []),
    (
        "number of embed fields",
        MessagePayload(embeds=[Embed(fields=[EmbedField(name="n", value="v")] * 26)]),
        [],
    ),
    (
        "embed field name length",
        MessagePayload(embeds=[Embed(fields=[EmbedField(name="n" * 257, value="v")])]),
        [],
    ),
    (
        "embed field value length",
        MessagePayload(embeds=[Embed(fields=[EmbedField(name="n", value="v" * 1025)])]),
        [],
    ),
    ("embed footer length", MessagePayload(embeds=[Embed(footer=EmbedFooter("f" * 2049))]), []),
    ("embed author name length", MessagePayload(embeds=[Embed(author=EmbedAuthor("a" * 257))]), []),
    (
        "total embed text length",
        MessagePayload(embeds=[Embed(description="d" * 4000), Embed(description="e" * 2001)]),
        [],
    ),
    ("number of files", MessagePayload(content="x"), [png(f"{n}.png") for n in range(11)]),
    ("file size in bytes", MessagePayload(content="x"), [png("big.png", 10 * 1024 * 1024 + 1)]),
    ("uploads with the same file name", MessagePayload(content="x"), [png("a.png"), png("a.png")]),
    (
        "image description length",
        MessagePayload(content="x"),
        [FileUpload("a.png", b"", "d" * 1025)],
    ),
    (
        "links to files that are not uploaded",
        MessagePayload(embeds=[Embed(image=EmbedImage("attachment://missing.png"))]),
        [png("other.png")],
    ),
]


@pytest.mark.parametrize(("limit", "message", "files"), TOO_MUCH, ids=[t[0] for t in TOO_MUCH])
async def test_limit_is_refused_before_sending(
    discord: DiscordFake,
    rest: DiscordRest,
    limit: str,
    message: MessagePayload,
    files: list[FileUpload],
) -> None:
    hook = discord.create_webhook()

    for send in (
        lambda: rest.execute_webhook(hook.url, message, files),
        lambda: rest.create_message("123456789012345678", message, files),
        lambda: rest.edit_original(discord.application_id, "tok", message, files),
        lambda: rest.create_followup(discord.application_id, "tok", message, files),
        lambda: rest.edit_webhook_message(hook.url, "1", message, files),
        lambda: rest.send_dm("123456789012345678", message, files),
    ):
        with pytest.raises(DiscordLimitError) as caught:
            await send()
        assert caught.value.limit == limit

    assert discord.requests == []


async def test_exactly_at_the_limits_is_sent(discord: DiscordFake, rest: DiscordRest) -> None:
    hook = discord.create_webhook()
    fields = [EmbedField(name="n" * 40, value="v" * 40)] * 25
    embeds = [Embed(title="t" * 256, fields=fields), Embed(description="d" * 3744)]
    message = MessagePayload(content="c" * 2000, embeds=embeds)
    files = [png(f"{n}.png") for n in range(10)]
    assert sum(embed_text_length(e) for e in embeds) == 6000

    await rest.execute_webhook(hook.url, message, files)

    discord.assert_all_valid()
    assert len(discord.channel_messages(hook.channel_id)) == 1


async def test_interaction_size_limit_is_per_call() -> None:
    big = png("big.png", 11 * 1024 * 1024)
    with DiscordFake(attachment_size_limit=2**25) as discord:
        async with DiscordRest(api_base=discord.api_base) as rest:
            with pytest.raises(DiscordLimitError):
                await rest.edit_original(discord.application_id, "t", MessagePayload(), [big])
            await rest.edit_original(
                discord.application_id,
                "t",
                MessagePayload(),
                [big],
                attachment_size_limit=25 * 2**20,
            )

        assert len(discord.requests) == 1
        original = discord.original("t")
        assert original is not None
        assert original.attachment("big.png").size == len(big.data)


def test_whitespace_is_trimmed_before_counting() -> None:
    check_message(MessagePayload(embeds=[Embed(title=" " * 300 + "t")]))
    assert embed_text_length(Embed(title="  a  ", footer=EmbedFooter(" b "))) == 2


def test_limit_error_explains_itself() -> None:
    with pytest.raises(DiscordLimitError) as caught:
        check_message(MessagePayload(content="x" * 2001))
    error = caught.value
    assert (error.actual, error.maximum) == (2001, 2000)
    assert "2001" in str(error)
    assert error.explain(gettext.NullTranslations()) == (
        "The message breaks Discord's limit on message text length: 2001, at most 2000 "
        "allowed. Nothing was sent."
    )
