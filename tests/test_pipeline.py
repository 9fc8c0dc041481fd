from __future__ import annotations

import gettext
import json
import struct
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
import pytest

from interactions_app.discord import MessagePayload, check_message, embed_text_length
from interactions_app.graphs.archive import write_preview
from interactions_app.graphs.messages import graph_embed, graph_message, graph_messages
from interactions_app.graphs.produce import produce_graphs
from renderer import GRAPH_SPECS, RenderedGraph, RenderOptions, spec_by_key
from renderer.tautulli import TautulliClient, TautulliError
from tests.fakes.tautulli import FakeTautulli
from tests.render_samples import png_size

pytest_plugins = ["tests.fixtures"]

T = gettext.NullTranslations()
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def client(tautulli: FakeTautulli) -> AsyncIterator[TautulliClient]:
    # No cap on requests in flight: the tests see the pipeline's own fan-out.
    async with TautulliClient(
        tautulli.url, tautulli.api_key, backoff=0, retries=0, max_concurrent=len(GRAPH_SPECS)
    ) as client:
        yield client


@pytest.mark.anyio
async def test_every_graph_fetched_at_once_rendered_in_order_with_progress(
    tautulli: FakeTautulli, client: TautulliClient
) -> None:
    # Every request is held until all twelve are in flight: proof they are fetched together.
    tautulli.wait_for_concurrent(len(GRAPH_SPECS), timeout=10)
    limiter = anyio.CapacityLimiter(1)
    reports: list[tuple[int, int]] = []
    borrowed: list[int] = []

    async def progress(done: int, total: int) -> None:
        reports.append((done, total))
        borrowed.append(limiter.borrowed_tokens)

    graphs = await produce_graphs(
        client, GRAPH_SPECS, RenderOptions(), T, limiter=limiter, progress=progress
    )

    assert [graph.key for graph in graphs] == [spec.key for spec in GRAPH_SPECS]
    assert sorted(r.cmd or "" for r in tautulli.requests) == sorted(
        spec.command for spec in GRAPH_SPECS
    )
    assert tautulli.max_in_flight == len(GRAPH_SPECS)
    assert reports == [(n, len(GRAPH_SPECS)) for n in range(1, len(GRAPH_SPECS) + 1)]
    assert max(borrowed) <= 1
    for graph in graphs:
        assert png_size(graph.png) == (graph.width, graph.height)
        assert graph.summary


@pytest.mark.anyio
async def test_time_ranges_axis_and_user_come_from_the_options(
    tautulli: FakeTautulli, client: TautulliClient
) -> None:
    specs = [spec_by_key("daily_play_count"), spec_by_key("play_count_by_month")]
    specs.append(spec_by_key("top_10_users"))
    options = RenderOptions(time_range_days=7, time_range_months=6, y_axis="duration")

    graphs = await produce_graphs(
        client, specs, options, T, user_id=3464780, limiter=anyio.CapacityLimiter(2)
    )

    assert len(graphs) == 3
    by_cmd = {r.cmd: r.params for r in tautulli.requests}
    assert by_cmd["get_plays_by_date"]["time_range"] == "7"
    assert by_cmd["get_plays_per_month"]["time_range"] == "6"
    assert {params["y_axis"] for params in by_cmd.values()} == {"duration"}
    assert by_cmd["get_plays_by_date"]["user_id"] == "3464780"
    # The top-10-users graph compares people: never restricted to (or revealing) one user.
    assert "user_id" not in by_cmd["get_plays_by_top_10_users"]


@pytest.mark.anyio
async def test_a_tautulli_failure_is_raised_as_itself(
    tautulli: FakeTautulli, client: TautulliClient
) -> None:
    tautulli.fail(500, command="get_plays_by_hourofday")
    reports: list[int] = []

    async def progress(done: int, total: int) -> None:
        reports.append(done)

    with pytest.raises(TautulliError) as caught:
        await produce_graphs(
            client, GRAPH_SPECS, RenderOptions(), T,
            limiter=anyio.CapacityLimiter(1), progress=progress,
        )  # fmt: skip
    assert "500" in caught.value.explain(T)
    assert len(reports) < len(GRAPH_SPECS)


@pytest.mark.anyio
async def test_a_failure_cancels_the_calls_still_running(
    tautulli: FakeTautulli, client: TautulliClient
) -> None:
    tautulli.fail(500, command="get_plays_by_date")
    tautulli.slow(30, command="get_plays_per_month")
    specs = [spec_by_key("daily_play_count"), spec_by_key("play_count_by_month")]
    # Raised long before the slow call's answer: it was cancelled, not awaited.
    with pytest.raises(TautulliError) as caught, anyio.fail_after(5):
        await produce_graphs(client, specs, RenderOptions(), T, limiter=anyio.CapacityLimiter(1))
    assert caught.value.command == "get_plays_by_date"


