"""Plex users named as the bot shows them: Tautulli's names, censored when ``CENSOR_USERNAMES``
is on (the censored names stay distinct, so two users can still be told apart)."""

from __future__ import annotations

from renderer.censor import censor_usernames
from renderer.tautulli import TautulliSource, TautulliUser

__all__ = ["plex_user_names", "shown_names"]


def shown_names(users: list[TautulliUser], censor: bool) -> dict[int, str]:
    """Plex user id → the name to show, for every real user (never "Local", id 0)."""
    real = [user for user in users if user.user_id != 0]
    names = [user.name for user in real]
    shown = censor_usernames(names) if censor else names
    return {user.user_id: name for user, name in zip(real, shown, strict=True)}


async def plex_user_names(source: TautulliSource, *, censor: bool) -> dict[int, str]:
    """Plex user id → the name to show, for every real user of the server."""
    return shown_names(await source.users(), censor)
