from __future__ import annotations

import gc
import gettext
import io
from typing import TYPE_CHECKING, cast

import msgspec
import pytest
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from PIL import Image

from renderer import (
    DEFAULT_SERIES_COLORS,
    GRAPH_SPECS,
    GraphSpec,
    MissingSeriesColor,
    RenderOptions,
    UnexpectedGraphData,
    render_graph,
    spec_by_key,
)
from renderer._render import build_figure
from renderer._style import palette_for, setup_style
from renderer.sample import sample_graph
from renderer.tautulli import GraphData, GraphSeries
from tests.render_samples import MarkingTranslator, png_size

if TYPE_CHECKING:
    from matplotlib.typing import ColorType

T = gettext.NullTranslations()
OPTIONS = RenderOptions()


@pytest.mark.parametrize("spec", GRAPH_SPECS, ids=lambda spec: spec.key)
def test_every_graph_renders_a_large_png_from_sample_data(spec: GraphSpec) -> None:
    data = sample_graph(spec.command)
    graph = render_graph(spec, data, OPTIONS, T)
    width, height = png_size(graph.png)
    assert (width, height) == (graph.width, graph.height)
    assert width >= 1600 and height >= 900
    with Image.open(io.BytesIO(graph.png)) as image:
        image.load()
        assert image.size == (width, height)
    assert len(graph.png) < 150_000
    assert graph.key == spec.key
    assert graph.title == spec.title
    assert len(graph.numbers["categories"]) == len(data.categories)
    assert list(graph.numbers["series"]) == [s.name for s in data.series]
    for series in data.series:
        assert graph.numbers["series"][series.name] == series.data
    assert graph.numbers["unit"] == ("streams" if spec.measure == "streams" else "plays")
    msgspec.json.encode(graph.numbers)
    assert graph.summary


def test_summary_counts_plays_and_names_the_busiest_category() -> None:
    spec = spec_by_key("play_count_by_dayofweek")
    graph = render_graph(spec, sample_graph(spec.command), OPTIONS, T)
    # Sunday: 203 TV + 96 Movies + 457 Music.
    assert graph.summary == "3,777 plays in total · Busiest day: Sunday (756 plays)"


def test_the_busiest_hour_reads_as_a_clock_time() -> None:
    spec = spec_by_key("play_count_by_hourofday")
    data = sample_graph(spec.command)
    assert render_graph(spec, data, OPTIONS, T).summary.endswith(
        "Busiest hour: 8:00\u202fPM (401 plays)"
    )
    danish = render_graph(spec, data, RenderOptions(language="da"), T)
    assert danish.summary.endswith("Busiest hour: 20.00 (401 plays)")


def test_daily_total_comes_from_tautullis_total_series_not_a_double_sum() -> None:
    spec = spec_by_key("daily_play_count")
    data = sample_graph(spec.command)
    graph = render_graph(spec, data, OPTIONS, T)
    total = sum(next(s for s in data.series if s.name == "Total").data)
    assert graph.summary.startswith(f"{total:,} plays in total")


def test_concurrent_streams_summarise_the_peak_and_ignore_the_duration_option() -> None:
    spec = spec_by_key("daily_concurrent_stream_count_by_stream_type")
    data = sample_graph(spec.command)
    graph = render_graph(spec, data, RenderOptions(y_axis="duration"), T)
    assert graph.numbers["unit"] == "streams"
    peak = max(next(s for s in data.series if s.name == "Max. Concurrent Streams").data)
    assert graph.summary.startswith(f"Most concurrent streams: {peak} on ")


def test_watch_time_is_drawn_in_hours_with_a_labelled_axis() -> None:
    spec = spec_by_key("daily_play_count")
    data = sample_graph(spec.command, "duration")
    options = RenderOptions(y_axis="duration")
    graph = render_graph(spec, data, options, T)
    assert graph.numbers["unit"] == "hours"
    tv = next(s for s in data.series if s.name == "TV")
    assert graph.numbers["series"]["TV"] == [round(v / 3600, 2) for v in tv.data]
    assert "watched in total" in graph.summary
    assert " hr" in graph.summary
    figure, _ = build_figure(spec, data, options, T)
    assert figure.axes[0].get_ylabel() == "Watch time (hours)"


