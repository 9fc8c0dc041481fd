"""DiscordRest against the fake Discord on loopback: every route, headers, bodies, uploads."""

from __future__ import annotations

import struct
import zlib

import httpx
import pytest

from interactions_app.discord import (
    EPHEMERAL,
    AllowedMentions,
    AttachmentRef,
    DiscordAuthError,
    DiscordRest,
    DiscordWebhookURLError,
    Embed,
    EmbedField,
    EmbedFooter,
    EmbedImage,
    FileUpload,
    MessagePayload,
    default_user_agent,
    parse_webhook_url,
)
from tests.fakes.discord import DiscordFake

pytest_plugins = ["tests.fixtures"]

pytestmark = pytest.mark.anyio


def tiny_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\0" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def graph_message(*names: str) -> MessagePayload:
    embeds = [
        Embed(
            title=f"Graph {name}",
            description="Plays per day",
            image=EmbedImage(url=f"attachment://{name}"),
            fields=[EmbedField(name="Total", value="42", inline=True)],
            footer=EmbedFooter(text="Next update <t:1700000000:R>"),
        )
        for name in names
    ]
    return MessagePayload(content="Statistics for @everyone", embeds=embeds)


async def test_execute_webhook_uploads_files_as_multipart(
    discord: DiscordFake, rest: DiscordRest
) -> None:
    hook = discord.create_webhook()
    files = [
        FileUpload("daily.png", tiny_png(40, 30), "Daily plays"),
        FileUpload("hourly.png", tiny_png(20, 10), "Plays by hour"),
    ]

    sent = await rest.execute_webhook(hook.url, graph_message("daily.png", "hourly.png"), files)

    request = discord.requests[-1]
    assert request.method == "POST"
    assert request.path == f"/webhooks/{hook.id}/{hook.token}"
    assert request.query == {"wait": "true"}
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert [(p.name, p.filename, p.content_type) for p in request.parts] == [
        ("payload_json", None, "application/json"),
        ("files[0]", "daily.png", "image/png"),
        ("files[1]", "hourly.png", "image/png"),
    ]
    assert [p.data for p in request.files] == [file.data for file in files]
    assert request.payload["attachments"] == [
        {"id": 0, "filename": "daily.png", "description": "Daily plays"},
        {"id": 1, "filename": "hourly.png", "description": "Plays by hour"},
    ]
    assert [e["image"]["url"] for e in request.payload["embeds"]] == [
        "attachment://daily.png",
        "attachment://hourly.png",
    ]
    assert request.payload["allowed_mentions"] == {"parse": []}
    discord.assert_all_valid()

    (stored,) = discord.channel_messages(hook.channel_id)
    assert (sent.id, sent.channel_id) == (stored.id, hook.channel_id)
    assert stored.attachment("daily.png").data == files[0].data
    assert [a.filename for a in sent.attachments] == ["daily.png", "hourly.png"]
    assert stored.to_json()["embeds"][0]["image"]["width"] == 40


async def test_message_without_files_is_plain_json(discord: DiscordFake, rest: DiscordRest) -> None:
    hook = discord.create_webhook()

    await rest.execute_webhook(hook.url, MessagePayload(content="no pictures today"))

    request = discord.requests[-1]
    assert request.headers["content-type"] == "application/json"
    assert request.parts == []
    assert request.json == {"content": "no pictures today", "allowed_mentions": {"parse": []}}


async def test_explicit_allowed_mentions_are_sent(discord: DiscordFake, rest: DiscordRest) -> None:
    hook = discord.create_webhook()
    mentions = AllowedMentions(users=["123456789012345678"], roles=[])

    await rest.execute_webhook(hook.url, MessagePayload(content="hi", allowed_mentions=mentions))

    assert discord.requests[-1].json["allowed_mentions"] == {
        "parse": [],
        "users": ["123456789012345678"],
        "roles": [],
    }
    discord.assert_all_valid()


