"""TautulliClient against the loopback fake: what it sends and what it parses."""

from __future__ import annotations

import httpx
import pytest

from renderer.tautulli import (
    GRAPH_COMMANDS,
    TautulliBadResponse,
    TautulliClient,
    TautulliSource,
    TautulliUser,
)
from tests.captured import as_plain, captured
from tests.fakes.tautulli import FakeTautulli

pytest_plugins = ["tests.fixtures"]


@pytest.mark.anyio
@pytest.mark.parametrize("command", GRAPH_COMMANDS)
async def test_every_graph_command_is_parsed_exactly(tautulli: FakeTautulli, command: str) -> None:
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:
        graph = await client.graph(command, time_range=30)

    assert as_plain(graph) == captured(command)
    assert all(len(series.data) == len(graph.categories) for series in graph.series)
    [request] = tautulli.requests
    assert request.path == "/api/v2"
    assert request.params == {
        "apikey": tautulli.api_key,
        "cmd": command,
        "time_range": "30",
        "y_axis": "plays",
        "grouping": "1",
    }


@pytest.mark.anyio
async def test_parameters_reach_tautulli(tautulli: FakeTautulli) -> None:
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:
        duration = await client.graph("get_plays_by_dayofweek", time_range=14, y_axis="duration")
        personal = await client.graph(
            "get_plays_by_date", time_range=30, user_id=3464780, grouping=False
        )

    assert tautulli.requests[0].params["y_axis"] == "duration"
    assert tautulli.requests[0].params["time_range"] == "14"
    assert "user_id" not in tautulli.requests[0].params
    assert tautulli.requests[1].params["user_id"] == "3464780"
    assert tautulli.requests[1].params["grouping"] == "0"
    assert as_plain(duration) == captured("get_plays_by_dayofweek", "duration")
    assert as_plain(personal) == captured("get_plays_by_date", "user")
    # Tautulli's own week order is kept, whatever it is.
    assert duration.categories[0] == "Sunday"


@pytest.mark.anyio
@pytest.mark.parametrize("suffix", ["", "/", "/api/v2", "/api/v2/", "  "])
async def test_base_url_with_or_without_api_path(tautulli: FakeTautulli, suffix: str) -> None:
    async with TautulliClient(tautulli.url + suffix, tautulli.api_key) as client:
        info = await client.server_info()

    assert client.url == tautulli.url
    assert info.tautulli_version == "v2.17.2"
    assert [request.path for request in tautulli.requests] == ["/api/v2"]


@pytest.mark.anyio
async def test_base_path_and_credentials_in_url(tautulli: FakeTautulli) -> None:
    # Behind a proxy Tautulli may live under a path; credentials never show in messages.
    url = tautulli.url.replace("http://", "http://admin:pw@") + "/tautulli/api/v2"
    async with TautulliClient(url, tautulli.api_key, cache_ttl=0) as client:
        assert client.url == tautulli.url + "/tautulli"
        assert "pw" not in repr(client)
        with pytest.raises(TautulliBadResponse, match="HTTP 404") as caught:
            await client.server_info()
    assert "pw" not in str(caught.value)
    assert [request.path for request in tautulli.requests] == ["/tautulli/api/v2"]


@pytest.mark.parametrize("url", ["localhost:8181", "ftp://host", "", "http://"])
def test_unusable_base_url_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="http://host:8181"):
        TautulliClient(url, "key")


@pytest.mark.anyio
async def test_users_are_parsed(tautulli: FakeTautulli) -> None:
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:
        users = await client.users()

    assert len(users) == 13
    local, jessica = users[0], users[1]
    assert (local.user_id, local.email) == (0, None)
    assert jessica == TautulliUser(
        user_id=3464780,
        email="tanaka_jessica@example.org",
        username="tanaka_jessica",
        friendly_name="Jessica Tanaka",
    )
    assert jessica.name == "Jessica Tanaka"


@pytest.mark.anyio
async def test_columns_the_bot_never_reads_may_change_type(tautulli: FakeTautulli) -> None:
    # A later Tautulli may send a flag as text or drop a column: /my_stats must not care.
    users = captured("get_users")
    assert isinstance(users, list)
    for row in users:
        row["is_active"] = "yes"
        row["shared_libraries"] = None
        del row["friendly_name"]
    info = {"tautulli_version": "v2.18.0", "tautulli_python_version": 3.13}
    tautulli.answer({"response": {"result": "success", "message": None, "data": users}}, times=1)
    tautulli.answer({"response": {"result": "success", "message": None, "data": info}}, times=1)
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:
        user = await client.user_by_email("tanaka_jessica@example.org")
        version = (await client.server_info()).tautulli_version
    assert (user.user_id if user else None) == 3464780
    assert version == "v2.18.0"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tanaka_jessica@example.org", 3464780),
        ("  Tanaka_Jessica@EXAMPLE.org\t", 3464780),
        ("IKOWALSKI@example.com", 31610388),
        ("nobody@example.com", None),
        ("", None),
        ("   ", None),
    ],
)
async def test_user_by_email(tautulli: FakeTautulli, typed: str, expected: int | None) -> None:
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:
        user = await client.user_by_email(typed)
    assert (user.user_id if user else None) == expected


@pytest.mark.anyio
async def test_local_user_is_never_matched(tautulli: FakeTautulli) -> None:
    users = captured("get_users")
    assert isinstance(users, list)
    users[0]["email"] = "local@example.com"
    tautulli.answer({"response": {"result": "success", "message": None, "data": users}})
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:
        assert await client.user_by_email("local@example.com") is None


@pytest.mark.anyio
async def test_server_info(tautulli: FakeTautulli) -> None:
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:
        info = await client.server_info()
    assert info.tautulli_version == "v2.17.2"
    assert tautulli.requests[0].params == {"apikey": tautulli.api_key, "cmd": "get_tautulli_info"}


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("command", "kwargs", "message"),
    [
        ("get_history", {"time_range": 30}, "not a Tautulli graph command"),
        ("get_plays_by_date", {"time_range": 30, "y_axis": "minutes"}, "y_axis"),
        ("get_plays_by_date", {"time_range": 0}, "time_range"),
    ],
)
async def test_calls_the_bot_must_not_make(
    tautulli: FakeTautulli, command: str, kwargs: dict[str, object], message: str
) -> None:
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:
        with pytest.raises(ValueError, match=message):
            await client.graph(command, **kwargs)  # pyright: ignore[reportArgumentType]
    assert tautulli.requests == []


@pytest.mark.anyio
async def test_injected_http_client_is_used_and_left_open(tautulli: FakeTautulli) -> None:
    seen: list[str] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request.url.path)

    async with httpx.AsyncClient(event_hooks={"request": [record]}) as http:
        async with TautulliClient(tautulli.url, tautulli.api_key, http=http) as client:
            await client.server_info()
        assert not http.is_closed
        assert seen == ["/api/v2"]


@pytest.mark.anyio
async def test_own_http_client_is_closed(tautulli: FakeTautulli) -> None:
    client = TautulliClient(tautulli.url, tautulli.api_key)
    await client.server_info()
    await client.aclose()
    with pytest.raises(RuntimeError):
        await client.server_info()


def test_client_fits_the_source_protocol(tautulli: FakeTautulli) -> None:
    source: TautulliSource = TautulliClient(tautulli.url, tautulli.api_key)
    assert tautulli.api_key not in repr(source)
    assert repr(source) == f"TautulliClient({tautulli.url!r})"
