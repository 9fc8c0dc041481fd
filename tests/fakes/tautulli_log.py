"""A play log the fake Tautulli answers from, the way Tautulli's SQL reads its own database.

``PlayLog`` holds users, libraries, items and sessions (rows of Tautulli's ``session_history``:
a resumed play is several sessions sharing a ``reference_id``). ``generated_log()`` makes a
deterministic year and more of plays; tests may also build a log by hand with ``play()``.
``answer(log, cmd, params)`` computes what Tautulli 2.17.2 sends for ``get_history``,
``get_plays_by_date``, ``get_plays_per_month``, ``get_home_stats``, ``get_library_names``,
``get_libraries`` and ``get_users``, with the same grouping, windows and bugs:

- local dates are of when a session *started*, in the log's time zone (Tautulli's ``localtime``);
- ``get_history``: ``after``/``before`` inclusive, grouped by ``reference_id`` unless
  ``grouping=0``, newest first, paged by ``start``/``length`` (default 25);
- graphs count back ``time_range`` days (months) from ``now``, keep sessions that stopped since,
  and group by (local date, play): a play resumed on another day counts on both days;
- ``get_home_stats`` with ``before`` or ``after`` answers HTTP 400 ``result: error``, message
  null, like 2.17.0-2.17.2; as another ``version`` it takes the dates (2.14+) or ignores them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

_DAY = 86400
_SERIES_OF_TYPE = {
    "show": ("TV", "episode"),
    "movie": ("Movies", "movie"),
    "artist": ("Music", "track"),
}
_MEDIA_OF_SECTION = {"movie": "movie", "show": "episode", "artist": "track"}


@dataclass(frozen=True)
class LogUser:
    user_id: int
    username: str
    friendly_name: str
    email: str


@dataclass(frozen=True)
class LogLibrary:
    section_id: int
    section_name: str
    section_type: str


@dataclass(frozen=True)
class Item:
    rating_key: int
    section_id: int
    media_type: str
    """movie, episode or track."""
    title: str
    grandparent_title: str = ""
    """The show of an episode, the artist of a track."""
    grandparent_rating_key: int | None = None
    year: int = 2000


@dataclass(frozen=True)
class Session:
    id: int
    reference_id: int
    user_id: int
    item: Item
    started: int
    stopped: int
    paused: int = 0
    platform: str = "Chrome"

    @property
    def seconds(self) -> int:
        return self.stopped - self.started - self.paused


@dataclass
class PlayLog:
    tz: ZoneInfo
    now: dt.datetime
    """Tautulli's current time (aware): graph windows count back from it."""
    users: list[LogUser]
    libraries: list[LogLibrary]
    sessions: list[Session] = field(default_factory=list[Session])

    _dates: dict[int, dt.date] = field(default_factory=dict[int, dt.date], repr=False)

    def local_date(self, epoch: int) -> dt.date:
        # Remembered: every request reads the date of every session.
        day = self._dates.get(epoch)
        if day is None:
            day = self._dates[epoch] = dt.datetime.fromtimestamp(epoch, self.tz).date()
        return day

    def play(
        self,
        user_id: int,
        item: Item,
        start: dt.datetime,
        seconds: int,
        *,
        paused: int = 0,
        platform: str = "Chrome",
        resumed: Iterable[tuple[dt.datetime, int]] = (),
    ) -> list[Session]:
        """One play (a first session, then each resumed one), naive times read in ``tz``."""
        made: list[Session] = []
        reference = len(self.sessions) + 1
        for begin, length, pause in [(start, seconds, paused), *((b, n, 0) for b, n in resumed)]:
            started = int(_aware(begin, self.tz).timestamp())
            session = Session(
                id=len(self.sessions) + 1,
                reference_id=reference,
                user_id=user_id,
                item=item,
                started=started,
                stopped=started + length + pause,
                paused=pause,
                platform=platform,
            )
            self.sessions.append(session)
            made.append(session)
        return made

    def user(self, user_id: int) -> LogUser:
        return next(u for u in self.users if u.user_id == user_id)