@pytest.mark.parametrize(
    ("key", "plays_title", "watch_time_title"),
    [
        ("play_count_by_month", "Play count by month", "Watch time by month"),
        ("daily_play_count", "Daily play count", "Daily watch time"),
        ("play_count_by_user_and_stream_type", "Play count by user and stream type",
         "Watch time by user and stream type"),
        ("top_10_users", "Top 10 users", "Top 10 users"),
    ],
)  # fmt: skip
def test_titles_name_the_measure_drawn(key: str, plays_title: str, watch_time_title: str) -> None:
    spec = spec_by_key(key)
    data = sample_graph(spec.command)
    assert render_graph(spec, data, RenderOptions(y_axis="plays"), T).title == plays_title
    watch_time = render_graph(spec, data, RenderOptions(y_axis="duration"), T)
    assert watch_time.title == watch_time_title


def test_a_danish_watch_time_title_is_translated() -> None:
    from interactions_app.i18n import translator_for

    spec = spec_by_key("play_count_by_month")
    graph = render_graph(
        spec, sample_graph(spec.command), RenderOptions(y_axis="duration", language="da"),
        translator_for("da"),
    )  # fmt: skip
    assert graph.title == "Afspilningstid pr. måned"


@pytest.mark.parametrize(
    ("largest_seconds", "unit"), [(1800, "minutes"), (50 * 3600, "hours"), (90 * 86400, "days")]
)
def test_watch_time_unit_follows_the_magnitude(largest_seconds: int, unit: str) -> None:
    data = GraphData(
        categories=["Sunday", "Monday"],
        series=[GraphSeries("TV", [largest_seconds, 0]), GraphSeries("Movies", [0, 60])],
    )
    spec = spec_by_key("play_count_by_dayofweek")
    graph = render_graph(spec, data, RenderOptions(y_axis="duration"), T)
    assert graph.numbers["unit"] == unit


@pytest.mark.parametrize(
    "data",
    [
        GraphData(categories=[], series=[]),
        GraphData(categories=["Sunday", "Monday"], series=[GraphSeries("TV", [0, 0])]),
        GraphData(categories=["Sunday"], series=[]),
    ],
    ids=["nothing", "zeros", "no-series"],
)
def test_a_period_without_plays_renders_a_translated_notice(data: GraphData) -> None:
    spec = spec_by_key("play_count_by_dayofweek")
    graph = render_graph(spec, data, OPTIONS, MarkingTranslator())
    width, height = png_size(graph.png)
    assert width >= 1600 and height >= 900
    assert graph.summary == "T:No plays in this period"
    assert graph.numbers == {"categories": [], "series": {}, "unit": "plays"}
    with Image.open(io.BytesIO(graph.png)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=4096)
    assert colours is not None
    _, most_common = max(colours)
    assert most_common == (255, 255, 255)


def test_each_series_is_drawn_in_its_own_configured_colour() -> None:
    colours = {name: f"#{i:02x}{255 - i * 20:02x}{i * 25:02x}" for i, name in
               enumerate(DEFAULT_SERIES_COLORS)}  # fmt: skip
    options = RenderOptions(series_colors=colours)
    lines_spec = spec_by_key("daily_play_count")
    figure, plot = build_figure(lines_spec, sample_graph(lines_spec.command), options, T)
    drawn = {line.get_label(): to_hex(str(line.get_color())) for line in figure.axes[0].get_lines()}
    assert drawn == {name: colours[name] for name in ("TV", "Movies", "Music", "Total")}
    assert {s.label: s.color for s in plot.series} == drawn

    bars_spec = spec_by_key("play_count_by_platform_and_stream_type")
    figure, _ = build_figure(bars_spec, sample_graph(bars_spec.command), options, T)
    bars = [c for c in figure.axes[0].collections if isinstance(c, PolyCollection)]
    drawn = {c.get_label(): to_hex(cast("ColorType", c.get_facecolor()[0])) for c in bars}
    assert drawn == {name: colours[name] for name in ("Direct Play", "Direct Stream", "Transcode")}


def test_a_series_without_a_colour_is_an_error_not_a_borrowed_colour() -> None:
    colours = dict(DEFAULT_SERIES_COLORS)
    del colours["Music"]
    spec = spec_by_key("play_count_by_hourofday")
    with pytest.raises(MissingSeriesColor) as caught:
        render_graph(spec, sample_graph(spec.command), RenderOptions(series_colors=colours), T)
    explained = caught.value.explain(MarkingTranslator())
    assert explained.startswith("T:")
    assert "Music" in explained and "play_count_by_hourofday" in explained