async def test_reprs_show_no_secrets_or_bytes() -> None:
    async with DiscordRest(api_base="http://127.0.0.1:9/api/v10", bot_token="MTIz.x") as rest:
        assert "MTIz" not in repr(rest)
    assert repr(FileUpload("a.png", b"\x89PNG" * 1000)) == "FileUpload(filename='a.png', size=4000)"


async def test_webhook_routes_never_carry_the_bot_token(
    discord: DiscordFake, rest: DiscordRest
) -> None:
    hook = discord.create_webhook()
    sent = await rest.execute_webhook(hook.url, MessagePayload(content="a"))
    await rest.edit_webhook_message(hook.url, sent.id, MessagePayload(content="b"))
    await rest.delete_webhook_message(hook.url, sent.id)
    await rest.edit_original(discord.application_id, "tok", MessagePayload(content="c"))
    await rest.create_followup(discord.application_id, "tok", MessagePayload(content="d"))
    channel_id = await rest.create_dm("123456789012345678")
    await rest.create_message(channel_id, MessagePayload(content="e"))

    by_auth = {r.operation_id: r.headers.get("authorization") for r in discord.requests}
    assert by_auth == {
        "execute_webhook": None,
        "update_webhook_message": None,
        "delete_webhook_message": None,
        "update_original_webhook_message": None,
        "create_dm": f"Bot {discord.bot_token}",
        "create_message": f"Bot {discord.bot_token}",
    }
    assert {r.headers["user-agent"] for r in discord.requests} == {default_user_agent()}
    assert default_user_agent().startswith("DiscordBot (https://")
    discord.assert_all_valid()


async def test_edit_original_and_follow_up(discord: DiscordFake, rest: DiscordRest) -> None:
    discord.open_interaction("tok-1", "111111111111111111")
    png = tiny_png(8, 8)

    edited = await rest.edit_original(
        discord.application_id,
        "tok-1",
        graph_message("g.png"),
        [FileUpload("g.png", png)],
        attachment_size_limit=len(png),
    )
    follow = await rest.create_followup(
        discord.application_id, "tok-1", MessagePayload(content="only you", flags=EPHEMERAL)
    )

    original = discord.original("tok-1")
    assert original is not None
    assert original.id == edited.id
    assert original.attachment("g.png").data == png
    assert (
        discord.requests[0].path == f"/webhooks/{discord.application_id}/tok-1/messages/@original"
    )
    assert discord.requests[0].method == "PATCH"
    assert discord.requests[1].path == f"/webhooks/{discord.application_id}/tok-1"
    assert discord.requests[1].json["flags"] == EPHEMERAL
    channel = discord.channel_messages("111111111111111111")
    assert [m.id for m in channel] == [edited.id, follow.id]
    discord.assert_all_valid()


async def test_edit_keeps_listed_attachments_and_adds_new_ones(
    discord: DiscordFake, rest: DiscordRest
) -> None:
    hook = discord.create_webhook()
    first = await rest.execute_webhook(
        hook.url,
        graph_message("a.png", "b.png"),
        [FileUpload("a.png", tiny_png(2, 2)), FileUpload("b.png", tiny_png(3, 3))],
    )
    keep = AttachmentRef(id=first.attachments[0].id)
    message = MessagePayload(
        embeds=list(graph_message("a.png", "c.png").embeds or []), attachments=[keep]
    )

    await rest.edit_webhook_message(hook.url, first.id, message, [FileUpload("c.png", b"c")])

    request = discord.requests[-1]
    assert request.method == "PATCH"
    assert request.payload["attachments"] == [
        {"id": first.attachments[0].id},
        {"id": 0, "filename": "c.png"},
    ]
    stored = discord.message(first.id)
    assert stored is not None
    assert [a.filename for a in stored.attachments] == ["a.png", "c.png"]
    assert stored.edits == 1
    discord.assert_all_valid()


async def test_edit_with_new_files_only_replaces_old_attachments(
    discord: DiscordFake, rest: DiscordRest
) -> None:
    hook = discord.create_webhook()
    first = await rest.execute_webhook(
        hook.url, MessagePayload(content="v1"), [FileUpload("old.png", b"old")]
    )

    await rest.edit_webhook_message(
        hook.url, first.id, MessagePayload(content="v2"), [FileUpload("new.png", b"new")]
    )

    stored = discord.message(first.id)
    assert stored is not None
    assert (stored.content, [a.filename for a in stored.attachments]) == ("v2", ["new.png"])


