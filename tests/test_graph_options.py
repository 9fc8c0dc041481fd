from __future__ import annotations

import msgspec

from interactions_app.config import Config
from interactions_app.graphs.options import enabled_specs, render_options
from renderer import DEFAULT_SERIES_COLORS, GRAPH_SPECS


def test_every_graph_has_enable_and_annotate_keys() -> None:
    fields = set(Config.__struct_fields__)
    for spec in GRAPH_SPECS:
        assert f"ENABLE_{spec.key.upper()}" in fields
        assert f"ANNOTATE_{spec.key.upper()}" in fields


def test_defaults_give_every_graph_and_the_default_colours() -> None:
    config = Config()
    assert enabled_specs(config) == list(GRAPH_SPECS)
    options = render_options(config, "da")
    assert options.language == "da"
    assert options.series_colors == DEFAULT_SERIES_COLORS
    assert options.y_axis == "plays"
    assert options.time_range_days == 30
    assert options.time_range_months == 12
    assert options.censor_usernames is True
    assert options.grid is False
    assert options.annotate == {
        spec.key
        for spec in GRAPH_SPECS
        if spec.key
        not in {"daily_play_count_by_stream_type", "daily_concurrent_stream_count_by_stream_type"}
    }


def test_config_values_reach_the_options() -> None:
    config = msgspec.structs.replace(
        Config(),
        Y_AXIS="duration",
        TIME_RANGE_DAYS=7,
        TIME_RANGE_MONTHS=6,
        CENSOR_USERNAMES=False,
        ENABLE_GRAPH_GRID=True,
        GRAPH_BACKGROUND_COLOR="#36393f",
        ANNOTATION_COLOR="#ffffff",
        ANNOTATION_OUTLINE_COLOR="#111111",
        ENABLE_ANNOTATION_OUTLINE=False,
        ANNOTATE_DAILY_PLAY_COUNT=False,
        MOVIE_COLOR="#123456",
        MAX_CONCURRENT_STREAMS_COLOR="#abcdef",
    )
    options = render_options(config, "en")
    assert (options.y_axis, options.time_range_days, options.time_range_months) == (
        "duration",
        7,
        6,
    )
    assert not options.censor_usernames
    assert options.grid
    assert options.background_color == "#36393f"
    assert (options.annotation_color, options.annotation_outline_color) == ("#ffffff", "#111111")
    assert not options.annotation_outline
    assert "daily_play_count" not in options.annotate
    assert options.series_colors["Movies"] == "#123456"
    assert options.series_colors["Max. Concurrent Streams"] == "#abcdef"


def test_enabled_specs_drop_disabled_and_for_my_stats_the_user_comparisons() -> None:
    config = msgspec.structs.replace(Config(), ENABLE_PLAY_COUNT_BY_MONTH=False)
    keys = [spec.key for spec in enabled_specs(config)]
    assert "play_count_by_month" not in keys
    assert len(keys) == 11
    personal = [spec.key for spec in enabled_specs(config, personal_only=True)]
    assert "top_10_users" not in personal
    assert "play_count_by_user_and_stream_type" not in personal
    assert len(personal) == 9