def _aware(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


DEFAULT_LIBRARIES = [
    LogLibrary(1, "Movies", "movie"),
    LogLibrary(2, "TV Shows", "show"),
    LogLibrary(3, "Music", "artist"),
    LogLibrary(4, "Anime", "show"),
]
_NAMES = ["Ada Park", "Ben Ortiz", "Chloe Dunn", "Dev Rao", "Eva Lind", "Femi Ade", "Gus Holm"]
_PLATFORMS = ["Chrome", "Android", "iOS", "Roku", "Apple TV", "Plex Web"]


def default_users() -> list[LogUser]:
    users = [LogUser(0, "Local", "Local", "")]
    for index, name in enumerate(_NAMES):
        first, last = name.lower().split()
        users.append(LogUser(1000 + index, f"{first}{last[0]}", name, f"{first}@example.com"))
    return users


def default_items() -> list[Item]:
    """Movies in section 1, shows in 2 and 4 (TV Shows, Anime), artists in 3."""
    items: list[Item] = []
    key = 100
    for n in range(12):
        key += 1
        items.append(Item(key, 1, "movie", f"Movie {n + 1}", year=1990 + n))
    for n, section in enumerate([2, 2, 2, 2, 4, 4]):
        key += 1
        show = key
        for episode in range(8):
            key += 1
            items.append(
                Item(
                    key,
                    section,
                    "episode",
                    f"Episode {episode + 1}",
                    f"Show {n + 1}",
                    show,
                    2010 + n,
                )
            )
    for n in range(5):
        key += 1
        artist = key
        for track in range(6):
            key += 1
            items.append(
                Item(key, 3, "track", f"Track {track + 1}", f"Artist {n + 1}", artist, 2000 + n)
            )
    return items


def generated_log(
    *,
    now: dt.datetime,
    days: int = 420,
    plays_per_day: int = 12,
    seed: int = 12,
    tz: ZoneInfo | None = None,
) -> PlayLog:
    """``days`` of plays up to ``now`` (naive: in ``tz``, default UTC): evenings busier, some
    plays resumed later (a few after midnight), some sessions running past midnight."""
    zone = tz or ZoneInfo("UTC")
    now = _aware(now, zone)
    rng = random.Random(seed)
    users = default_users()
    items = default_items()
    log = PlayLog(zone, now, users, list(DEFAULT_LIBRARIES))
    watchers = [u for u in users if u.user_id != 0]
    platform_of = {u.user_id: rng.choice(_PLATFORMS) for u in watchers}
    first = now.date() - dt.timedelta(days=days - 1)
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        count = max(0, round(rng.gauss(plays_per_day, plays_per_day / 3)))
        starts = sorted(
            dt.datetime.combine(day, dt.time(min(23, int(rng.triangular(0, 24, 21)))))
            + dt.timedelta(minutes=rng.randrange(60))
            for _ in range(count)
        )
        for start in starts:
            user = rng.choice(watchers)
            item = rng.choice(items)
            length = {"movie": 5400, "episode": 1500, "track": 200}[item.media_type]
            seconds = int(length * rng.uniform(0.3, 1.1))
            if _aware(start, zone) + dt.timedelta(seconds=seconds) > now:
                continue
            resumed: list[tuple[dt.datetime, int]] = []
            if item.media_type != "track" and rng.random() < 0.08:
                later = start + dt.timedelta(seconds=seconds + rng.randrange(600, 4 * 3600))
                if _aware(later, zone) + dt.timedelta(seconds=900) < now:
                    resumed.append((later, 900))
            log.play(
                user.user_id,
                item,
                start,
                seconds,
                paused=rng.choice([0, 0, 0, 60, 300]),
                platform=platform_of[user.user_id],
                resumed=resumed,
            )
    return log


# -- answers ---------------------------------------------------------------------------------


def answer(
    log: PlayLog, cmd: str, params: Mapping[str, str], *, version: str = "v2.17.2"
) -> tuple[int, dict[str, Any]]:
    """HTTP status and JSON answer of ``cmd`` from a Tautulli of ``version``; KeyError for a
    command the log cannot answer."""
    if cmd == "get_home_stats" and (params.get("before") or params.get("after")):
        number = version_number(version)
        if (2, 17, 0) <= number <= (2, 17, 2):
            # The dated query fails, get_home_stats returns None.
            return 400, _envelope({}, result="error")
        if number >= (2, 14, 0):
            return 200, _envelope(_home_stats(log, params, dated=True))
        # Before 2.14.0 get_home_stats knew no before/after: the rolling window it answers.
    handler = _HANDLERS[cmd]
    return 200, _envelope(handler(log, params))


def version_number(version: str) -> tuple[int, ...]:
    """``v2.13.4`` as (2, 13, 4)."""
    return tuple(int(part) for part in version.lstrip("v").split("-")[0].split("."))


LOG_COMMANDS = frozenset(
    {
        "get_history",
        "get_plays_by_date",
        "get_plays_per_month",
        "get_home_stats",
        "get_library_names",
        "get_libraries",
        "get_users",
    }
)


def _envelope(data: object, *, result: str = "success") -> dict[str, Any]:
    return {"response": {"result": result, "message": None, "data": data}}


def _ids(value: str | None) -> set[int] | None:
    if not value:
        return None
    return {int(part) for part in value.split(",") if part.strip()}


def _section_of(log: PlayLog) -> dict[int, LogLibrary]:
    return {library.section_id: library for library in log.libraries}


def _history(log: PlayLog, params: Mapping[str, str]) -> dict[str, Any]:
    after = params.get("after") or None
    before = params.get("before") or None
    users = _ids(params.get("user_id"))
    sections = _ids(params.get("section_id"))
    media = params.get("media_type") or None
    grouping = params.get("grouping", "1") != "0"

    def matches(session: Session) -> bool:
        day = log.local_date(session.started).isoformat()
        return (
            (after is None or day >= after)
            and (before is None or day <= before)
            and (users is None or session.user_id in users)
            and (sections is None or session.item.section_id in sections)
            and (media is None or media == "all" or session.item.media_type in media.split(","))
        )

    every = {s.reference_id if grouping else s.id for s in log.sessions}
    groups = _grouped([s for s in log.sessions if matches(s)], grouping)
    groups.sort(key=lambda g: (max(s.started for s in g), g[0].id), reverse=True)
    start = int(params.get("start", "0"))
    length = int(params.get("length", "25"))
    page = groups[start : start + length] if length >= 0 else groups[start:]
    # Tautulli sums the page it sends, not every row that matched.
    filtered = sum(sum(s.seconds for s in g) for g in page)
    total = sum(s.seconds for s in log.sessions)
    return {
        "recordsFiltered": len(groups),
        "recordsTotal": len(every),
        "data": [_history_row(log, g) for g in page],
        "draw": 1,
        "filter_duration": human_duration(filtered),
        "total_duration": human_duration(total),
    }


def _grouped(sessions: Iterable[Session], grouping: bool) -> list[list[Session]]:
    groups: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        groups[session.reference_id if grouping else session.id].append(session)
    return list(groups.values())


def _history_row(log: PlayLog, group: list[Session]) -> dict[str, Any]:
    last = max(group, key=lambda s: s.started)
    item = last.item
    user = log.user(last.user_id)
    full = f"{item.grandparent_title} - {item.title}" if item.grandparent_title else item.title
    return {
        "reference_id": group[0].reference_id,
        "row_id": last.id,
        "id": last.id,
        "date": last.started,
        "started": min(s.started for s in group),
        "stopped": max(s.stopped for s in group),
        "duration": sum(s.seconds for s in group),
        "play_duration": sum(s.seconds for s in group),
        "paused_counter": sum(s.paused for s in group),
        "user_id": user.user_id,
        "user": user.username,
        "friendly_name": user.friendly_name,
        "user_thumb": "",
        "platform": last.platform,
        "product": "Plex",
        "player": last.platform,
        "ip_address": "10.0.0.2",
        "live": 0,
        "machine_id": "fake",
        "location": "lan",
        "secure": 1,
        "relayed": 0,
        "media_type": item.media_type,
        "rating_key": item.rating_key,
        "parent_rating_key": None,
        "grandparent_rating_key": item.grandparent_rating_key,
        "full_title": full,
        "title": item.title,
        "parent_title": "",
        "grandparent_title": item.grandparent_title,
        "original_title": "",
        "year": item.year,
        "media_index": None,
        "parent_media_index": None,
        "thumb": "",
        "originally_available_at": "",
        "guid": f"plex://{item.media_type}/{item.rating_key}",
        "transcode_decision": "direct play",
        "percent_complete": 100,
        "watched_status": 1,
        "group_count": len(group),
        "group_ids": ",".join(str(s.id) for s in group),
        "state": None,
        "session_key": None,
    }


def human_duration(seconds: int) -> str:
    """Tautulli's ``helpers.human_duration(s, units='s')``: minutes above 5 minutes."""
    if seconds <= 0:
        return "0"
    sig = "dhms" if seconds < 300 else "dhm"
    if sig == "dhm":
        seconds = round(seconds / 60) * 60
    days, rest = divmod(seconds, _DAY)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    words: list[str] = []
    for number, unit in [(days, "day"), (hours, "hr"), (minutes, "min")]:
        if number:
            words.append(f"{number} {unit}{'s' if number > 1 else ''}")
    if sig == "dhms" and secs:
        words.append(f"{secs} sec{'s' if secs > 1 else ''}")
    return " ".join(words)


def _series_names(log: PlayLog) -> list[tuple[str, str]]:
    """(series name, media type) in Tautulli's order, for the library types that exist."""
    types = {library.section_type for library in log.libraries}
    return [_SERIES_OF_TYPE[kind] for kind in ("show", "movie", "artist") if kind in types]


def _counted(
    log: PlayLog, params: Mapping[str, str], since: int, key_of: Callable[[Session], str]
) -> dict[str, dict[str, float]]:
    """Per category key, per media type: plays or seconds, grouped like the graph queries."""
    users = _ids(params.get("user_id"))
    grouping = params.get("grouping", "1") != "0"
    duration = params.get("y_axis", "plays") != "plays"
    cells: dict[tuple[str, int], list[Session]] = defaultdict(list)
    for session in log.sessions:
        if session.stopped >= since and (users is None or session.user_id in users):
            play = session.reference_id if grouping else session.id
            cells[(key_of(session), play)].append(session)
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for (key, _play), sessions in cells.items():
        media = sessions[0].item.media_type
        counts[key][media] += sum(s.seconds for s in sessions) if duration else 1
    return counts


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _plays_by_date(log: PlayLog, params: Mapping[str, str]) -> dict[str, Any]:
    days = _time_range(params, 30)
    since = int(log.now.timestamp()) - days * _DAY
    counts = _counted(log, params, since, lambda s: log.local_date(s.started).isoformat())
    today = log.now.date()
    categories = [(today - dt.timedelta(days=n)).isoformat() for n in range(days)][::-1]
    series = [
        {"name": name, "data": [_number(counts[c][media]) for c in categories]}
        for name, media in _series_names(log)
    ]
    series.append({"name": "Total", "data": [_number(sum(counts[c].values())) for c in categories]})
    return {"categories": categories, "series": series}


def _plays_per_month(log: PlayLog, params: Mapping[str, str]) -> dict[str, Any]:
    months = _time_range(params, 12)
    today = log.now.date()
    first = _shift_months(today.replace(day=1), -months)
    since = int(dt.datetime.combine(first, dt.time(), log.tz).timestamp())
    counts = _counted(log, params, since, lambda s: log.local_date(s.started).strftime("%Y-%m"))
    keys = [_shift_months(today.replace(day=1), -n) for n in range(months)][::-1]
    categories = [f"{calendar.month_abbr[k.month]} {k.year}" for k in keys]
    series = [
        {"name": name, "data": [_number(counts[k.strftime("%Y-%m")][media]) for k in keys]}
        for name, media in _series_names(log)
    ]
    return {"categories": categories, "series": series}


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _time_range(params: Mapping[str, str], default: int) -> int:
    value = params.get("time_range", "")
    return int(value) if value.isdigit() and int(value) > 0 else default


def _home_stats(
    log: PlayLog, params: Mapping[str, str], *, dated: bool = False
) -> list[dict[str, Any]]:
    days = _time_range(params, 30)
    since = int(log.now.timestamp()) - days * _DAY
    after = params.get("after") or "0000"
    before = params.get("before") or "9999"

    def counted(session: Session) -> bool:
        if dated:  # 2.14+: the inclusive local dates of when sessions started
            return after <= log.local_date(session.started).isoformat() <= before
        return session.stopped >= since

    count = int(params.get("stats_count", "10"))
    by_duration = params.get("stats_type") == "duration"
    grouping = params.get("grouping", "1") != "0"
    plays = _grouped([s for s in log.sessions if counted(s)], grouping)
    wanted = [params["stat_id"]] if params.get("stat_id") else list(_HOME_CARDS)
    return [
        _HOME_CARDS[stat](log, plays, count, by_duration) for stat in wanted if stat in _HOME_CARDS
    ]


def _ranked(
    groups: Mapping[Any, list[list[Session]]], count: int, by_duration: bool
) -> list[tuple[Any, list[list[Session]]]]:
    def weight(entry: tuple[Any, list[list[Session]]]) -> tuple[int, int]:
        plays = entry[1]
        seconds = sum(s.seconds for play in plays for s in play)
        return (seconds, len(plays)) if by_duration else (len(plays), seconds)

    return sorted(groups.items(), key=weight, reverse=True)[:count]


def _title_card(stat_id: str, media: str, popular: bool) -> Any:
    def card(
        log: PlayLog, plays: list[list[Session]], count: int, by_duration: bool
    ) -> dict[str, Any]:
        groups: dict[Any, list[list[Session]]] = defaultdict(list)
        for play in plays:
            item = play[0].item
            if item.media_type == media:
                key = item.title if media == "movie" else item.grandparent_title
                groups[(key, item.year, item.section_id)].append(play)
        if popular:
            ranked = sorted(
                groups.items(),
                key=lambda e: (len({p[0].user_id for p in e[1]}), len(e[1])),
                reverse=True,
            )[:count]
        else:
            ranked = _ranked(groups, count, by_duration)
        rows = [
            {
                "title": title,
                "year": year,
                "total_plays": len(group),
                "total_duration": sum(s.seconds for play in group for s in play),
                "users_watched": len({p[0].user_id for p in group}) if popular else "",
                "section_id": section,
                "media_type": media,
            }
            for (title, year, section), group in ranked
        ]
        if popular:  # Tautulli's popular cards carry no stat_type and no duration
            for row in rows:
                del row["total_duration"]
            return {"stat_id": stat_id, "stat_title": stat_id, "rows": rows}
        stat_type = "total_duration" if by_duration else "total_plays"
        return {"stat_id": stat_id, "stat_type": stat_type, "stat_title": stat_id, "rows": rows}

    return card


def _users_card(
    log: PlayLog, plays: list[list[Session]], count: int, by_duration: bool
) -> dict[str, Any]:
    groups: dict[int, list[list[Session]]] = defaultdict(list)
    for play in plays:
        groups[play[0].user_id].append(play)
    rows = [
        {
            "user_id": user_id,
            "user": log.user(user_id).username,
            "friendly_name": log.user(user_id).friendly_name,
            "total_plays": len(group),
            "total_duration": sum(s.seconds for play in group for s in play),
        }
        for user_id, group in _ranked(groups, count, by_duration)
    ]
    return {
        "stat_id": "top_users",
        "stat_type": "total_plays",
        "stat_title": "Most Active Users",
        "rows": rows,
    }


def _platforms_card(
    log: PlayLog, plays: list[list[Session]], count: int, by_duration: bool
) -> dict[str, Any]:
    groups: dict[str, list[list[Session]]] = defaultdict(list)
    for play in plays:
        groups[play[0].platform].append(play)
    rows = [
        {
            "platform": platform,
            "total_plays": len(group),
            "total_duration": sum(s.seconds for play in group for s in play),
        }
        for platform, group in _ranked(groups, count, by_duration)
    ]
    return {
        "stat_id": "top_platforms",
        "stat_type": "total_plays",
        "stat_title": "Most Active Platforms",
        "rows": rows,
    }


def _libraries_card(
    log: PlayLog, plays: list[list[Session]], count: int, by_duration: bool
) -> dict[str, Any]:
    sections = _section_of(log)
    groups: dict[int, list[list[Session]]] = defaultdict(list)
    for play in plays:
        groups[play[0].item.section_id].append(play)
    rows = [
        {
            "section_id": section,
            "section_name": sections[section].section_name,
            "section_type": sections[section].section_type,
            "total_plays": len(group),
            "total_duration": sum(s.seconds for play in group for s in play),
        }
        for section, group in _ranked(groups, count, by_duration)
    ]
    return {
        "stat_id": "top_libraries",
        "stat_type": "total_plays",
        "stat_title": "Most Active Libraries",
        "rows": rows,
    }


_HOME_CARDS: dict[str, Any] = {
    "top_movies": _title_card("top_movies", "movie", popular=False),
    "popular_movies": _title_card("popular_movies", "movie", popular=True),
    "top_tv": _title_card("top_tv", "episode", popular=False),
    "popular_tv": _title_card("popular_tv", "episode", popular=True),
    "top_music": _title_card("top_music", "track", popular=False),
    "popular_music": _title_card("popular_music", "track", popular=True),
    "top_libraries": _libraries_card,
    "top_users": _users_card,
    "top_platforms": _platforms_card,
}


def _library_names(log: PlayLog, _params: Mapping[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "section_id": library.section_id,
            "section_name": library.section_name,
            "section_type": library.section_type,
            "agent": f"tv.plex.agents.{library.section_type}",
        }
        for library in log.libraries
    ]


def _libraries(log: PlayLog, _params: Mapping[str, str]) -> list[dict[str, Any]]:
    # Plex's answer, relayed: ids and counts are strings there.
    return [
        {
            "section_id": str(library.section_id),
            "section_name": library.section_name,
            "section_type": library.section_type,
            "count": "0",
            "is_active": 1,
        }
        for library in log.libraries
    ]


def _users(log: PlayLog, _params: Mapping[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "user_id": user.user_id,
            "username": user.username,
            "friendly_name": user.friendly_name,
            "email": user.email or None,
            "is_active": 1,
        }
        for user in log.users
    ]


_HANDLERS: dict[str, Any] = {
    "get_history": _history,
    "get_plays_by_date": _plays_by_date,
    "get_plays_per_month": _plays_per_month,
    "get_home_stats": _home_stats,
    "get_library_names": _library_names,
    "get_libraries": _libraries,
    "get_users": _users,
}
