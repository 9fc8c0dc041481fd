"""Tautulli's history rows summed up the way its History page counts them.

The rows come ungrouped (one per session): a resumed play is the sessions sharing a
``reference_id``, which is exactly what Tautulli's grouping does after applying the same filters,
so grouped plays, watch time and titles follow from them, and the sessions still give exact
stream intervals for the peak.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from renderer.digest.model import Peak, Person, RankBy, Share, TitleStat
from renderer.tautulli import HistoryRow

TOP = 5


@dataclass(frozen=True, slots=True)
class Play:
    """One grouped play: its sessions, oldest first."""

    sessions: tuple[HistoryRow, ...]

    @property
    def first(self) -> HistoryRow:
        return self.sessions[0]

    @property
    def started(self) -> int:
        return self.first.started

    @property
    def seconds(self) -> int:
        return sum(session.seconds for session in self.sessions)

    @property
    def user_id(self) -> int:
        return self.first.user_id

    @property
    def media_type(self) -> str:
        return self.first.media_type


def grouped_plays(rows: Iterable[HistoryRow]) -> list[Play]:
    """The sessions grouped by play, oldest play first."""
    groups: dict[int, list[HistoryRow]] = defaultdict(list)
    for row in rows:
        groups[row.reference_id].append(row)
    plays = [Play(tuple(sorted(g, key=lambda r: (r.started, r.row_id)))) for g in groups.values()]
    plays.sort(key=lambda play: (play.started, play.first.row_id))
    return plays


def weight(plays: int, seconds: int, rank_by: RankBy) -> tuple[int, int]:
    return (plays, seconds) if rank_by == "plays" else (seconds, plays)


@dataclass
class _Tally:
    name: str
    year: int | None = None
    plays: int = 0
    seconds: int = 0
    users: set[int] | None = None

    def add(self, play: Play) -> None:
        self.plays += 1
        self.seconds += play.seconds
        if self.users is None:
            self.users = set()
        self.users.add(play.user_id)

    def title_stat(self) -> TitleStat:
        return TitleStat(self.name, self.year, self.plays, self.seconds, len(self.users or ()))


def _tally(
    plays: Iterable[Play], key: Callable[[Play], tuple[Hashable, str, int | None] | None]
) -> dict[Hashable, _Tally]:
    tallies: dict[Hashable, _Tally] = {}
    for play in plays:
        found = key(play)
        if found is None:
            continue
        ident, name, year = found
        tallies.setdefault(ident, _Tally(name, year)).add(play)
    return tallies


def _movie(play: Play) -> tuple[Hashable, str, int | None] | None:
    row = play.first
    if row.media_type != "movie":
        return None
    title = row.title or row.full_title or "?"
    # Tautulli's home stats tell movies apart by title and year.
    return (("movie", title, row.year_number), title, row.year_number)


def _parent(media_type: str) -> Callable[[Play], tuple[Hashable, str, int | None] | None]:
    def key(play: Play) -> tuple[Hashable, str, int | None] | None:
        row = play.first
        if row.media_type != media_type:
            return None
        name = row.grandparent_title or row.title or "?"
        # The row's year is the episode's or the track's, not the show's or the artist's.
        return ((media_type, row.grandparent_rating_key or name), name, None)

    return key


def _ranked(tallies: Iterable[_Tally], rank_by: RankBy) -> list[TitleStat]:
    stats = [tally.title_stat() for tally in tallies]
    stats.sort(key=lambda s: (*(-w for w in weight(s.plays, s.seconds, rank_by)), s.title))
    return stats


def top_titles(plays: Sequence[Play], rank_by: RankBy) -> dict[str, tuple[TitleStat, ...]]:
    """Top movies, shows (episodes grouped by show) and artists (tracks grouped by artist)."""
    return {
        kind: tuple(_ranked(_tally(plays, key).values(), rank_by)[:TOP])
        for kind, key in (
            ("movies", _movie),
            ("shows", _parent("episode")),
            ("artists", _parent("track")),
        )
    }


def most_popular(plays: Sequence[Play]) -> TitleStat | None:
    """The title the most different users played (then the most plays, then by name)."""
    stats = [
        tally.title_stat()
        for key in (_movie, _parent("episode"), _parent("track"))
        for tally in _tally(plays, key).values()
    ]
    if not stats:
        return None
    return min(stats, key=lambda s: (-s.users, -s.plays, -s.seconds, s.title))


def local(epoch: int, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, tz)


def placed_within[T: (Play, HistoryRow)](
    found: Iterable[T], start: dt.date, end: dt.date, tz: ZoneInfo
) -> list[T]:
    """Those that started on ``start``..``end`` in ``tz``.

    Periods are Tautulli's local dates; when ``tz`` is another zone, a play near midnight falls
    on a date outside them there, and no day or streak outside a period may be named.
    """
    return [item for item in found if start <= local(item.started, tz).date() <= end]


def busiest_day(plays: Sequence[Play], tz: ZoneInfo) -> tuple[dt.date, int] | None:
    """The local day most plays started on (the earliest of equals)."""
    counts = Counter(local(play.started, tz).date() for play in plays)
    if not counts:
        return None
    return min(counts.items(), key=lambda item: (-item[1], item[0]))


def busiest_hour(plays: Sequence[Play], tz: ZoneInfo) -> tuple[int, int] | None:
    """The local hour of the day most plays started in, over all days (the earliest of equals)."""
    counts = Counter(local(play.started, tz).hour for play in plays)
    if not counts:
        return None
    return min(counts.items(), key=lambda item: (-item[1], item[0]))


def peak(rows: Iterable[HistoryRow], tz: ZoneInfo) -> Peak | None:
    """The most sessions streaming at one moment and when that first happened.

    A session that ends when another starts does not overlap it.
    """
    events: list[tuple[int, int]] = []
    for row in rows:
        if row.stopped > row.started:
            events += [(row.started, 1), (row.stopped, -1)]
    events.sort()  # at equal times -1 sorts first: the ending stream leaves before the next
    best, at, current = 0, 0, 0
    for moment, change in events:
        current += change
        if current > best:
            best, at = current, moment
    return Peak(best, local(at, tz)) if best else None


def shares(
    plays: Iterable[Play], name: Callable[[Play], str | None], rank_by: RankBy
) -> list[Share]:
    """Plays and seconds per name, largest first by ``rank_by`` (then by name)."""
    plays_by: Counter[str] = Counter()
    seconds_by: Counter[str] = Counter()
    for play in plays:
        key = name(play)
        if key:
            plays_by[key] += 1
            seconds_by[key] += play.seconds
    found = [Share(key, plays_by[key], seconds_by[key]) for key in plays_by]
    found.sort(key=lambda s: (*(-w for w in weight(s.plays, s.seconds, rank_by)), s.name))
    return found


def top_person(plays: Sequence[Play], rank_by: RankBy) -> Person | None:
    names: dict[int, str] = {}
    for play in plays:
        row = play.first
        names.setdefault(row.user_id, row.friendly_name or row.user or str(row.user_id))
    by_user = shares(plays, lambda p: str(p.user_id), rank_by)
    if not by_user:
        return None
    best = by_user[0]
    user_id = int(best.name)
    return Person(user_id, names[user_id], best.plays, best.seconds)