async def test_delete_webhook_message_removes_it_and_tolerates_404(
    discord: DiscordFake, rest: DiscordRest
) -> None:
    hook = discord.create_webhook()
    one = await rest.execute_webhook(hook.url, MessagePayload(content="1"))
    two = await rest.execute_webhook(hook.url, MessagePayload(content="2"))

    assert await rest.delete_webhook_message(hook.url, one.id) is True
    assert await rest.delete_webhook_message(hook.url, one.id) is False

    assert [m.id for m in discord.channel_messages(hook.channel_id)] == [two.id]
    assert [r.status for r in discord.requests_for("delete_webhook_message")] == [204, 404]


async def test_dm_is_opened_then_written(discord: DiscordFake, rest: DiscordRest) -> None:
    user_id = "223456789012345678"

    sent = await rest.send_dm(
        user_id, MessagePayload(content="Your stats"), [FileUpload("s.png", b"x")]
    )

    assert sent.channel_id == discord.dm_channel_id(user_id)
    assert discord.requests[0].json == {"recipient_id": user_id}
    assert discord.requests[1].path == f"/channels/{sent.channel_id}/messages"
    assert [m.id for m in discord.channel_messages(sent.channel_id)] == [sent.id]
    discord.assert_all_valid()


async def test_bulk_overwrite_commands_global_and_guild(
    discord: DiscordFake, rest: DiscordRest
) -> None:
    commands = [
        {"name": "about", "description": "About the bot", "type": 1, "contexts": [0, 1]},
        {
            "name": "config",
            "description": "Configuration",
            "default_member_permissions": "0",
            "options": [
                {"type": 1, "name": "view", "description": "Show the configuration"},
            ],
        },
    ]

    echoed = await rest.bulk_overwrite_commands(discord.application_id, commands)
    again = await rest.bulk_overwrite_commands(discord.application_id, commands)
    guild = await rest.bulk_overwrite_commands(
        discord.application_id, commands[:1], guild_id="323456789012345678"
    )

    assert [c["name"] for c in echoed] == ["about", "config"]
    assert all(c["id"].isdigit() for c in echoed)
    assert [c["id"] for c in again] == [c["id"] for c in echoed]
    assert echoed[1]["default_member_permissions"] == "0"
    assert guild[0]["guild_id"] == "323456789012345678"
    assert discord.requests[0].path == f"/applications/{discord.application_id}/commands"
    assert discord.requests[2].path == (
        f"/applications/{discord.application_id}/guilds/323456789012345678/commands"
    )
    assert discord.commands() == again
    discord.assert_all_valid()


async def test_bot_routes_without_a_token_fail_before_sending(discord: DiscordFake) -> None:
    async with DiscordRest(api_base=discord.api_base) as rest:
        with pytest.raises(DiscordAuthError) as caught:
            await rest.create_dm("123456789012345678")
    assert caught.value.status == 0
    assert discord.requests == []


async def test_injected_client_is_not_closed(discord: DiscordFake) -> None:
    async with httpx.AsyncClient() as http:
        async with DiscordRest(api_base=discord.api_base, http=http) as rest:
            hook = discord.create_webhook()
            await rest.execute_webhook(hook.url, MessagePayload(content="x"))
        assert not http.is_closed
        response = await http.get(discord.api_base + "/nothing/here")
        assert response.status_code == 404


def test_webhook_url_is_parsed_and_rebased() -> None:
    assert parse_webhook_url("https://discord.com/api/webhooks/123/abc-DEF_x") == (
        "123",
        "abc-DEF_x",
    )
    assert parse_webhook_url("https://canary.discord.com/api/v10/webhooks/9/t?wait=true") == (
        "9",
        "t",
    )
    for bad in ("", "https://discord.com/api/channels/1/messages", "webhooks/1/x"):
        with pytest.raises(DiscordWebhookURLError):
            parse_webhook_url(bad)
