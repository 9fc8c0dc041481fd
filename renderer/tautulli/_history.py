"""Typed shapes of ``get_history``, ``get_home_stats`` and ``get_library_names``: what the digest
reads of them (a new or retyped column elsewhere in a row cannot break it)."""

from __future__ import annotations

from typing import Literal

import msgspec

HistoryMediaType = Literal["movie", "episode", "track", "live"]

HOME_STAT_IDS: tuple[str, ...] = (
    "top_movies",
    "popular_movies",
    "top_tv",
    "popular_tv",
    "top_music",
    "popular_music",
    "top_libraries",
    "top_users",
    "top_platforms",
    "last_watched",
    "most_concurrent",
)
"""The ``stat_id``s of Tautulli 2.17; older versions lack some (an answer may leave any out)."""


class HistoryRow(msgspec.Struct, frozen=True):
    """One row of ``get_history``: a play (grouped: the sessions of one resumed play) or, with
    grouping off, one session. Times are epoch seconds; ``play_duration`` excludes pauses."""

    reference_id: int
    row_id: int
    started: int
    stopped: int
    user_id: int
    media_type: str
    play_duration: int | None = None
    duration: int | None = None
    """Before 2.12.3 the only watch time sent, already without pauses (the same sum that
    became ``play_duration``, which later versions send as ``duration`` too)."""
    friendly_name: str | None = None
    user: str = ""
    platform: str | None = None
    title: str | None = None
    grandparent_title: str | None = None
    full_title: str | None = None
    year: int | str | None = None
    """An int, or "" / null when Plex had none."""
    rating_key: int | str | None = None
    grandparent_rating_key: int | str | None = None
    group_count: int = 1

    @property
    def seconds(self) -> int:
        watched = self.play_duration if self.play_duration is not None else self.duration
        return max(watched or 0, 0)

    @property
    def year_number(self) -> int | None:
        return self.year if isinstance(self.year, int) else None


class HistoryPage(msgspec.Struct, frozen=True, rename={"filtered": "recordsFiltered"}):
    """One page of ``get_history``; ``filtered`` counts every row the filters match."""

    filtered: int
    data: list[HistoryRow]
    filter_duration: str = "0"
    """Watch time of the rows *on this page* only, in Tautulli's words ("2 hrs 25 mins")."""


class HomeStatRow(msgspec.Struct, frozen=True):
    """A row of any ``get_home_stats`` card; each card fills only some of these."""

    title: str | None = None
    year: int | str | None = None
    total_plays: int | None = None
    total_duration: int | None = None
    users_watched: int | str | None = None
    user_id: int | None = None
    friendly_name: str | None = None
    platform: str | None = None
    section_id: int | str | None = None
    section_name: str | None = None
    count: int | None = None
    started: int | str | None = None


class HomeStat(msgspec.Struct, frozen=True):
    stat_id: str
    rows: list[HomeStatRow]
    stat_type: str | None = None


class TautulliLibrary(msgspec.Struct, frozen=True):
    """A library as ``get_library_names`` lists it (from Tautulli's own database, so it answers
    while Plex is down, unlike ``get_libraries``, which asks Plex)."""

    section_id: int
    section_name: str
    section_type: str
    """``movie``, ``show``, ``artist``, ``photo``, ``live``."""
