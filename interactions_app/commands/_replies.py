"""Small replies shared by every command: refusals and errors explained to a person."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from interactions_app.discord.responses import ChannelMessage, message
from interactions_app.endpoint.jobs import JobCancelled
from renderer.translation import Translator

__all__ = ["Explainable", "explain_error", "refusal"]


@runtime_checkable
class Explainable(Protocol):
    """Every domain error (Tautulli, Discord, config) knows how to explain itself."""

    def explain(self, t: Translator) -> str: ...


def refusal(text: str) -> ChannelMessage:
    """An answer only the invoking user sees (type 4, ephemeral)."""
    return message(text, ephemeral=True)


def explain_error(exc: BaseException, t: Translator) -> str:
    if isinstance(exc, Explainable):
        return exc.explain(t)
    if isinstance(exc, JobCancelled):
        return t.gettext("The bot was restarted before the answer was ready; please try again.")
    return t.gettext(
        "Something went wrong while preparing the answer ({error}). "
        "The bot's log has the details for the operator."
    ).format(error=type(exc).__name__)
