"""Tautulli API v2: the async client, its errors, the typed answers the bot reads, and the
background check of whether Tautulli answers."""

from __future__ import annotations

from ._client import TautulliClient
from ._errors import (
    TautulliAuthError,
    TautulliBadResponse,
    TautulliCommandUnknown,
    TautulliError,
    TautulliTimeout,
    TautulliUnreachable,
)
from ._history import (
    HOME_STAT_IDS,
    HistoryMediaType,
    HistoryPage,
    HistoryRow,
    HomeStat,
    HomeStatRow,
    TautulliLibrary,
)
from ._models import (
    GRAPH_COMMANDS,
    GraphData,
    GraphSeries,
    TautulliInfo,
    YAxis,
)
from ._source import TautulliSource
from ._status import Reachability, TautulliMonitor
from ._users import TautulliUser, find_user_by_email

__all__ = [
    "GRAPH_COMMANDS",
    "HOME_STAT_IDS",
    "GraphData",
    "GraphSeries",
    "HistoryMediaType",
    "HistoryPage",
    "HistoryRow",
    "HomeStat",
    "HomeStatRow",
    "Reachability",
    "TautulliAuthError",
    "TautulliBadResponse",
    "TautulliClient",
    "TautulliCommandUnknown",
    "TautulliError",
    "TautulliInfo",
    "TautulliLibrary",
    "TautulliMonitor",
    "TautulliSource",
    "TautulliTimeout",
    "TautulliUnreachable",
    "TautulliUser",
    "YAxis",
    "find_user_by_email",
]
