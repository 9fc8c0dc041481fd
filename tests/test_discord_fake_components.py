"""The fake Discord's interactions: Discord's callback rules, token lifetime, component
validation and ephemeral messages. It must refuse what Discord refuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from nacl.signing import SigningKey

from tests.fakes.discord import DiscordFake
from tests.fakes.interactions import InteractionClient

pytest_plugins = ["tests.fixtures"]

UA = {"User-Agent": "DiscordBot (https://example.invalid, 1.0)"}
OWNER = "1150000000000000901"
OTHER = "1150000000000000902"


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def http(discord: DiscordFake) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=discord.api_base, headers=UA) as client:
        yield client


@pytest.fixture
def clock(discord: DiscordFake) -> _Clock:
    fake_clock = _Clock()
    discord.clock = fake_clock
    return fake_clock


def _body(discord: DiscordFake, type_: int, user_id: str = OWNER, **fields: Any) -> dict[str, Any]:
    """An interaction body as Discord sends it (never posted: the fake is asked directly)."""
    with InteractionClient(
        "http://127.0.0.1:9", SigningKey.generate(), application_id=discord.application_id
    ) as client:
        body = client.interaction(type_, "graph", user_id=user_id)
    body.update(fields)
    return body


def _callback(http: httpx.Client, body: dict[str, Any], payload: dict[str, Any]) -> httpx.Response:
    return http.post(f"/interactions/{body['id']}/{body['token']}/callback", json=payload)


def _button(custom_id: str, **extra: Any) -> dict[str, Any]:
    return {"type": 2, "style": 2, "label": "b", "custom_id": custom_id, **extra}


def _explorer(discord: DiscordFake, http: httpx.Client) -> dict[str, Any]:
    """A private answer with two buttons (one disabled) made through the callback endpoint."""
    body = _body(discord, 2)
    discord.register_interaction(body)
    rows = [{"type": 1, "components": [_button("a"), _button("b", disabled=True)]}]
    answer = _callback(
        http, body, {"type": 4, "data": {"content": "x", "flags": 64, "components": rows}}
    )
    assert answer.status_code == 204
    return body


def test_types_6_and_7_answer_only_components(discord: DiscordFake, http: httpx.Client) -> None:
    body = _body(discord, 2)
    discord.register_interaction(body)
    refused = _callback(http, body, {"type": 6})
    assert refused.status_code == 400 and refused.json()["code"] == 50035
    assert _callback(http, body, {"type": 5, "data": {"flags": 64}}).status_code == 204
    again = _callback(http, body, {"type": 5, "data": {"flags": 64}})
    assert again.json()["code"] == 40060  # already acknowledged


def test_the_initial_answer_must_come_within_3_s_and_the_token_lasts_15_minutes(
    discord: DiscordFake, http: httpx.Client, clock: _Clock
) -> None:
    late = _body(discord, 2)
    discord.register_interaction(late)
    clock.now += 3.5
    assert _callback(http, late, {"type": 5}).json()["code"] == 10062
    body = _body(discord, 2)
    discord.register_interaction(body)
    assert _callback(http, body, {"type": 5}).status_code == 204
    original = f"/webhooks/{discord.application_id}/{body['token']}/messages/@original"
    clock.now += 14 * 60
    assert http.patch(original, json={"content": "done"}).status_code == 200
    clock.now += 2 * 60
    expired = http.patch(original, json={"content": "late"})
    assert expired.status_code == 401 and expired.json()["code"] == 50027


def test_a_click_edits_the_message_it_was_on_and_ephemeral_messages_stay_private(
    discord: DiscordFake, http: httpx.Client
) -> None:
    body = _explorer(discord, http)
    message = discord.original(body["token"])
    assert message is not None and message.ephemeral and message.owner_id == OWNER
    with pytest.raises(AssertionError, match="cannot see"):
        discord.clickable(message.id, "a", OTHER, None)
    with pytest.raises(AssertionError, match="disabled"):
        discord.clickable(message.id, "b", OWNER, None)
    with pytest.raises(AssertionError, match="no component"):
        discord.clickable(message.id, "zzz", OWNER, None)
    shown, component_type = discord.clickable(message.id, "a", OWNER, None)
    assert component_type == 2 and shown["interaction_metadata"]["user"]["id"] == OWNER
    click = _body(discord, 3, data={"custom_id": "a", "component_type": 2}, message=shown)
    discord.register_interaction(click)
    assert _callback(http, click, {"type": 7, "data": {"content": "changed"}}).status_code == 204
    assert message.content == "changed" and message.edits == 1
    # The click's @original is the message it was on.
    edit = http.patch(
        f"/webhooks/{discord.application_id}/{click['token']}/messages/@original",
        json={"content": "again"},
    )
    assert edit.status_code == 200 and edit.json()["id"] == message.id
    assert [m.id for m in discord.visible_messages(message.channel_id, OTHER)] == []
    discord.assert_all_valid()


@pytest.mark.parametrize(
    ("rows", "detail"),
    [
        ([{"type": 1, "components": [_button("x"), _button("x")]}], "used twice"),
        ([{"type": 1, "components": [_button(str(i)) for i in range(6)]}], "6 buttons"),
        ([{"type": 1, "components": [_button("x" * 101)]}], "1 to 100 characters"),
        ([{"type": 1, "components": [_button(str(i))]} for i in range(6)], "action rows"),
        (
            [{"type": 1, "components": [
                {"type": 3, "custom_id": "s", "options": [{"label": "l", "value": "v"}]},
                _button("b"),
            ]}],
            "alone in its action row",
        ),
    ],
)  # fmt: skip
def test_invalid_components_are_refused(
    discord: DiscordFake, http: httpx.Client, rows: list[dict[str, Any]], detail: str
) -> None:
    body = _body(discord, 2)
    discord.register_interaction(body)
    answer = _callback(http, body, {"type": 4, "data": {"content": "x", "components": rows}})
    assert answer.status_code == 400
    assert any(detail in problem for problem in discord.problems())


def test_an_inline_answer_breaking_the_rules_is_recorded(discord: DiscordFake) -> None:
    body = _body(discord, 2)
    discord.register_interaction(body)
    discord.answer_inline(body["token"], {"type": 7, "data": {"content": "x"}})
    assert any("not allowed for interaction type 2" in p for p in discord.problems())
    unanswered = _body(discord, 2)
    discord.register_interaction(unanswered)
    discord.answer_inline(unanswered["token"], None)
    assert any("no callback was sent" in p for p in discord.problems())


def test_an_edit_never_changes_whether_a_message_is_ephemeral() -> None:
    with DiscordFake() as fake:
        hook = fake.create_webhook()
        message = fake.post_as_webhook(hook, "hello")
        agent = {"User-Agent": "DiscordBot (https://example.invalid, 1.0)"}
        with httpx.Client(headers=agent) as http:
            answer = http.patch(
                f"{fake.api_base}/webhooks/{hook.id}/{hook.token}/messages/{message.id}",
                json={"content": "changed", "flags": 64},
            )
        assert answer.status_code == 200
        shown = fake.message(message.id)
        assert shown is not None and shown.content == "changed" and not shown.ephemeral
        assert [p for p in fake.problems() if "tried to change EPHEMERAL" in p]
