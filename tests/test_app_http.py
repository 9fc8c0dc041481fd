"""The endpoint's HTTP contract, over real loopback HTTP: signatures, sizes, decoding, PING."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from nacl.signing import SigningKey

from tests.fakes.endpoint import Endpoint, running_endpoint

DATA = Path(__file__).parent / "data" / "discord"
VECTORS = json.loads((DATA / "signature_vectors.json").read_text())
VECTOR_TIME = 1700000000
KEY_A = SigningKey(bytes.fromhex(VECTORS["key_a"]["seed"]))


@pytest.fixture(scope="module")
def vector_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    """The app with the vectors' key and a clock fixed 10 s after their timestamp."""
    with running_endpoint(
        tmp_path_factory.mktemp("vectors"), clock=lambda: VECTOR_TIME + 10.0, signing_key=KEY_A
    ) as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def windowless_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    """The vectors' key, the real clock (years later), SIGNATURE_MAX_AGE_SECONDS=0."""
    with running_endpoint(
        tmp_path_factory.mktemp("windowless"),
        settings={"SIGNATURE_MAX_AGE_SECONDS": 0},
        signing_key=KEY_A,
    ) as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    with running_endpoint(tmp_path_factory.mktemp("endpoint")) as running:
        yield running


def _forget_handled_interactions(endpoint: Endpoint) -> None:
    """Several vectors sign the same interaction; each is checked as if it came first."""
    conn = sqlite3.connect(endpoint.services.state.path)
    try:
        conn.execute("DELETE FROM handled_interactions")
        conn.commit()
    finally:
        conn.close()


def _vector_headers(vector: dict[str, Any]) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if vector["signature"]:
        headers["X-Signature-Ed25519"] = vector["signature"]
    if vector["timestamp"]:
        headers["X-Signature-Timestamp"] = vector["timestamp"]
    return headers


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=lambda v: v["name"])
def test_signature_vector_with_a_fixed_clock(
    vector_endpoint: Endpoint, vector: dict[str, Any]
) -> None:
    _forget_handled_interactions(vector_endpoint)
    response = vector_endpoint.client.post_raw(vector["body"].encode(), _vector_headers(vector))
    assert response.status_code == vector["expected_http_status"], response.text
    if response.status_code == 200:
        assert response.headers["content-type"] == "application/json"


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=lambda v: v["name"])
def test_signature_vector_with_the_window_off(
    windowless_endpoint: Endpoint, vector: dict[str, Any]
) -> None:
    _forget_handled_interactions(windowless_endpoint)
    body = vector["body"].encode()
    response = windowless_endpoint.client.post_raw(body, _vector_headers(vector))
    assert response.status_code == vector["expected_http_status"], response.text


def test_ping_is_answered_with_pong_as_json(endpoint: Endpoint) -> None:
    response = endpoint.client.ping()
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"type": 1}


def test_the_valid_vectors_outside_the_window_are_refused(endpoint: Endpoint) -> None:
    ping = next(v for v in VECTORS["vectors"] if v["name"] == "ping_valid")
    headers = _vector_headers(ping)
    # Right signature by the wrong app's key: still 401 (the endpoint's key is fresh).
    assert endpoint.client.post_raw(ping["body"].encode(), headers).status_code == 401


@pytest.mark.parametrize("offset", [-301, 301, -86400, 86400])
def test_timestamps_outside_the_window_are_refused_and_logged_once(
    tmp_path: Path, offset: int, caplog: pytest.LogCaptureFixture
) -> None:
    now = 1_800_000_000
    with running_endpoint(tmp_path, clock=lambda: float(now)) as endpoint:
        with caplog.at_level(logging.WARNING, logger="interactions_app.endpoint.signature"):
            statuses = [
                endpoint.client.post(endpoint.client.base(1), timestamp=str(now - offset))
                for _ in range(5)
            ]
        assert [response.status_code for response in statuses] == [401] * 5
        # Inside the window (its edges included) all is well.
        for edge in (now - 300, now + 300):
            response = endpoint.client.post(endpoint.client.base(1), timestamp=str(edge))
            assert response.status_code == 200
    lines = [r.getMessage() for r in caplog.records if "timestamp" in r.getMessage()]
    assert len(lines) == 1
    assert f"{abs(offset)} s {'behind' if offset > 0 else 'ahead of'}" in lines[0]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Signature-Ed25519": "00" * 64},
        {"X-Signature-Timestamp": "1700000000"},
        {"X-Signature-Ed25519": "", "X-Signature-Timestamp": ""},
        {"X-Signature-Ed25519": "not hex at all", "X-Signature-Timestamp": "1700000000"},
    ],
)
def test_missing_or_malformed_signature_headers_give_401(
    endpoint: Endpoint, headers: dict[str, str]
) -> None:
    response = endpoint.client.post_raw(b'{"type":1}', headers)
    assert response.status_code == 401


