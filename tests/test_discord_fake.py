"""The fake Discord itself: it must refuse what Discord refuses, or other tests prove nothing."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakes.discord import DiscordFake
from tests.fakes.multipart import MultipartError, parse_multipart

pytest_plugins = ["tests.fixtures"]

UA = {"User-Agent": "DiscordBot (https://example.invalid, 1.0)"}


@pytest.fixture
def http(discord: DiscordFake) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=discord.api_base, headers=UA) as client:
        yield client


def bot(discord: DiscordFake) -> dict[str, str]:
    return {"Authorization": f"Bot {discord.bot_token}"}


def multipart(payload: dict[str, Any], *files: tuple[str, str | None, bytes]) -> list[Any]:
    parts: list[Any] = [("payload_json", (None, json.dumps(payload).encode(), "application/json"))]
    parts += [(name, (filename, data, "image/png")) for name, filename, data in files]
    return parts


def test_starts_and_stops_quickly_and_frees_its_port() -> None:
    started = time.monotonic()
    with DiscordFake() as fake:
        port = fake.port
        assert httpx.get(fake.api_base + "/nothing/here").status_code == 404
    assert time.monotonic() - started < 3
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/api/v10/gateway")


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"content": "x", "embeds": [{"title": "t" * 257}]}, "$.embeds[0].title"),
        ({"content": "x", "embeds": [{"title": "t"}] * 11}, "$.embeds"),
        ({"content": "x", "allowed_mentions": {"parse": ["nobody"]}}, "$.allowed_mentions"),
        ({"content": 12}, "$.content"),
        ({"content": "x" * 2001}, "content is 2001 characters"),
        ({"embeds": [{"description": "d" * 4000}, {"description": "e" * 2001}]}, "6001"),
        ({"flags": 0}, "empty message"),
    ],
)
def test_invalid_webhook_bodies_are_refused_and_recorded(
    discord: DiscordFake, http: httpx.Client, body: dict[str, Any], detail: str
) -> None:
    hook = discord.create_webhook()

    response = http.post(f"/webhooks/{hook.id}/{hook.token}", json=body)

    assert response.status_code == 400
    assert response.json()["code"] == 50035
    assert any(detail in problem for problem in discord.requests[-1].problems)
    assert discord.channel_messages(hook.channel_id) == []
    with pytest.raises(AssertionError, match="invalid requests"):
        discord.assert_all_valid()


def test_docs_allowances_are_accepted(discord: DiscordFake, http: httpx.Client) -> None:
    commands = [{"name": "stats", "description": "Stats", "default_member_permissions": "8"}]
    answer = http.put(
        f"/applications/{discord.application_id}/commands", json=commands, headers=bot(discord)
    )
    hook = discord.create_webhook()
    payload = {
        "content": "x",
        "attachments": [{"id": 0, "filename": "a.png"}],
        "embeds": [{"image": {"url": "attachment://a.png"}}],
    }
    posted = http.post(
        f"/webhooks/{hook.id}/{hook.token}",
        params={"wait": "true"},
        files=multipart(payload, ("files[0]", "a.png", b"png")),
    )

    assert (answer.status_code, posted.status_code) == (200, 200)
    assert answer.json()[0]["default_member_permissions"] == "8"
    assert posted.json()["embeds"][0]["image"]["url"].endswith("/a.png")
    discord.assert_all_valid()


@pytest.mark.parametrize(
    ("payload", "files", "detail"),
    [
        ({"content": "x", "attachments": [{"id": 1}]}, [("files[0]", "a.png")], "matches no"),
        ({"content": "x"}, [("image", "a.png")], "unexpected multipart part"),
        ({"content": "x"}, [("files[0]", None)], "has no filename"),
        (
            {"embeds": [{"image": {"url": "attachment://b.png"}}]},
            [("files[0]", "a.png")],
            "names no uploaded file",
        ),
    ],
)
def test_multipart_rules_are_enforced(
    discord: DiscordFake,
    http: httpx.Client,
    payload: dict[str, Any],
    files: list[tuple[str, str | None]],
    detail: str,
) -> None:
    parts = multipart(payload, *[(name, filename, b"data") for name, filename in files])

    response = http.post("/channels/123456789012345678/messages", files=parts, headers=bot(discord))

    assert response.status_code == 400
    assert any(detail in problem for problem in discord.requests[-1].problems)


def test_multipart_without_payload_json_is_refused(
    discord: DiscordFake, http: httpx.Client
) -> None:
    response = http.post(
        "/channels/123456789012345678/messages",
        files=[("files[0]", ("a.png", b"x", "image/png"))],
        data={"content": "x"},
        headers=bot(discord),
    )
    assert response.status_code == 400
    assert "without a payload_json part" in " ".join(discord.requests[-1].problems)


def test_oversized_file_is_413(http: httpx.Client) -> None:
    with DiscordFake(attachment_size_limit=10) as small:
        hook = small.create_webhook()
        response = httpx.post(
            f"{small.api_base}/webhooks/{hook.id}/{hook.token}",
            files=multipart({"content": "x"}, ("files[0]", "a.png", b"x" * 11)),
            headers=UA,
        )
        assert (response.status_code, response.json()["code"]) == (413, 40005)


def test_transport_level_checks(discord: DiscordFake, http: httpx.Client) -> None:
    hook = discord.create_webhook()
    url = f"/webhooks/{hook.id}/{hook.token}"

    no_agent = http.post(url, json={"content": "x"}, headers={"User-Agent": "python-httpx"})
    wrong_type = http.post(url, content=b"content=x", headers={"Content-Type": "text/plain"})
    not_json = http.post(url, content=b"{", headers={"Content-Type": "application/json"})
    no_token = http.post("/users/@me/channels", json={"recipient_id": "1"})
    bad_token = http.post(
        "/users/@me/channels", json={"recipient_id": "1"}, headers={"Authorization": "Bot nope"}
    )
    unknown = http.get("/oauth2/nothing")
    not_faked = http.get("/gateway")

    assert [r.status_code for r in (no_agent, wrong_type, not_json)] == [400, 400, 400]
    assert not_json.json()["code"] == 50109
    assert [(r.status_code, r.json()["code"]) for r in (no_token, bad_token)] == [(401, 0)] * 2
    assert (unknown.status_code, not_faked.status_code) == (404, 404)
    assert "get_gateway is not implemented by the fake" in discord.requests[-1].problems


def test_messages_live_in_channels_and_vanish_when_deleted(
    discord: DiscordFake, http: httpx.Client
) -> None:
    hook = discord.create_webhook(channel_id="555555555555555555")
    url = f"/webhooks/{hook.id}/{hook.token}"
    first = http.post(url, params={"wait": "true"}, json={"content": "1"}).json()
    no_wait = http.post(url, json={"content": "2"})
    message_url = f"{url}/messages/{first['id']}"

    assert no_wait.status_code == 204
    assert [m.content for m in discord.channel_messages(hook.channel_id)] == ["1", "2"]
    assert http.get(message_url).json()["content"] == "1"
    assert http.delete(message_url).status_code == 204
    assert http.delete(message_url).json()["code"] == 10008
    assert http.patch(message_url, json={"content": "x"}).status_code == 404
    assert [m.content for m in discord.channel_messages(hook.channel_id)] == ["2"]
    wrong_token = http.post(f"/webhooks/{hook.id}/not-the-token", json={"content": "3"})
    assert wrong_token.json()["code"] == 10015
    discord.assert_all_valid()


def test_interaction_callback_and_original(discord: DiscordFake, http: httpx.Client) -> None:
    original = f"/webhooks/{discord.application_id}/tok/messages/@original"
    assert http.get(original).status_code == 404

    deferred = http.post("/interactions/1/tok/callback", json={"type": 5})
    with_response = http.post(
        "/interactions/2/tok2/callback",
        params={"with_response": "true"},
        json={"type": 4, "data": {"content": "hi", "flags": 64}},
    )
    http.patch(original, json={"content": "done"})

    assert deferred.status_code == 204
    again = http.post("/interactions/1/tok/callback", json={"type": 5})
    assert (again.status_code, again.json()["code"]) == (400, 40060)
    assert with_response.json()["interaction"]["id"] == "2"
    assert http.get(original).json()["content"] == "done"
    assert discord.original("tok2") is not None
    assert [m.content for m in discord.channel_messages(discord.interaction_channel_id)] == [
        "done",
        "hi",
    ]
    assert http.delete(original).status_code == 204
    assert discord.original("tok") is None
    discord.assert_all_valid()


def test_faults_hit_the_nth_matching_request(discord: DiscordFake, http: httpx.Client) -> None:
    hook = discord.create_webhook()
    url = f"/webhooks/{hook.id}/{hook.token}"
    discord.inject("POST /webhooks/{webhook_id}/{webhook_token}", status=404, nth=2)
    discord.inject("execute_webhook", status=401, nth=4, message="nope")

    statuses = [http.post(url, json={"content": str(n)}).status_code for n in range(5)]

    assert statuses == [204, 404, 204, 401, 204]
    assert len(discord.requests_for("POST /webhooks/{webhook_id}/{webhook_token}")) == 5


def test_answers_carry_rate_limit_headers(discord: DiscordFake, http: httpx.Client) -> None:
    discord.rate_limit(None, retry_after=1.5, is_global=True)

    limited = http.post("/users/@me/channels", json={"recipient_id": "1"}, headers=bot(discord))
    normal = http.post("/users/@me/channels", json={"recipient_id": "1"}, headers=bot(discord))

    assert limited.status_code == 429
    assert limited.json() == {
        "message": "You are being rate limited.",
        "retry_after": 1.5,
        "global": True,
    }
    assert limited.headers["x-ratelimit-global"] == "true"
    assert limited.headers["x-ratelimit-scope"] == "global"
    assert limited.headers["retry-after"] == "1.500"
    assert limited.headers["x-ratelimit-reset-after"] == "1.500"
    assert normal.json()["type"] == 1
    assert normal.headers["x-ratelimit-limit"] == "50"
    assert normal.headers["x-ratelimit-remaining"] == "48"
    assert float(normal.headers["x-ratelimit-reset"]) > time.time()
    assert normal.headers["x-ratelimit-bucket"]


def test_slow_fault_delays_the_answer(discord: DiscordFake, http: httpx.Client) -> None:
    discord.slow("create_dm", 0.3)
    started = time.monotonic()
    response = http.post("/users/@me/channels", json={"recipient_id": "1"}, headers=bot(discord))
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.3


def test_multipart_parser_is_strict() -> None:
    boundary = "multipart/form-data; boundary=XyZ"
    good = b'--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ--\r\n'
    assert parse_multipart(good, boundary)[0].data == b"1"
    for bad, content_type in [
        (good, "multipart/form-data"),
        (good[:-4], boundary),
        (b'--XyZ\r\nContent-Disposition: form-data; name="a"\r\n1\r\n--XyZ--', boundary),
        (b"--XyZ\r\nContent-Disposition: attachment\r\n\r\n1\r\n--XyZ--", boundary),
        (b"--XyZ\r\nContent-Disposition: form-data\r\n\r\n1\r\n--XyZ--", boundary),
        (b"--XyZ\r\nno header\r\n\r\n1\r\n--XyZ--", boundary),
        (b'--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1--XyZ--', boundary),
    ]:
        with pytest.raises(MultipartError):
            parse_multipart(bad, content_type)
