"""Tautulli's users, and finding one by e-mail (the way /my_stats matches a member's address)."""

from __future__ import annotations

import msgspec


class TautulliUser(msgspec.Struct, frozen=True):
    """One row of ``get_users``: only what the bot reads (a new or retyped column elsewhere in
    the row cannot break /my_stats). Tautulli leaves ``email`` NULL for some users."""

    user_id: int
    email: str | None = None
    username: str = ""
    friendly_name: str | None = None

    @property
    def name(self) -> str:
        """What Tautulli shows for the user: the friendly name, else the Plex username."""
        return self.friendly_name or self.username or str(self.user_id)


def find_user_by_email(users: list[TautulliUser], email: str) -> TautulliUser | None:
    """The user whose email matches, ignoring case and surrounding spaces; never "Local" (id 0)."""
    wanted = email.strip().casefold()
    if not wanted:
        return None
    for user in users:
        if user.user_id != 0 and user.email and user.email.strip().casefold() == wanted:
            return user
    return None
