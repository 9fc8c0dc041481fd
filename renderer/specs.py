"""The twelve graph types, each a short declaration; drawing is shared per chart kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from renderer import series
from renderer.translation import N_

ChartKind = Literal["lines", "bars", "top10"]
"""``lines``: a line per series over dates; ``bars``: vertical bars by category (grouped or
stacked); ``top10``: horizontal stacked bars, largest first as Tautulli sends them."""

CategoryKind = Literal["date", "weekday", "hour", "month", "label", "user"]
"""How Tautulli's category strings become tick labels (``user`` labels are censored)."""

Measure = Literal["plays", "streams"]
"""``plays`` follow the ``y_axis`` option (plays or watch time); ``streams`` are always counts."""


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphSpec:
    key: str
    """Graph key; the config keys are ``ENABLE_<KEY>`` and ``ANNOTATE_<KEY>`` (upper case)."""
    command: str
    """The Tautulli API command that answers with this graph's data."""
    kind: ChartKind
    title: str
    """N_-marked; translated where it is shown. Names the measure when counting plays."""
    watch_time_title: str | None = None
    """N_-marked title in watch-time mode (``y_axis: duration``); None when ``title`` does not
    name the measure (top 10 lists, concurrent streams)."""
    categories: CategoryKind
    category_label: str
    """N_-marked axis label of the categories."""
    highlight: str
    """N_-marked summary of the largest category, with ``{category}`` and ``{value}`` fields."""
    stacked: bool = False
    personal: bool = True
    """False when the graph compares users, so it can never be shown as someone's own stats."""
    months: bool = False
    """The Tautulli ``time_range`` counts months instead of days."""
    measure: Measure = "plays"
    total_series: str | None = None
    """A series Tautulli derives from the others (``Total``, ``Max. Concurrent Streams``): drawn
    as a dashed guide, and what the summary reads instead of adding the series up."""

    def title_for(self, y_axis: str) -> str:
        """The N_-marked title for the measure drawn: plays, or watch time for ``duration``."""
        if y_axis == "duration" and self.watch_time_title is not None:
            return self.watch_time_title
        return self.title


_BUSIEST_DAY = N_("Busiest day: {category} ({value})")
_TOP_PLATFORM = N_("Top platform: {category} ({value})")
_TOP_USER = N_("Top user: {category} ({value})")
_DATE = N_("Date")
_PLATFORM = N_("Platform")
_USER = N_("User")

GRAPH_SPECS: tuple[GraphSpec, ...] = (
    GraphSpec(
        key="daily_play_count",
        command="get_plays_by_date",
        kind="lines",
        title=N_("Daily play count"),
        watch_time_title=N_("Daily watch time"),
        categories="date",
        category_label=_DATE,
        highlight=_BUSIEST_DAY,
        total_series=series.TOTAL,
    ),
    GraphSpec(
        key="play_count_by_dayofweek",
        command="get_plays_by_dayofweek",
        kind="bars",
        title=N_("Play count by day of week"),
        watch_time_title=N_("Watch time by day of week"),
        categories="weekday",
        category_label=N_("Day of week"),
        highlight=_BUSIEST_DAY,
    ),
    GraphSpec(
        key="play_count_by_hourofday",
        command="get_plays_by_hourofday",
        kind="bars",
        stacked=True,
        title=N_("Play count by hour of day"),
        watch_time_title=N_("Watch time by hour of day"),
        categories="hour",
        category_label=N_("Hour of day"),
        highlight=N_("Busiest hour: {category} ({value})"),
    ),
    GraphSpec(
        key="play_count_by_month",
        command="get_plays_per_month",
        kind="bars",
        stacked=True,
        months=True,
        title=N_("Play count by month"),
        watch_time_title=N_("Watch time by month"),
        categories="month",
        category_label=N_("Month"),
        highlight=N_("Busiest month: {category} ({value})"),
    ),
    GraphSpec(
        key="top_10_platforms",
        command="get_plays_by_top_10_platforms",
        kind="top10",
        title=N_("Top 10 platforms"),
        categories="label",
        category_label=_PLATFORM,
        highlight=_TOP_PLATFORM,
    ),
    GraphSpec(
        key="top_10_users",
        command="get_plays_by_top_10_users",
        kind="top10",
        personal=False,
        title=N_("Top 10 users"),
        categories="user",
        category_label=_USER,
        highlight=_TOP_USER,
    ),
    GraphSpec(
        key="daily_play_count_by_stream_type",
        command="get_plays_by_stream_type",
        kind="lines",
        title=N_("Daily play count by stream type"),
        watch_time_title=N_("Daily watch time by stream type"),
        categories="date",
        category_label=_DATE,
        highlight=_BUSIEST_DAY,
    ),
    GraphSpec(
        key="daily_concurrent_stream_count_by_stream_type",
        command="get_concurrent_streams_by_stream_type",
        kind="lines",
        measure="streams",
        title=N_("Daily concurrent stream count by stream type"),
        categories="date",
        category_label=_DATE,
        highlight=N_("Most concurrent streams: {value} on {category}"),
        total_series=series.MAX_CONCURRENT_STREAMS,
    ),
    GraphSpec(
        key="play_count_by_source_resolution",
        command="get_plays_by_source_resolution",
        kind="bars",
        stacked=True,
        title=N_("Play count by source resolution"),
        watch_time_title=N_("Watch time by source resolution"),
        categories="label",
        category_label=N_("Source resolution"),
        highlight=N_("Most played source resolution: {category} ({value})"),
    ),
    GraphSpec(
        key="play_count_by_stream_resolution",
        command="get_plays_by_stream_resolution",
        kind="bars",
        stacked=True,
        title=N_("Play count by stream resolution"),
        watch_time_title=N_("Watch time by stream resolution"),
        categories="label",
        category_label=N_("Stream resolution"),
        highlight=N_("Most played stream resolution: {category} ({value})"),
    ),
    GraphSpec(
        key="play_count_by_platform_and_stream_type",
        command="get_stream_type_by_top_10_platforms",
        kind="top10",
        title=N_("Play count by platform and stream type"),
        watch_time_title=N_("Watch time by platform and stream type"),
        categories="label",
        category_label=_PLATFORM,
        highlight=_TOP_PLATFORM,
    ),
    GraphSpec(
        key="play_count_by_user_and_stream_type",
        command="get_stream_type_by_top_10_users",
        kind="top10",
        personal=False,
        title=N_("Play count by user and stream type"),
        watch_time_title=N_("Watch time by user and stream type"),
        categories="user",
        category_label=_USER,
        highlight=_TOP_USER,
    ),
)
"""Every graph, in the order they are posted."""

_BY_KEY = {spec.key: spec for spec in GRAPH_SPECS}


def spec_by_key(key: str) -> GraphSpec:
    """The spec for ``key``; ``KeyError`` names the known keys."""
    try:
        return _BY_KEY[key]
    except KeyError:
        known = ", ".join(_BY_KEY)
        raise KeyError(f"unknown graph key {key!r}; known keys: {known}") from None
