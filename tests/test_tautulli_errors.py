"""Every way Tautulli can fail maps to one error that explains itself, without the API key."""

from __future__ import annotations

import gettext
import logging
import socket
import traceback
from pathlib import Path

import httpx
import pytest

from renderer.tautulli import (
    TautulliAuthError,
    TautulliBadResponse,
    TautulliClient,
    TautulliCommandUnknown,
    TautulliError,
    TautulliTimeout,
    TautulliUnreachable,
)
from tests.fakes.tautulli import FakeTautulli

pytest_plugins = ["tests.fixtures"]

T = gettext.NullTranslations()


async def no_wait(_seconds: float) -> None:
    pass


def client_for(fake: FakeTautulli, *, retries: int = 0, timeout: float = 30.0) -> TautulliClient:
    return TautulliClient(
        fake.url, fake.api_key, retries=retries, timeout=timeout, cache_ttl=0, sleep=no_wait
    )


def everything_said(error: TautulliError) -> str:
    return "\n".join(
        [str(error), repr(error), error.explain(T), "".join(traceback.format_exception(error))]
    )


@pytest.mark.anyio
async def test_down_is_unreachable_with_url_and_no_key(tautulli: FakeTautulli) -> None:
    tautulli.go_down()
    async with client_for(tautulli) as client:
        with pytest.raises(TautulliUnreachable) as caught:
            await client.graph("get_plays_by_date", time_range=30)

    error = caught.value
    assert str(error) == f"Tautulli at {tautulli.url}: connection refused"
    assert error.reason == "refused"
    assert error.url == tautulli.url
    assert tautulli.url in error.explain(T)
    assert "TAUTULLI_URL" in error.explain(T)
    assert tautulli.api_key not in everything_said(error)


@pytest.mark.anyio
async def test_back_up_after_being_down(tautulli: FakeTautulli) -> None:
    async with client_for(tautulli) as client:
        tautulli.go_down()
        with pytest.raises(TautulliUnreachable):
            await client.server_info()
        tautulli.come_up()
        assert (await client.server_info()).tautulli_version == "v2.17.2"


@pytest.mark.anyio
async def test_unknown_host_name() -> None:
    # No DNS on loopback: a transport raising what a failed lookup raises stands in for it.
    def lookup_fails(request: httpx.Request) -> httpx.Response:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc

    http = httpx.AsyncClient(transport=httpx.MockTransport(lookup_fails))
    async with http, TautulliClient("http://tautulli.invalid:8181", "k" * 32, http=http) as client:
        with pytest.raises(TautulliUnreachable) as caught:
            await client.server_info()
    assert caught.value.reason == "dns"
    assert str(caught.value) == "Tautulli at http://tautulli.invalid:8181: host name not found"
    assert "could not be found" in caught.value.explain(T)


