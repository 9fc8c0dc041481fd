"""Channel webhooks beyond the spec's schemas: who owns one, and which components it may send.

``developers/resources/webhook.mdx`` (discord/discord-api-docs), Execute Webhook:
"Application-owned webhooks can always send components. Non-application-owned webhooks cannot
send interactive components, and the `components` field will be ignored unless they set the
`with_components` query param." The query parameter: "When enabled, allows application-owned
webhooks to use all components and non-owned webhooks to use non-interactive components
(defaults to `false`)". A webhook's ``application_id`` is "the bot/OAuth2 application that
created this webhook": one created with the bot token (Create Webhook, Manage Webhooks).

The docs do not say how Discord refuses an interactive component from a webhook a user made;
the fake answers 400 Invalid Form Body and records it as a problem, since the bot must never
send one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.fakes.discord_http import RecordedRequest
from tests.fakes.discord_rules import invalid

_TRUE = ("true", "True", "1")
_ROW = 1
_BUTTON = 2
_NON_INTERACTIVE_BUTTON_STYLES = frozenset({5, 6})  # link, premium
_INTERACTIVE_TYPES = frozenset({2, 3, 4, 5, 6, 7, 8})  # buttons, selects, text input


def kept_components(recorded: RecordedRequest, *, owned: bool) -> list[dict[str, Any]]:
    """The components a channel webhook's message keeps; raises for refused ones."""
    payload = recorded.payload if isinstance(recorded.payload, dict) else {}
    components: list[dict[str, Any]] = payload.get("components") or []
    if not components or recorded.query.get("with_components") not in _TRUE:
        return []
    if not owned:
        refused = [c for c in _leaves(components) if _interactive(c)]
        if refused:
            problem = invalid(
                [
                    f"components: a webhook not owned by an application cannot send "
                    f"interactive components ({len(refused)} sent)"
                ]
            )
            recorded.problems.extend(problem.details)
            raise problem
    return components


def _leaves(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for component in components:
        if component.get("type") == _ROW:
            yield from _leaves(component.get("components") or [])
        else:
            yield component


def _interactive(component: dict[str, Any]) -> bool:
    kind = component.get("type")
    if kind == _BUTTON:
        return component.get("style") not in _NON_INTERACTIVE_BUTTON_STYLES
    return kind in _INTERACTIVE_TYPES
