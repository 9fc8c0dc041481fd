"""Who may use admin commands: Discord permission bits, or configured role and user ids."""

from __future__ import annotations

from collections.abc import Collection

from interactions_app.interactions import Member, User

__all__ = ["ADMINISTRATOR", "ADMIN_PERMISSIONS", "MANAGE_GUILD", "is_admin", "parse_permissions"]

ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ADMIN_PERMISSIONS = ADMINISTRATOR | MANAGE_GUILD


def parse_permissions(value: str | None) -> int:
    """Discord sends permissions as a decimal string of any size; anything else grants nothing."""
    if not value or not value.isdigit():
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