def test_a_non_numeric_timestamp_is_refused(endpoint: Endpoint) -> None:
    body = json.dumps(endpoint.client.base(1)).encode()
    assert endpoint.client.post_raw(body, timestamp="yesterday").status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2, 3]",
        b'"a string"',
        b"{}",
        b'{"type": 6, "id": "1", "application_id": "2", "token": "t", "version": 1}',
        b'{"type": 99, "id": "1", "application_id": "2", "token": "t", "version": 1}',
        b'{"type": 2, "id": "1", "application_id": "2", "token": "t", "version": 1}',
        b'{"type": "1", "id": "1", "application_id": "2", "token": "t"}',
    ],
)
def test_signed_but_not_an_interaction_gives_400(
    endpoint: Endpoint, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        response = endpoint.client.post_raw(body)
    assert response.status_code == 400
    assert all(b'"t"' not in r.getMessage().encode() for r in caplog.records)
    # The server is still fine afterwards.
    assert endpoint.client.ping().json() == {"type": 1}


def test_unknown_fields_are_ignored(endpoint: Endpoint) -> None:
    body = endpoint.client.base(1, brand_new_field={"nested": [1, 2]}, guild={"id": "1"})
    assert endpoint.client.post(body).json() == {"type": 1}


def test_a_body_announced_over_one_mebibyte_gives_413(endpoint: Endpoint) -> None:
    body = b'{"type":1,"pad":"' + b"x" * (1024 * 1024) + b'"}'
    response = endpoint.client.post_raw(body)
    assert response.status_code == 413


def test_a_streamed_body_over_one_mebibyte_gives_413(endpoint: Endpoint) -> None:
    # No Content-Length (chunked): the size is counted while reading.
    def chunks() -> Generator[bytes]:
        yield b'{"type":1,"pad":"'
        for _ in range(17):
            yield b"x" * 65536
        yield b'"}'

    headers = endpoint.client.signed_headers(b"ignored")
    with httpx.Client(base_url=endpoint.url, timeout=10) as http:
        response = http.post("/interactions", content=chunks(), headers=headers)
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert response.status_code == 413


def test_a_body_just_under_the_limit_is_read(endpoint: Endpoint) -> None:
    base = json.dumps(endpoint.client.base(1)).encode()
    pad = 1024 * 1024 - len(base) - len(b',"pad":""')
    body = base[:-1] + b',"pad":"' + b"x" * pad + b'"}'
    assert len(body) == 1024 * 1024
    assert endpoint.client.post_raw(body).json() == {"type": 1}


def test_healthz_reports_status_and_uptime_without_calling_tautulli(endpoint: Endpoint) -> None:
    before = len(endpoint.tautulli.requests)
    with httpx.Client(base_url=endpoint.url) as http:
        first = http.get("/healthz")
        second = http.get("/healthz")
    assert first.status_code == 200
    data = first.json()
    assert data["status"] == "ok"
    assert data["uptime_seconds"] >= 0
    assert second.json()["uptime_seconds"] >= data["uptime_seconds"]
    assert len(endpoint.tautulli.requests) == before


def test_get_on_interactions_is_not_allowed(endpoint: Endpoint) -> None:
    with httpx.Client(base_url=endpoint.url) as http:
        assert http.get("/interactions").status_code == 405


def test_unknown_components_and_modals_get_a_polite_private_answer(endpoint: Endpoint) -> None:
    component = endpoint.client.base(
        3,
        data={"custom_id": "old-button", "component_type": 2},
        message={"id": "1150000000000000900", "flags": 0},
        locale="en-US",
    )
    modal = endpoint.client.base(5, data={"custom_id": "old-modal", "components": []})
    texts = ["This view is out of date", "This button or form is no longer in use"]
    for body, text in zip((component, modal), texts, strict=True):
        answer = endpoint.client.post(body).json()
        assert answer["type"] == 4
        assert answer["data"]["flags"] == 64
        assert answer["data"]["content"].startswith(text)


def test_a_ping_signed_with_another_key_is_refused_and_logged(
    endpoint: Endpoint, caplog: pytest.LogCaptureFixture
) -> None:
    # README, troubleshooting a portal that refuses the URL: "Wrong public key: ... The
    # endpoint's journal logs every rejected signature." Without that line a wrong
    # DISCORD_PUBLIC_KEY is indistinguishable from Discord never reaching the endpoint.
    body = json.dumps(endpoint.client.base(1)).encode()
    other = SigningKey.generate()
    stamp = str(int(endpoint.client.clock()))
    headers = {
        "X-Signature-Ed25519": other.sign(stamp.encode() + body).signature.hex(),
        "X-Signature-Timestamp": stamp,
        "Content-Type": "application/json",
    }
    with caplog.at_level(logging.INFO, logger="interactions_app"):
        response = endpoint.client.post_raw(body, headers)
    assert response.status_code == 401
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("interactions_app")]
    assert any("signature" in line and "DISCORD_PUBLIC_KEY" in line for line in lines), lines
    # Never the signature itself, nor the body.
    assert not any(headers["X-Signature-Ed25519"] in line for line in lines)
