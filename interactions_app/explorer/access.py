"""Who may see what, checked on every click and command against the current config.

Admins may explore any Plex user's statistics; everyone else only the whole server's or their
own (their linked Plex account). What a ``custom_id`` says is never trusted: a view naming a
user is refused to a member who is not that user, however the id was made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interactions_app.explorer.view import View
from interactions_app.graphs.options import enabled_specs
from renderer.translation import N_, Translator

if TYPE_CHECKING:
    from interactions_app.commands._context import Runtime

__all__ = [
    "PLEX_USER_OPTION",
    "Refused",
    "Stale",
    "authorize",
    "linked_account",
    "not_yours",
    "offered",
    "unlinked",
]

# Translators: a command option name: lower-case, no spaces, 1-32 characters.
PLEX_USER_OPTION = N_("plex_user")
"""/graph's option naming whose plays to show (the same words as /config link's)."""


class Refused(Exception):
    """The member may not see this view; ``text`` (translated) says why."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class Stale(Exception):
    """The view no longer fits the config (its graph was turned off)."""


async def linked_account(services: Runtime, discord_user_id: str) -> int | None:
    """The Plex account the member's Discord account is linked to, if the link counts."""
    binding = await services.request_state.call(
        lambda store: store.binding_for_discord(discord_user_id)
    )
    if binding is None or not (binding.verified or services.config.LINKING == "email"):
        return None
    return binding.plex_user_id


def unlinked(t: Translator, linking: str) -> str:
    """How an unlinked member gets linked, by the server's ``LINKING`` (/my_stats and /link
    start the Plex sign-in themselves; elsewhere ``plex`` points to /link)."""
    if linking == "admin":
        return t.gettext(
            "Your Discord account is not linked to a Plex account yet. "
            "Ask an admin of this server to link it."
        )
    if linking == "email":
        return t.gettext(
            "Your Discord account is not linked to a Plex account yet. "
            "Use /my_stats with the email address of your Plex account."
        )
    return t.gettext(
        "Your Discord account is not linked to a Plex account, so there are no "
        "statistics of your own to show. Use /link first (or ask an admin)."
    )


def offered(services: Runtime, view: View) -> bool:
    """Whether the view's graph is on, and can be shown for one user when the view needs it."""
    scoped = view.personal or view.user is not None
    enabled = enabled_specs(services.config, personal_only=scoped)
    return any(spec.key == view.graph for spec in enabled)


async def authorize(
    services: Runtime, view: View, member_id: str, *, admin: bool, t: Translator
) -> int | None:
    """The Plex user whose plays ``view`` shows to this member (None: the whole server).

    Raises ``Stale`` for a graph that is off, ``Refused`` for someone else's statistics."""
    if not offered(services, view):
        raise Stale(view.graph)
    if not view.personal and (view.user is None or admin):
        return view.user
    linked = await linked_account(services, member_id)
    if linked is None:
        raise Refused(unlinked(t, services.config.LINKING))
    if view.personal or view.user == linked:
        return linked
    raise Refused(not_yours(t))


def not_yours(t: Translator) -> str:
    return t.gettext(
        "You can explore the whole server's statistics and your own, not another "
        "member's. Leave {user} out, or pick your own account."
    ).format(user=t.gettext(PLEX_USER_OPTION))
