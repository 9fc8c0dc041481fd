"""Interactions as the fake Discord sees them: who caused each, when, what answered it.

Discord's rules (receiving-and-responding.mdx; PROTOCOL.md §2): each interaction gets one
initial response, within 3 seconds, of a callback type its interaction type allows (6 and 7
only for message components); its token then works for 15 minutes. Times come from the
world's ``clock`` (a seam: tests move it instead of sleeping).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.fakes.discord_rules import RequestProblem

INITIAL_RESPONSE_SECONDS = 3.0
TOKEN_SECONDS = 15 * 60.0
EPHEMERAL = 64

ALLOWED_CALLBACKS: dict[int, frozenset[int]] = {
    1: frozenset({1}),
    2: frozenset({4, 5, 9}),
    3: frozenset({4, 5, 6, 7, 9}),
    4: frozenset({8}),
    5: frozenset({4, 5, 6, 7}),
}


@dataclass(slots=True)
class InteractionRecord:
    id: str
    type: int
    token: str
    user_id: str
    guild_id: str | None
    issued_at: float
    message_id: str | None = None
    """A component interaction: the message the component is on."""
    answered_with: int | None = None

    def metadata(self) -> dict[str, Any]:
        """A message's ``interaction_metadata`` when it answers this interaction."""
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "user": {
                "id": self.user_id,
                "username": f"user{self.user_id[-4:]}",
                "discriminator": "0",
                "global_name": None,
                "avatar": None,
            },
            "authorizing_integration_owners": {"0": self.guild_id or "0"},
        }
        if self.message_id is not None:
            data["interacted_message_id"] = self.message_id
        return data


def record_from(body: dict[str, Any], issued_at: float) -> InteractionRecord:
    member = body.get("member") or {}
    user = member.get("user") or body.get("user") or {}
    message = body.get("message") or {}
    return InteractionRecord(
        id=body["id"],
        type=body["type"],
        token=body["token"],
        user_id=user.get("id", "0"),
        guild_id=body.get("guild_id"),
        issued_at=issued_at,
        message_id=message.get("id"),
    )


def check_callback(
    record: InteractionRecord, callback_type: object, data: object, now: float
) -> None:
    """Raise what Discord answers to a callback breaking its rules."""
    if record.answered_with is not None:
        raise RequestProblem(400, 40060, "Interaction has already been acknowledged.")
    if now - record.issued_at > INITIAL_RESPONSE_SECONDS:
        raise RequestProblem(404, 10062, "Unknown interaction")
    if not isinstance(callback_type, int) or callback_type not in ALLOWED_CALLBACKS.get(
        record.type, frozenset()
    ):
        raise RequestProblem(
            400,
            50035,
            "Invalid Form Body",
            [f"callback type {callback_type!r} is not allowed for interaction type {record.type}"],
        )
    flags = (data or {}).get("flags") if isinstance(data, dict) else None
    if callback_type == 5 and flags not in (None, 0, EPHEMERAL):
        raise RequestProblem(400, 50035, "Invalid Form Body", ["type 5 takes only EPHEMERAL"])


def check_token_alive(record: InteractionRecord, now: float) -> None:
    if now - record.issued_at > TOKEN_SECONDS:
        raise RequestProblem(401, 50027, "Invalid Webhook Token")
