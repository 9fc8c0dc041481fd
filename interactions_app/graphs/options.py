"""The config as the renderer needs it: plain render options and the graphs that are on."""

from __future__ import annotations

from interactions_app.config import Config
from renderer import GRAPH_SPECS, GraphSpec, RenderOptions, series


def render_options(config: Config, region: str) -> RenderOptions:
    """Options for one render; ``region`` is the reader's Babel locale for numbers and dates
    (``region_for_discord_locale``, or ``LANGUAGE`` for the channel). The words come from the
    translator the caller passes beside these options, never from ``region``."""
    return RenderOptions(
        language=region,
        y_axis=config.Y_AXIS,
        time_range_days=config.TIME_RANGE_DAYS,
        time_range_months=config.TIME_RANGE_MONTHS,
        censor_usernames=config.CENSOR_USERNAMES,
        grid=config.ENABLE_GRAPH_GRID,
        background_color=config.GRAPH_BACKGROUND_COLOR,
        annotation_color=config.ANNOTATION_COLOR,
        annotation_outline_color=config.ANNOTATION_OUTLINE_COLOR,
        annotation_outline=config.ENABLE_ANNOTATION_OUTLINE,
        annotate=frozenset(
            spec.key for spec in GRAPH_SPECS if _flag(config, "ANNOTATE_", spec.key)
        ),
        series_colors={
            series.TV: config.TV_COLOR,
            series.MOVIES: config.MOVIE_COLOR,
            series.MUSIC: config.MUSIC_COLOR,
            series.LIVE_TV: config.LIVE_TV_COLOR,
            series.TOTAL: config.TOTAL_COLOR,
            series.DIRECT_PLAY: config.DIRECT_PLAY_COLOR,
            series.DIRECT_STREAM: config.DIRECT_STREAM_COLOR,
            series.TRANSCODE: config.TRANSCODE_COLOR,
            series.MAX_CONCURRENT_STREAMS: config.MAX_CONCURRENT_STREAMS_COLOR,
        },
    )


def enabled_specs(config: Config, *, personal_only: bool = False) -> list[GraphSpec]:
    """Enabled graphs in display order; ``personal_only`` drops graphs that compare users."""
    return [
        spec
        for spec in GRAPH_SPECS
        if _flag(config, "ENABLE_", spec.key) and (spec.personal or not personal_only)
    ]


def _flag(config: Config, prefix: str, key: str) -> bool:
    # Every spec has both flags in the schema; a test checks it, so a new spec cannot miss one.
    value = getattr(config, prefix + key.upper())
    assert isinstance(value, bool)
    return value
