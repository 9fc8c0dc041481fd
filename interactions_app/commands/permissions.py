"""Who may use admin commands: Discord permission bits, or configured role and user ids."""

from __future__ import annotations

import re
from collections.abc import Collection

from interactions_app.discord.interactions import Member, User

__all__ = ["ADMINISTRATOR", "ADMIN_PERMISSIONS", "MANAGE_GUILD", "is_admin", "parse_permissions"]

ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ADMIN_PERMISSIONS = ADMINISTRATOR | MANAGE_GUILD
# Discord sends the bit set as a decimal string; 40 digits hold 128 bits, twice what it uses.
# ASCII only: str.isdigit() also takes superscripts, int() full-width and Arabic-Indic digits.
_BIT_SET = re.compile(r"[0-9]{1,40}", re.ASCII)


def parse_permissions(value: object) -> int:
    """The permission bits in ``value``; anything but 1 to 40 ASCII digits grants nothing."""
    if not isinstance(value, str) or _BIT_SET.fullmatch(value) is None:
        return 0
    return int(value)


def is_admin(
    member: Member | None,
    user: User | None,
    *,
    admin_role_ids: Collection[str] = (),
    admin_user_ids: Collection[str] = (),
) -> bool:
    """Administrator or Manage Server in the channel, or a configured admin role or user."""
    if user is not None and user.id in admin_user_ids:
        return True
    if member is None:
        return False
    if parse_permissions(member.permissions) & ADMIN_PERMISSIONS:
        return True
    return any(role in admin_role_ids for role in member.roles)
