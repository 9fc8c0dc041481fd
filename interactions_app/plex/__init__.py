"""plex.tv sign-in (the PIN flow Tautulli, Overseerr and Wrapperr use) to verify account links."""

from __future__ import annotations

from interactions_app.plex._client import (
    PlexAccount,
    PlexPin,
    PlexTV,
    PlexTVUnavailable,
    client_identifier,
    sign_in_url,
)

__all__ = [
    "PlexAccount",
    "PlexPin",
    "PlexTV",
    "PlexTVUnavailable",
    "client_identifier",
    "sign_in_url",
]