@pytest.mark.parametrize(
    ("key", "categories", "detail"),
    [
        ("play_count_by_dayofweek", ["Sun"], "'Sun' is not an English weekday"),
        ("daily_play_count", ["2026/10/25"], "date '2026/10/25' is not YYYY-MM-DD"),
        ("daily_play_count", ["2026-13-01"], "date '2026-13-01' is not YYYY-MM-DD"),
        ("play_count_by_month", ["December 2025"], "month 'December 2025' is not like"),
        ("play_count_by_month", ["Dez 2025"], "month 'Dez 2025' is not like"),
        ("play_count_by_hourofday", ["24"], "hour '24' is not 00..23"),
    ],
)
def test_unexpected_categories_fail_with_a_clear_message(
    key: str, categories: list[str], detail: str
) -> None:
    data = GraphData(categories=categories, series=[GraphSeries("TV", [1])])
    with pytest.raises(UnexpectedGraphData) as caught:
        render_graph(spec_by_key(key), data, OPTIONS, T)
    assert detail in str(caught.value)
    assert detail in caught.value.explain(T)


def test_series_of_the_wrong_length_fail_with_a_clear_message() -> None:
    data = GraphData(categories=["Sunday", "Monday"], series=[GraphSeries("TV", [1])])
    with pytest.raises(UnexpectedGraphData, match="'TV' has 1 points for 2 categories"):
        render_graph(spec_by_key("play_count_by_dayofweek"), data, OPTIONS, T)


def test_titles_axis_labels_series_and_summary_go_through_translation() -> None:
    spec = spec_by_key("daily_play_count_by_stream_type")
    t = MarkingTranslator()
    data = sample_graph(spec.command)
    graph = render_graph(spec, data, OPTIONS, t)
    assert graph.title == "T:Daily play count by stream type"
    assert list(graph.numbers["series"]) == ["T:Direct Play", "T:Direct Stream", "T:Transcode"]
    assert graph.summary.startswith("T:")
    assert " · T:Busiest day: " in graph.summary
    figure, _ = build_figure(spec, data, OPTIONS, t)
    ax = figure.axes[0]
    assert ax.get_xlabel() == "T:Date"
    assert ax.get_ylabel() == "T:Plays"
    legend = ax.get_legend()
    assert legend is not None
    assert [text.get_text() for text in legend.get_texts()] == list(graph.numbers["series"])


def test_danish_weekdays_months_dates_and_numbers_come_from_babel() -> None:
    danish = RenderOptions(language="da")
    weekdays = spec_by_key("play_count_by_dayofweek")
    graph = render_graph(weekdays, sample_graph(weekdays.command), danish, T)
    assert graph.numbers["categories"][:2] == ["søndag", "mandag"]
    assert graph.summary == "3.777 plays in total · Busiest day: søndag (756 plays)"
    months = spec_by_key("play_count_by_month")
    graph = render_graph(months, sample_graph(months.command), danish, T)
    assert graph.numbers["categories"][0] == "dec. 2025"
    dates = spec_by_key("daily_play_count")
    graph = render_graph(dates, sample_graph(dates.command), danish, T)
    assert graph.numbers["categories"][0] == "25. okt."


def test_weekdays_keep_the_order_tautulli_sends() -> None:
    monday_first = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    data = GraphData(categories=monday_first, series=[GraphSeries("TV", [1, 2, 3, 4, 5, 6, 7])])
    graph = render_graph(spec_by_key("play_count_by_dayofweek"), data, OPTIONS, T)
    assert graph.numbers["categories"] == monday_first
    assert graph.numbers["series"]["TV"] == [1, 2, 3, 4, 5, 6, 7]


def test_usernames_are_censored_and_stay_distinct() -> None:
    spec = spec_by_key("top_10_users")
    data = sample_graph(spec.command)
    graph = render_graph(spec, data, OPTIONS, T)
    labels = graph.numbers["categories"]
    assert len(set(labels)) == len(labels) == len(data.categories)
    assert not set(labels) & set(data.categories)
    assert (
        labels[data.categories.index("Aiden Brown")]
        != labels[data.categories.index("Aiden Williams")]
    )
    assert "Aiden" not in graph.summary
    uncensored = render_graph(spec, data, RenderOptions(censor_usernames=False), T)
    assert uncensored.numbers["categories"] == data.categories


def test_annotations_follow_the_per_graph_option_and_outline() -> None:
    spec = spec_by_key("play_count_by_dayofweek")
    data = sample_graph(spec.command)
    plain, _ = build_figure(spec, data, OPTIONS, T)
    assert _annotations(plain) == []
    options = RenderOptions(annotate=frozenset({spec.key}), annotation_color="#00ff00")
    figure, _ = build_figure(spec, data, options, T)
    notes = _annotations(figure)
    assert len(notes) == 21
    assert {to_hex(note.get_color()) for note in notes} == {"#00ff00"}
    assert all(note.get_path_effects() for note in notes)
    assert "457" in {note.get_text() for note in notes}
    without_outline = RenderOptions(annotate=frozenset({spec.key}), annotation_outline=False)
    figure, _ = build_figure(spec, data, without_outline, T)
    assert not any(note.get_path_effects() for note in _annotations(figure))