@pytest.mark.anyio
async def test_a_failing_progress_report_does_not_cost_the_graphs(
    client: TautulliClient, caplog: pytest.LogCaptureFixture
) -> None:
    specs = [spec_by_key("play_count_by_dayofweek"), spec_by_key("top_10_platforms")]

    async def progress(done: int, total: int) -> None:
        raise RuntimeError("the message to edit is gone")

    graphs = await produce_graphs(
        client, specs, RenderOptions(), T, limiter=anyio.CapacityLimiter(1), progress=progress
    )

    assert [graph.key for graph in graphs] == [spec.key for spec in specs]
    assert "Progress report 1/2 failed" in caplog.text


def fake_graph(key: str = "daily_play_count", **changes: object) -> RenderedGraph:
    values: dict[str, object] = {
        "key": key,
        "title": "Daily play count",
        "png": PNG_SIGNATURE + b"\x00\x00\x00\rIHDR" + struct.pack(">II", 1600, 900),
        "width": 1600,
        "height": 900,
        "numbers": {"categories": ["2026-11-01"], "series": {"TV": [3]}, "unit": "plays"},
        "summary": "3 plays in total",
    }
    values.update(changes)
    return RenderedGraph(**values)  # type: ignore[arg-type]


def test_graph_message_is_one_embed_showing_its_upload() -> None:
    posted = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    upcoming = posted + timedelta(days=7)

    payload, upload = graph_message(fake_graph(), T, posted_at=posted, next_update=upcoming)

    assert isinstance(payload, MessagePayload)
    assert payload.embeds is not None
    [embed] = payload.embeds
    assert embed.title == "Daily play count"
    assert embed.image is not None
    assert embed.image.url == "attachment://daily_play_count.png"
    assert upload.filename == "daily_play_count.png"
    assert embed.description is not None
    assert embed.description.startswith("3 plays in total\n\n")
    assert f"<t:{int(posted.timestamp())}:f>" in embed.description
    assert f"<t:{int(upcoming.timestamp())}:R>" in embed.description
    assert embed.timestamp == posted.isoformat()
    assert upload.description == "Daily play count: 3 plays in total"
    check_message(payload, [upload], attachment_size_limit=10 * 1024 * 1024)


def test_graph_embed_without_next_update_and_over_long_texts_are_clipped() -> None:
    posted = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    graph = fake_graph(title="T" * 300, summary="S" * 5000)

    embed, upload = graph_embed(graph, T, posted_at=posted)

    assert embed.title is not None
    assert len(embed.title) == 256
    assert embed.title.endswith("…")
    assert embed.description is not None
    assert len(embed.description) <= 4096
    assert embed.description.endswith(f"Posted <t:{int(posted.timestamp())}:f>")
    assert "next update" not in embed.description
    assert upload.description is not None
    assert len(upload.description) == 1024


def test_graph_messages_pack_at_most_ten_embeds_each() -> None:
    posted = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    graphs = [fake_graph(f"graph_{n}") for n in range(12)]

    messages = graph_messages(graphs, T, posted_at=posted)

    assert [len(files) for _, files in messages] == [10, 2]
    for payload, files in messages:
        assert payload.embeds is not None
        assert [e.image.url for e in payload.embeds if e.image] == [
            f"attachment://{f.filename}" for f in files
        ]
        check_message(payload, files, attachment_size_limit=10 * 1024 * 1024)
    with pytest.raises(ValueError, match="per_message"):
        graph_messages(graphs, T, posted_at=posted, per_message=11)


def test_long_translations_split_a_message_instead_of_breaking_the_6000_total() -> None:
    posted = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    # Five graphs of ~1,900 characters each: three fit under 6,000, the fourth does not.
    graphs = [fake_graph(f"graph_{n}", summary="Wiedergabe " * 170) for n in range(5)]

    messages = graph_messages(graphs, T, posted_at=posted)

    assert [len(files) for _, files in messages] == [3, 2]
    for payload, files in messages:
        assert payload.embeds is not None
        assert sum(embed_text_length(embed) for embed in payload.embeds) <= 6000
        check_message(payload, files, attachment_size_limit=10 * 1024 * 1024)
    sent = [embed.title for payload, _ in messages for embed in payload.embeds or []]
    assert sent == [graph.title for graph in graphs]


def test_preview_writes_graphs_numbers_and_an_escaped_index(tmp_path: Path) -> None:
    graphs = [
        fake_graph("daily_play_count", title="<b>Plays</b> & more", summary='"quoted" <i>'),
        fake_graph("top_10_users"),
    ]

    index = write_preview(graphs, tmp_path / "out", T)

    page = index.read_text()
    assert "<b>Plays</b>" not in page
    assert "&lt;b&gt;Plays&lt;/b&gt; &amp; more" in page
    assert "&quot;quoted&quot; &lt;i&gt;" in page
    assert page.index("daily_play_count.png") < page.index("top_10_users.png")
    numbers = json.loads((tmp_path / "out" / "daily_play_count.json").read_text())
    assert numbers["numbers"] == graphs[0].numbers
    assert numbers["summary"] == '"quoted" <i>'
    assert (tmp_path / "out" / "top_10_users.png").read_bytes() == graphs[1].png
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "daily_play_count.json",
        "daily_play_count.png",
        "index.html",
        "top_10_users.json",
        "top_10_users.png",
    ]
