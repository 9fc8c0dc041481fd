"""Typed shapes of the Tautulli API v2 answers the project reads."""

from __future__ import annotations

from typing import Literal

import msgspec

YAxis = Literal["plays", "duration"]
"""What the graphs count: plays, or time watched in seconds."""

GRAPH_COMMANDS: tuple[str, ...] = (
    "get_plays_by_date",
    "get_plays_by_dayofweek",
    "get_plays_by_hourofday",
    "get_plays_per_month",
    "get_plays_by_top_10_platforms",
    "get_plays_by_top_10_users",
    "get_plays_by_stream_type",
    "get_concurrent_streams_by_stream_type",
    "get_plays_by_source_resolution",
    "get_plays_by_stream_resolution",
    "get_stream_type_by_top_10_platforms",
    "get_stream_type_by_top_10_users",
)
"""The graph commands the bot may call (one call per graph, aggregated inside Tautulli)."""


class GraphSeries(msgspec.Struct, frozen=True):
    name: str
    data: list[int | float]


class GraphData(msgspec.Struct, frozen=True):
    """The ``{categories, series}`` answer of every Tautulli graph command.

    Answers may be shared between callers (see the client's cache): never mutate the lists.
    """

    categories: list[str]
    series: list[GraphSeries]

    def shape_problem(self) -> str | None:
        """What is inconsistent (a series not one point per category), or None.

        Checked on every answer decoded from Tautulli; not on construction, so code (and tests)
        downstream can build odd data on purpose and see how it copes.
        """
        for series in self.series:
            if len(series.data) != len(self.categories):
                return (
                    f"series {series.name!r} has {len(series.data)} points "
                    f"for {len(self.categories)} categories"
                )
        return None


class TautulliInfo(msgspec.Struct, frozen=True):
    """``get_tautulli_info``: only the version, which /about shows."""

    tautulli_version: str


def check_graph_call(command: str, *, time_range: int, y_axis: str) -> None:
    """Reject a call the bot must never make (a programming or config error: ValueError)."""
    if command not in GRAPH_COMMANDS:
        raise ValueError(f"{command!r} is not a Tautulli graph command: one of {GRAPH_COMMANDS}")
    if y_axis not in ("plays", "duration"):
        raise ValueError(f"y_axis must be 'plays' or 'duration', not {y_axis!r}")
    if time_range < 1:
        raise ValueError(f"time_range must be at least 1, not {time_range}")
