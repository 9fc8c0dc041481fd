"""The typed configuration: every key of ``config.sample.yaml``, its type, limits and default."""

from __future__ import annotations

import typing
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

# ASCII classes and \Z throughout: Python's \d also matches full-width and Arabic-Indic digits,
# and $ lets a trailing newline through.
HEX_COLOR_PATTERN = r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z"
CLOCK_TIME_PATTERN = r"^(?:XX:XX|(?:[01][0-9]|2[0-3]):[0-5][0-9])\Z"
TIME_OF_DAY_PATTERN = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]\Z"
SNOWFLAKE_PATTERN = r"^[0-9]{15,21}\Z"
OPTIONAL_SNOWFLAKE_PATTERN = r"^(?:[0-9]{15,21})?\Z"
PUBLIC_KEY_PATTERN = r"^(?:[0-9a-fA-F]{64})?\Z"

HexColor = Annotated[str, Meta(pattern=HEX_COLOR_PATTERN)]
"""``#RGB`` or ``#RRGGBB``."""
ClockTime = Annotated[str, Meta(pattern=CLOCK_TIME_PATTERN)]
"""``HH:MM`` (24-hour clock) or ``XX:XX`` for "no fixed time"."""
TimeOfDay = Annotated[str, Meta(pattern=TIME_OF_DAY_PATTERN)]
"""``HH:MM`` (24-hour clock), always a fixed time."""
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = typing.get_args(Weekday)
Snowflake = Annotated[str, Meta(pattern=SNOWFLAKE_PATTERN)]
Minutes = Annotated[int, Meta(ge=0, le=10080)]
Seconds = Annotated[int, Meta(ge=0, le=86400)]

SECRET_KEYS: frozenset[str] = frozenset(
    {"TAUTULLI_API_KEY", "DISCORD_BOT_TOKEN", "DISCORD_PUBLIC_KEY", "DISCORD_WEBHOOK_URL"}
)
"""Never shown or editable from Discord (like every key, they may come from ``TGRAPH_<KEY>``)."""

FILE_ONLY_KEYS: frozenset[str] = frozenset(
    {
        "TAUTULLI_URL",
        "DISCORD_API_BASE",
        "DISCORD_APPLICATION_ID",
        "DATA_DIR",
        "SIGNATURE_MAX_AGE_SECONDS",
        "PLEX_TV_BASE",
    }
)
"""Shown but not editable from Discord: they decide where secrets are sent, where files are
written, or whether replayed requests are refused, so an admin account taken over in Discord
must not be able to change them."""


RESTART_KEYS: frozenset[str] = frozenset(
    {
        "TAUTULLI_URL",
        "TAUTULLI_API_KEY",
        "TAUTULLI_MAX_CONCURRENT_REQUESTS",
        "DISCORD_PUBLIC_KEY",
        "DISCORD_BOT_TOKEN",
        "DISCORD_API_BASE",
        "SIGNATURE_MAX_AGE_SECONDS",
        "DATA_DIR",
    }
)
"""Read once when the endpoint starts (they build its clients and open its files): a change in
the file applies at the next start, and none is editable from Discord."""


