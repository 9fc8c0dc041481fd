"""Discord delivering interactions to the app, and applying the app's answers to its world.

``DiscordDriver(client, fake)`` registers each interaction with the fake Discord (so its token
follows Discord's rules: one initial response of an allowed type within 3 s, 15 minutes of
life), POSTs it signed, and hands the inline answer to the fake as Discord would apply it (a
type 5 creates the "thinking…" message, a type 7 edits the clicked message). Clicks are made
on messages the fake holds, with their flags and interaction metadata, as a member sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakes.discord import DiscordFake
from tests.fakes.discord_state import FakeMessage
from tests.fakes.interactions import InteractionClient

__all__ = ["DiscordDriver", "Sent"]


@dataclass(frozen=True)
class Sent:
    body: dict[str, Any]
    status: int
    answer: dict[str, Any] | None
    """The inline answer; None for a 202 (answered through the callback endpoint)."""

    @property
    def token(self) -> str:
        return self.body["token"]

    @property
    def content(self) -> str:
        assert self.answer is not None
        return self.answer["data"]["content"]


class DiscordDriver:
    def __init__(self, client: InteractionClient, fake: DiscordFake) -> None:
        self.client = client
        self.fake = fake

    def command(
        self, name: str, options: list[dict[str, Any]] | None = None, **kwargs: Any
    ) -> Sent:
        return self.send(self.client.interaction(2, name, options, **kwargs))

    def click(
        self,
        message: FakeMessage | str,
        custom_id: str,
        *,
        user_id: str,
        values: list[str] | None = None,
        **kwargs: Any,
    ) -> Sent:
        """A member clicks ``custom_id`` (picks ``values`` in a menu) on a message they see."""
        message_id = message if isinstance(message, str) else message.id
        shown, component_type = self.fake.clickable(message_id, custom_id, user_id, values)
        body = self.client.interaction(3, "", user_id=user_id, **kwargs)
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        body.update(data=data, message=shown)
        return self.send(body)

    def forged_click(
        self, message: FakeMessage, custom_id: str, *, user_id: str, **kwargs: Any
    ) -> Sent:
        """A click with a ``custom_id`` the message does not carry (a hand-made request)."""
        body = self.client.interaction(3, "", user_id=user_id, **kwargs)
        body.update(data={"custom_id": custom_id, "component_type": 2}, message=message.to_json())
        return self.send(body)

    def send(self, body: dict[str, Any]) -> Sent:
        self.fake.register_interaction(body)
        response = self.client.post(body)
        if response.status_code not in (200, 202):
            return Sent(body, response.status_code, None)
        answer = response.json() if response.status_code == 200 else None
        self.fake.answer_inline(body["token"], answer)
        return Sent(body, response.status_code, answer)