@pytest.mark.anyio
async def test_connection_lost_mid_answer() -> None:
    def drops(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.")

    http = httpx.AsyncClient(transport=httpx.MockTransport(drops))
    async with http, TautulliClient("http://host:8181", "k" * 32, http=http, retries=0) as client:
        with pytest.raises(TautulliUnreachable) as caught:
            await client.server_info()
    assert caught.value.reason == "network"
    assert "Server disconnected" in str(caught.value)
    assert "Server disconnected" in caught.value.explain(T)


@pytest.mark.anyio
async def test_slow_is_a_timeout(tautulli: FakeTautulli) -> None:
    tautulli.slow(30)
    async with client_for(tautulli, timeout=0.2) as client:
        with pytest.raises(TautulliTimeout) as caught:
            await client.graph("get_plays_by_hourofday", time_range=30)

    error = caught.value
    assert (
        str(error)
        == f"Tautulli at {tautulli.url}: no answer to get_plays_by_hourofday within 0.2 s"
    )
    assert error.command == "get_plays_by_hourofday"
    assert "within 1 second" in error.explain(T)
    assert tautulli.api_key not in everything_said(error)


@pytest.mark.anyio
async def test_invalid_key_is_an_auth_error(tautulli: FakeTautulli) -> None:
    wrong = "f" * 32
    async with TautulliClient(tautulli.url, wrong, retries=2, sleep=no_wait) as client:
        with pytest.raises(TautulliAuthError) as caught:
            await client.users()

    error = caught.value
    assert not error.missing
    assert "Invalid apikey" in str(error)
    assert "rejected the API key" in error.explain(T)
    assert "TAUTULLI_API_KEY" in error.explain(T)
    assert wrong not in everything_said(error)
    assert len(tautulli.requests) == 1  # a 400 is never retried


@pytest.mark.anyio
async def test_empty_key_fails_without_a_request(tautulli: FakeTautulli) -> None:
    async with TautulliClient(tautulli.url, "  ") as client:
        with pytest.raises(TautulliAuthError) as caught:
            await client.graph("get_plays_by_date", time_range=30)
    assert caught.value.missing
    assert "No Tautulli API key" in caught.value.explain(T)
    assert tautulli.requests == []


@pytest.mark.anyio
async def test_key_missing_on_the_way(tautulli: FakeTautulli) -> None:
    # E.g. a proxy that drops the query string: Tautulli says the key is missing.
    missing = Path(__file__).parent / "data" / "tautulli" / "error__missing_apikey.json"
    tautulli.answer(missing.read_bytes(), status=400)
    async with client_for(tautulli) as client:
        with pytest.raises(TautulliAuthError) as caught:
            await client.server_info()
    assert caught.value.missing
    assert "Parameter apikey is required" in str(caught.value)


@pytest.mark.anyio
async def test_proxy_asking_for_credentials(tautulli: FakeTautulli) -> None:
    tautulli.fail(401)
    async with client_for(tautulli) as client:
        with pytest.raises(TautulliAuthError, match="HTTP 401"):
            await client.server_info()


@pytest.mark.anyio
async def test_command_unknown_to_an_older_tautulli(tautulli: FakeTautulli) -> None:
    tautulli.forget_command("get_stream_type_by_top_10_users")
    async with client_for(tautulli, retries=2) as client:
        with pytest.raises(TautulliCommandUnknown) as caught:
            await client.graph("get_stream_type_by_top_10_users", time_range=30)

    error = caught.value
    assert error.command == "get_stream_type_by_top_10_users"
    assert "get_stream_type_by_top_10_users" in error.explain(T)
    assert "Upgrade Tautulli" in error.explain(T)
    assert "Possible commands" not in everything_said(error)
    assert len(tautulli.requests) == 1


@pytest.mark.anyio
async def test_server_error_after_retries(tautulli: FakeTautulli) -> None:
    tautulli.fail(500)
    async with client_for(tautulli, retries=2) as client:
        with pytest.raises(TautulliBadResponse) as caught:
            await client.graph("get_plays_per_month", time_range=12)

    error = caught.value
    assert error.status == 500
    assert str(error) == (
        f"Tautulli at {tautulli.url}: unusable answer to get_plays_per_month: "
        "HTTP 500 after 3 attempts"
    )
    assert "failed on get_plays_per_month with HTTP 500" in error.explain(T)
    assert len(tautulli.requests) == 3


@pytest.mark.anyio
async def test_non_json_answer(tautulli: FakeTautulli) -> None:
    tautulli.send_garbage()
    async with client_for(tautulli, retries=2) as client:
        with pytest.raises(TautulliBadResponse) as caught:
            await client.users()
    assert caught.value.problem == "not JSON"
    assert "cannot read (not JSON)" in caught.value.explain(T)
    assert len(tautulli.requests) == 1  # a malformed 200 is never retried


@pytest.mark.anyio
async def test_graph_without_series(tautulli: FakeTautulli) -> None:
    tautulli.send_wrong_shape()
    async with client_for(tautulli) as client:
        with pytest.raises(TautulliBadResponse) as caught:
            await client.graph("get_plays_by_date", time_range=30)
    assert caught.value.problem == "Object missing required field `series` - at `$.response.data`"


@pytest.mark.anyio
async def test_users_of_the_wrong_shape(tautulli: FakeTautulli) -> None:
    tautulli.send_wrong_shape()
    async with client_for(tautulli) as client:
        with pytest.raises(TautulliBadResponse, match=r"Expected `array`, got `str`"):
            await client.users()


@pytest.mark.anyio
async def test_series_length_must_match_categories(tautulli: FakeTautulli) -> None:
    data = {"categories": ["00", "01"], "series": [{"name": "TV", "data": [1, 2, 3]}]}
    tautulli.answer({"response": {"result": "success", "message": None, "data": data}})
    async with client_for(tautulli) as client:
        with pytest.raises(TautulliBadResponse, match="series 'TV' has 3 points for 2 categories"):
            await client.graph("get_plays_by_hourofday", time_range=30)


@pytest.mark.anyio
async def test_numbers_may_be_floats_but_not_text(tautulli: FakeTautulli) -> None:
    def answer(points: list[object]) -> dict[str, object]:
        data = {"categories": ["00", "01"], "series": [{"name": "TV", "data": points}]}
        return {"response": {"result": "success", "message": None, "data": data}}

    tautulli.answer(answer([1.5, 2]), times=1)
    tautulli.answer(answer(["1", 2]), times=1)
    tautulli.answer(answer([None, 2]), times=1)
    async with client_for(tautulli) as client:
        graph = await client.graph("get_plays_by_hourofday", time_range=30)
        assert graph.series[0].data == [1.5, 2]
        for _ in range(2):
            with pytest.raises(TautulliBadResponse) as caught:
                await client.graph("get_plays_by_hourofday", time_range=30)
            assert caught.value.problem.endswith("at `$.response.data.series[0].data[0]`")


@pytest.mark.anyio
async def test_error_result_with_http_200(tautulli: FakeTautulli) -> None:
    tautulli.answer({"response": {"result": "error", "message": "Database is locked", "data": {}}})
    async with client_for(tautulli) as client:
        with pytest.raises(TautulliBadResponse, match="result 'error': Database is locked"):
            await client.server_info()


def _error_answer(message: str | None, data: str) -> dict[str, object]:
    reply: dict[str, object] = {"result": "error"}
    if message is not None:
        reply["message"] = message
    if data != "missing":
        reply["data"] = {} if data == "empty" else None
    return {"response": reply}


@pytest.mark.anyio
@pytest.mark.parametrize("data", ["empty", "null", "missing"])
async def test_an_error_answer_shows_tautullis_message(tautulli: FakeTautulli, data: str) -> None:
    tautulli.answer(_error_answer("Incorrect number of bindings supplied", data), status=400)
    async with client_for(tautulli) as client:
        with pytest.raises(TautulliBadResponse) as caught:
            await client.server_info()
    error = caught.value
    assert error.message == "Incorrect number of bindings supplied"
    assert error.explain(T) == (
        f"Tautulli at {tautulli.url} failed: get_tautulli_info: "
        "Incorrect number of bindings supplied"
    )
    assert "TAUTULLI_URL" not in error.explain(T)


@pytest.mark.anyio
@pytest.mark.parametrize("data", ["empty", "null", "missing"])
async def test_a_rejected_key_is_an_auth_error_whatever_the_data(
    tautulli: FakeTautulli, data: str
) -> None:
    tautulli.answer(_error_answer("Invalid apikey", data), status=400)
    async with client_for(tautulli) as client:
        with pytest.raises(TautulliAuthError) as caught:
            await client.users()
    assert "rejected the API key" in caught.value.explain(T)


@pytest.mark.anyio
async def test_the_command_list_of_an_error_answer_is_left_out(tautulli: FakeTautulli) -> None:
    missing_cmd = Path(__file__).parent / "data" / "tautulli" / "error__missing_cmd.json"
    tautulli.answer(missing_cmd.read_bytes(), status=400)
    async with client_for(tautulli) as client:
        with pytest.raises(TautulliBadResponse) as caught:
            await client.server_info()
    assert caught.value.explain(T).endswith("failed: get_tautulli_info: Parameter cmd is required")


@pytest.mark.anyio
async def test_an_error_answer_without_a_message_is_unreadable(tautulli: FakeTautulli) -> None:
    tautulli.answer(_error_answer(None, "missing"), status=400)
    async with client_for(tautulli) as client:
        with pytest.raises(TautulliBadResponse) as caught:
            await client.server_info()
    assert caught.value.message is None
    assert "cannot read (HTTP 400, result 'error': no message)" in caught.value.explain(T)


@pytest.mark.anyio
async def test_json_that_is_not_an_envelope(tautulli: FakeTautulli) -> None:
    tautulli.answer({"status": "ok"})
    async with client_for(tautulli) as client:
        with pytest.raises(TautulliBadResponse, match=r"unexpected JSON.*`response`"):
            await client.server_info()


@pytest.mark.anyio
async def test_key_never_logged(tautulli: FakeTautulli, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    tautulli.fail(503, times=1)
    async with client_for(tautulli, retries=1) as client:
        await client.graph("get_plays_by_date", time_range=30)
    # httpx logs each request URL; the key in its query string is hidden.
    assert "HTTP Request" in caplog.text
    assert "503" in caplog.text
    assert tautulli.api_key not in caplog.text


def test_base_error_explains_itself() -> None:
    error = TautulliError("something odd", url="http://host:8181")
    assert error.explain(T) == "Tautulli at http://host:8181 failed: something odd"


@pytest.mark.anyio
@pytest.mark.parametrize(
    "fault",
    ["down", "slow", "500", "429", "401", "garbage", "wrong shape", "unknown", "error result"],
)
async def test_no_message_ever_holds_the_key(
    tautulli: FakeTautulli, caplog: pytest.LogCaptureFixture, fault: str
) -> None:
    caplog.set_level(logging.DEBUG)
    match fault:
        case "down":
            tautulli.go_down()
        case "slow":
            tautulli.slow(30)
        case "500" | "429" | "401":
            tautulli.fail(int(fault))
        case "garbage":
            tautulli.send_garbage()
        case "wrong shape":
            tautulli.send_wrong_shape()
        case "unknown":
            tautulli.forget_command("get_plays_by_date")
        case _:
            tautulli.answer({"response": {"result": "error", "message": "Oops", "data": None}})
    async with client_for(tautulli, retries=1, timeout=0.2) as client:
        with pytest.raises(TautulliError) as caught:
            await client.graph("get_plays_by_date", time_range=30)
        said = everything_said(caught.value) + caplog.text + repr(client)
    assert tautulli.url in said
    assert tautulli.api_key not in said


@pytest.mark.anyio
async def test_a_password_in_the_url_is_never_logged(
    tautulli: FakeTautulli, caplog: pytest.LogCaptureFixture
) -> None:
    # Tautulli behind a proxy with basic auth; post_graphs.py --verbose shows httpx's INFO lines.
    caplog.set_level(logging.DEBUG)
    url = tautulli.url.replace("http://", "http://plex:hunter2-secret@")
    async with TautulliClient(url, tautulli.api_key, retries=0) as client:
        await client.users()
    assert "HTTP Request" in caplog.text
    assert "plex:" in caplog.text
    assert "hunter2-secret" not in caplog.text