@pytest.mark.parametrize("key", ["daily_play_count", "play_count_by_month", "top_10_platforms"])
def test_every_chart_kind_labels_values_when_asked(key: str) -> None:
    spec = spec_by_key(key)
    options = RenderOptions(annotate=frozenset({key}))
    figure, plot = build_figure(spec, sample_graph(spec.command), options, T)
    notes = _annotations(figure)
    expected = (
        len(plot.series)
        if spec.kind == "lines"
        else sum(
            1 for total in map(sum, zip(*(s.values for s in plot.series), strict=True)) if total
        )
    )
    assert len(notes) == expected


def test_category_names_are_drawn_beside_the_axis() -> None:
    spec = spec_by_key("play_count_by_hourofday")
    figure, plot = build_figure(spec, sample_graph(spec.command), OPTIONS, T)
    names = [text.get_text() for text in figure.axes[0].texts if not isinstance(text, Annotation)]
    assert names[:24] == plot.categories == [f"{hour:02}" for hour in range(24)]
    assert names[24:] == ["0", "80", "160", "240", "320", "400"]
    dates = spec_by_key("daily_play_count")
    figure, plot = build_figure(dates, sample_graph(dates.command), OPTIONS, T)
    names = [text.get_text() for text in figure.axes[0].texts if not isinstance(text, Annotation)]
    dates = [name for name in names if name.startswith(("Oct", "Nov"))]
    assert dates[-1] == plot.categories[-1] == "Nov 23"
    assert 7 <= len(dates) <= 11


def _annotations(figure: Figure) -> list[Annotation]:
    return [text for text in figure.axes[0].texts if isinstance(text, Annotation)]


def test_grid_and_background_are_per_render_choices() -> None:
    spec = spec_by_key("play_count_by_hourofday")
    data = sample_graph(spec.command)
    figure, _ = build_figure(spec, data, RenderOptions(grid=True), T)
    grids = [c for c in figure.axes[0].collections if isinstance(c, LineCollection)]
    assert len(grids) == 1
    assert len(grids[0].get_segments()) >= 4
    figure, _ = build_figure(spec, data, OPTIONS, T)
    assert not any(isinstance(c, LineCollection) for c in figure.axes[0].collections)
    top = spec_by_key("top_10_platforms")
    figure, _ = build_figure(top, sample_graph(top.command), RenderOptions(grid=True), T)
    (grid,) = [c for c in figure.axes[0].collections if isinstance(c, LineCollection)]
    assert all(segment[0][0] == segment[1][0] for segment in grid.get_segments())
    dark = RenderOptions(background_color="#202225")
    figure, _ = build_figure(spec, data, dark, T)
    assert to_hex(figure.get_facecolor()) == "#202225"
    assert to_hex(figure.texts[0].get_color()) == palette_for("#202225").text
    graph = render_graph(spec, data, dark, T)
    with Image.open(io.BytesIO(graph.png)) as image:
        assert image.convert("RGB").getpixel((5, 5)) == (0x20, 0x22, 0x25)


def test_dark_and_light_backgrounds_get_contrasting_text() -> None:
    assert palette_for("#ffffff").text != palette_for("#000000").text
    assert palette_for("#36393f").text == palette_for("#000").text


def test_no_figure_outlives_its_render() -> None:
    setup_style()
    setup_style()
    spec = spec_by_key("top_10_platforms")
    data = sample_graph(spec.command)
    render_graph(spec, data, OPTIONS, T)
    gc.collect()
    before = sum(isinstance(o, Figure) for o in gc.get_objects())
    for _ in range(3):
        render_graph(spec, data, OPTIONS, T)
    gc.collect()
    assert sum(isinstance(o, Figure) for o in gc.get_objects()) == before


def test_spec_by_key_names_the_known_keys() -> None:
    with pytest.raises(KeyError, match="daily_play_count"):
        spec_by_key("nope")
    assert len(GRAPH_SPECS) == 12
    assert len({spec.key for spec in GRAPH_SPECS}) == 12
    assert [spec.key for spec in GRAPH_SPECS if not spec.personal] == [
        "top_10_users",
        "play_count_by_user_and_stream_type",
    ]
    assert [spec.key for spec in GRAPH_SPECS if spec.months] == ["play_count_by_month"]
