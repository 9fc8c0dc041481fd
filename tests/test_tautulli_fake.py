"""The fake Tautulli itself, seen by a plain HTTP client: other suites rely on it."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from renderer.sample import sample_answer, sample_name
from tests.fakes.tautulli import DEFAULT_API_KEY, FakeTautulli

pytest_plugins = ["tests.fixtures"]

ERRORS = Path(__file__).parent / "data" / "tautulli"


def get(fake: FakeTautulli, **params: str) -> httpx.Response:
    return httpx.get(fake.api_url, params=params, timeout=5)


def captured_error(name: str) -> object:
    return json.loads((ERRORS / f"error__{name}.json").read_bytes())


def test_checks_the_key_like_tautulli(tautulli: FakeTautulli) -> None:
    missing = get(tautulli, cmd="get_users")
    invalid = get(tautulli, apikey="f" * 32, cmd="get_users")
    no_cmd = get(tautulli, apikey=tautulli.api_key)
    assert (missing.status_code, missing.json()) == (400, captured_error("missing_apikey"))
    assert (invalid.status_code, invalid.json()) == (400, captured_error("invalid_apikey"))
    assert (no_cmd.status_code, no_cmd.json()) == (400, captured_error("missing_cmd"))


def test_unknown_command_names_it(tautulli: FakeTautulli) -> None:
    answer = get(tautulli, apikey=tautulli.api_key, cmd="get_plays_by_nothing")
    assert (answer.status_code, answer.json()) == (400, captured_error("unknown_cmd"))

    tautulli.forget_command("get_plays_by_date")
    forgotten = get(tautulli, apikey=tautulli.api_key, cmd="get_plays_by_date")
    assert forgotten.status_code == 400
    assert forgotten.json()["response"]["message"].startswith(
        "Unknown command: get_plays_by_date. Possible commands are: add_newsletter_config,"
    )


def test_known_command_without_a_captured_answer(tautulli: FakeTautulli) -> None:
    answer = get(tautulli, apikey=tautulli.api_key, cmd="get_history")
    assert answer.status_code == 501
    assert "no answer for get_history" in answer.text


def test_only_the_api_path_exists(tautulli: FakeTautulli) -> None:
    answer = httpx.get(f"{tautulli.url}/api/v2/api/v2", params={"apikey": tautulli.api_key})
    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("params", "file"),
    [
        ({"cmd": "get_plays_by_date", "user_id": "3464780,74799453"}, "__two_users"),
        ({"cmd": "get_plays_by_date", "user_id": "3464780"}, "__user"),
        ({"cmd": "get_plays_by_date", "grouping": "0"}, "__ungrouped"),
        ({"cmd": "get_plays_by_date", "time_range": "7"}, "__7d"),
        ({"cmd": "get_plays_by_date", "y_axis": "duration"}, "__duration"),
        ({"cmd": "get_plays_by_date", "y_axis": "plays", "time_range": "30"}, ""),
        ({"cmd": "get_plays_by_stream_type", "y_axis": "duration"}, ""),
        ({"cmd": "get_user", "user_id": "3464780"}, ""),
        ({"cmd": "get_user", "user_id": "999"}, "__unknown_id"),
    ],
)
def test_variants_follow_the_parameters(
    tautulli: FakeTautulli, params: dict[str, str], file: str
) -> None:
    answer = get(tautulli, apikey=tautulli.api_key, **params)
    command, variant = params["cmd"], file.removeprefix("__")
    test_only = Path(__file__).parent / "data" / "tautulli" / sample_name(command, variant)
    expected = test_only.read_bytes() if test_only.is_file() else sample_answer(command, variant)
    assert answer.status_code == 200
    assert answer.content == expected


def test_records_requests_and_resets(tautulli: FakeTautulli) -> None:
    get(tautulli, apikey=tautulli.api_key, cmd="get_users")
    get(tautulli, apikey=tautulli.api_key, cmd="get_tautulli_info")
    assert [r.cmd for r in tautulli.requests] == ["get_users", "get_tautulli_info"]
    assert tautulli.calls("get_users")[0].params == {"apikey": DEFAULT_API_KEY, "cmd": "get_users"}
    tautulli.fail(500)
    tautulli.reset()
    assert tautulli.requests == []
    assert get(tautulli, apikey=tautulli.api_key, cmd="get_users").status_code == 200


def test_faults_by_command_and_count(tautulli: FakeTautulli) -> None:
    tautulli.fail(503, times=2, command="get_users", retry_after=1.5)
    key = tautulli.api_key
    first = get(tautulli, apikey=key, cmd="get_users")
    assert (first.status_code, first.headers["Retry-After"]) == (503, "1.5")
    assert get(tautulli, apikey=key, cmd="get_tautulli_info").status_code == 200
    assert get(tautulli, apikey=key, cmd="get_users").status_code == 503
    assert get(tautulli, apikey=key, cmd="get_users").status_code == 200


def test_garbage_and_custom_answers(tautulli: FakeTautulli) -> None:
    tautulli.send_garbage(times=1)
    tautulli.answer(b"{}", status=418, times=1)
    key = tautulli.api_key
    assert get(tautulli, apikey=key, cmd="get_users").text == "<html>Please log in</html>"
    assert get(tautulli, apikey=key, cmd="get_users").status_code == 418
    assert get(tautulli, apikey=key, cmd="get_users").status_code == 200


def test_stop_is_fast_while_a_request_is_held() -> None:
    fake = FakeTautulli().start()
    fake.slow(60)
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(fake.api_url, params={"apikey": fake.api_key, "cmd": "get_users"}, timeout=0.1)
    started = time.perf_counter()
    fake.stop()
    assert time.perf_counter() - started < 2
    with pytest.raises(httpx.ConnectError):
        httpx.get(fake.api_url, timeout=1)


def test_down_and_up_on_the_same_port(tautulli: FakeTautulli) -> None:
    url = tautulli.url
    tautulli.go_down()
    with pytest.raises(httpx.ConnectError):
        get(tautulli, apikey=tautulli.api_key, cmd="get_users")
    tautulli.come_up()
    assert tautulli.url == url
    assert get(tautulli, apikey=tautulli.api_key, cmd="get_users").status_code == 200


def test_going_down_releases_held_requests(tautulli: FakeTautulli) -> None:
    tautulli.slow(60)
    tautulli.wait_for_concurrent(2, timeout=60)
    with pytest.raises(httpx.ReadTimeout):
        get_with_timeout(tautulli, 0.1)
    started = time.perf_counter()
    tautulli.go_down()
    assert time.perf_counter() - started < 2
    tautulli.come_up()
    tautulli.clear_faults()
    assert get_with_timeout(tautulli, 5).status_code == 200


def get_with_timeout(fake: FakeTautulli, seconds: float) -> httpx.Response:
    params = {"apikey": fake.api_key, "cmd": "get_users"}
    return httpx.get(fake.api_url, params=params, timeout=seconds)


def test_sharing_one_cpu_delays_answers_but_not_what_they_say(tautulli: FakeTautulli) -> None:
    normal = get_with_timeout(tautulli, 5).content
    tautulli.share_one_cpu(0.01, 0.5)
    assert get_with_timeout(tautulli, 5).content == normal
    # Held for a whole minute of "CPU", yet stopping releases it at once.
    tautulli.share_one_cpu(60, 0.5)
    with pytest.raises(httpx.ReadTimeout):
        get_with_timeout(tautulli, 0.1)
    started = time.perf_counter()
    tautulli.stop()
    assert time.perf_counter() - started < 2