class Config(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    # Tautulli
    TAUTULLI_API_KEY: str = ""
    TAUTULLI_URL: str = "http://localhost:8181"
    TAUTULLI_MAX_CONCURRENT_REQUESTS: Annotated[int, Meta(ge=1, le=16)] = 4

    # Discord application (HTTP interactions) and the channel webhook for scheduled posts
    DISCORD_APPLICATION_ID: Annotated[str, Meta(pattern=OPTIONAL_SNOWFLAKE_PATTERN)] = ""
    DISCORD_PUBLIC_KEY: Annotated[str, Meta(pattern=PUBLIC_KEY_PATTERN)] = ""
    DISCORD_BOT_TOKEN: str = ""
    DISCORD_WEBHOOK_URL: str = ""
    DISCORD_API_BASE: str = "https://discord.com/api/v10"
    SIGNATURE_MAX_AGE_SECONDS: Annotated[int, Meta(ge=0, le=3600)] = 300
    ADMIN_ROLE_IDS: list[Snowflake] = msgspec.field(default_factory=list)
    ADMIN_USER_IDS: list[Snowflake] = msgspec.field(default_factory=list)
    MY_STATS_DELIVERY: Literal["ephemeral", "dm"] = "ephemeral"
    LINKING: Literal["plex", "admin", "email"] = "plex"
    PLEX_TV_BASE: str = "https://plex.tv"

    # Schedule, storage, time
    UPDATE_DAYS: Annotated[int, Meta(ge=1, le=365)] = 7
    FIXED_UPDATE_TIME: ClockTime = "XX:XX"
    KEEP_DAYS: Annotated[int, Meta(ge=1, le=3650)] = 7
    TIMEZONE: str = "UTC"
    DATA_DIR: Annotated[str, Meta(min_length=1)] = "data"
    MAX_CONCURRENT_RENDERS: Annotated[int, Meta(ge=1, le=8)] = 1
    WEEK_START: Weekday = "monday"

    # The digest: one message per week or month, posted by the scheduled run
    DIGEST: Literal["off", "weekly", "monthly"] = "off"
    DIGEST_WEEKDAY: Weekday = "monday"
    DIGEST_MONTH_DAY: Annotated[int, Meta(ge=1, le=28)] = 1
    DIGEST_TIME: TimeOfDay = "09:00"
    DIGEST_SHOW_TOP_USER: bool = True
    DIGEST_NOTIFY: bool = False

    # What the graphs show
    TIME_RANGE_DAYS: Annotated[int, Meta(ge=1, le=3650)] = 30
    TIME_RANGE_MONTHS: Annotated[int, Meta(ge=1, le=120)] = 12
    Y_AXIS: Literal["plays", "duration"] = "plays"
    LANGUAGE: str = "en"
    CENSOR_USERNAMES: bool = True
    ENABLE_GRAPH_GRID: bool = False

    # Which graphs are drawn (media-type graphs)
    ENABLE_DAILY_PLAY_COUNT: bool = True
    ENABLE_PLAY_COUNT_BY_DAYOFWEEK: bool = True
    ENABLE_PLAY_COUNT_BY_HOUROFDAY: bool = True
    ENABLE_PLAY_COUNT_BY_MONTH: bool = True
    ENABLE_TOP_10_PLATFORMS: bool = True
    ENABLE_TOP_10_USERS: bool = True
    # Which graphs are drawn (stream-type graphs)
    ENABLE_DAILY_PLAY_COUNT_BY_STREAM_TYPE: bool = True
    ENABLE_DAILY_CONCURRENT_STREAM_COUNT_BY_STREAM_TYPE: bool = True
    ENABLE_PLAY_COUNT_BY_SOURCE_RESOLUTION: bool = True
    ENABLE_PLAY_COUNT_BY_STREAM_RESOLUTION: bool = True
    ENABLE_PLAY_COUNT_BY_PLATFORM_AND_STREAM_TYPE: bool = True
    ENABLE_PLAY_COUNT_BY_USER_AND_STREAM_TYPE: bool = True

    # Value labels on each graph
    ANNOTATE_DAILY_PLAY_COUNT: bool = True
    ANNOTATE_PLAY_COUNT_BY_DAYOFWEEK: bool = True
    ANNOTATE_PLAY_COUNT_BY_HOUROFDAY: bool = True
    ANNOTATE_PLAY_COUNT_BY_MONTH: bool = True
    ANNOTATE_TOP_10_PLATFORMS: bool = True
    ANNOTATE_TOP_10_USERS: bool = True
    ANNOTATE_DAILY_PLAY_COUNT_BY_STREAM_TYPE: bool = False
    ANNOTATE_DAILY_CONCURRENT_STREAM_COUNT_BY_STREAM_TYPE: bool = False
    ANNOTATE_PLAY_COUNT_BY_SOURCE_RESOLUTION: bool = True
    ANNOTATE_PLAY_COUNT_BY_STREAM_RESOLUTION: bool = True
    ANNOTATE_PLAY_COUNT_BY_PLATFORM_AND_STREAM_TYPE: bool = True
    ANNOTATE_PLAY_COUNT_BY_USER_AND_STREAM_TYPE: bool = True

    # Colours: one per series, none borrowed
    TV_COLOR: HexColor = "#1f77b4"
    MOVIE_COLOR: HexColor = "#ff7f0e"
    MUSIC_COLOR: HexColor = "#2ca02c"
    LIVE_TV_COLOR: HexColor = "#9467bd"
    TOTAL_COLOR: HexColor = "#7f7f7f"
    DIRECT_PLAY_COLOR: HexColor = "#17becf"
    DIRECT_STREAM_COLOR: HexColor = "#bcbd22"
    TRANSCODE_COLOR: HexColor = "#d62728"
    MAX_CONCURRENT_STREAMS_COLOR: HexColor = "#e377c2"
    GRAPH_BACKGROUND_COLOR: HexColor = "#ffffff"
    ANNOTATION_COLOR: HexColor = "#ff0000"
    ANNOTATION_OUTLINE_COLOR: HexColor = "#000000"
    ENABLE_ANNOTATION_OUTLINE: bool = True

    # Cooldowns per command: per user (minutes) and for everyone (seconds); 0 turns one off
    ABOUT_COOLDOWN_MINUTES: Minutes = 0
    ABOUT_GLOBAL_COOLDOWN_SECONDS: Seconds = 0
    UPTIME_COOLDOWN_MINUTES: Minutes = 0
    UPTIME_GLOBAL_COOLDOWN_SECONDS: Seconds = 0
    CONFIG_COOLDOWN_MINUTES: Minutes = 0
    CONFIG_GLOBAL_COOLDOWN_SECONDS: Seconds = 0
    MY_STATS_COOLDOWN_MINUTES: Minutes = 5
    MY_STATS_GLOBAL_COOLDOWN_SECONDS: Seconds = 60
    UPDATE_GRAPHS_COOLDOWN_MINUTES: Minutes = 0
    UPDATE_GRAPHS_GLOBAL_COOLDOWN_SECONDS: Seconds = 60
    GRAPH_COOLDOWN_MINUTES: Minutes = 0
    GRAPH_GLOBAL_COOLDOWN_SECONDS: Seconds = 0
    GRAPH_SHARE_COOLDOWN_MINUTES: Minutes = 5
    GRAPH_SHARE_GLOBAL_COOLDOWN_SECONDS: Seconds = 60
    DIGEST_COOLDOWN_MINUTES: Minutes = 1
    DIGEST_GLOBAL_COOLDOWN_SECONDS: Seconds = 10
    WRAPPED_COOLDOWN_MINUTES: Minutes = 5
    WRAPPED_GLOBAL_COOLDOWN_SECONDS: Seconds = 10
