"""SampleTautulli answers like a Tautulli would, from the bundled captured data."""

from __future__ import annotations

import pytest

from renderer.sample import SampleTautulli, sample_file_name
from renderer.tautulli import GRAPH_COMMANDS, TautulliSource
from tests.captured import as_plain, captured


@pytest.mark.anyio
@pytest.mark.parametrize("command", GRAPH_COMMANDS)
async def test_every_graph(command: str) -> None:
    async with SampleTautulli() as sample:
        graph = await sample.graph(command, time_range=30)
    assert as_plain(graph) == captured(command)


@pytest.mark.parametrize(
    ("command", "y_axis", "user_id", "expected"),
    [
        ("get_plays_by_date", "plays", None, "get_plays_by_date.json"),
        ("get_plays_by_date", "duration", None, "get_plays_by_date__duration.json"),
        ("get_plays_by_date", "plays", 3464780, "get_plays_by_date__user.json"),
        # Units matter more than whose plays they are: a duration axis needs durations.
        ("get_plays_by_date", "duration", 3464780, "get_plays_by_date__duration.json"),
        ("get_plays_by_hourofday", "plays", 3464780, "get_plays_by_hourofday.json"),
        ("get_plays_by_stream_type", "duration", None, "get_plays_by_stream_type.json"),
        ("get_plays_per_month", "duration", 7, "get_plays_per_month__duration.json"),
    ],
)
def test_variant_choice(command: str, y_axis: str, user_id: int | None, expected: str) -> None:
    assert sample_file_name(command, y_axis=y_axis, user_id=user_id) == expected  # pyright: ignore[reportArgumentType]


@pytest.mark.anyio
async def test_graph_uses_the_variant() -> None:
    sample = SampleTautulli()
    duration = await sample.graph("get_plays_by_top_10_users", time_range=30, y_axis="duration")
    personal = await sample.graph("get_plays_by_date", time_range=30, user_id=3464780)
    assert as_plain(duration) == captured("get_plays_by_top_10_users", "duration")
    assert as_plain(personal) == captured("get_plays_by_date", "user")


@pytest.mark.anyio
async def test_users_and_info() -> None:
    sample = SampleTautulli()
    users = await sample.users()
    assert [user.user_id for user in users][:3] == [0, 3464780, 74799453]
    match = await sample.user_by_email(" HANA.young@Example.com ")
    assert match is not None
    assert match.email == "hana.young@example.com"
    assert await sample.user_by_email("nobody@example.com") is None
    assert (await sample.server_info()).tautulli_version == "v2.17.2"


@pytest.mark.anyio
async def test_graphs_through_the_protocol() -> None:
    source: TautulliSource = SampleTautulli()
    days = await source.graph("get_plays_by_dayofweek", time_range=30)
    hours = await source.graph("get_plays_by_hourofday", time_range=30, y_axis="duration")
    assert days.categories[0] == "Sunday"
    assert as_plain(hours) == captured("get_plays_by_hourofday", "duration")
    await source.aclose()
    assert repr(source) == "SampleTautulli()"


@pytest.mark.anyio
async def test_same_checks_as_the_client() -> None:
    with pytest.raises(ValueError, match="not a Tautulli graph command"):
        await SampleTautulli().graph("get_history", time_range=30)
