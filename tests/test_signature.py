from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from interactions_app.endpoint.signature import SignatureVerifier, StaleTimestampLog, timestamp_skew

DATA = Path(__file__).parent / "data" / "discord"


def _wycheproof_cases() -> list[Any]:
    document = json.loads((DATA / "wycheproof_ed25519_test.json").read_text())
    return [
        pytest.param(group["publicKey"]["pk"], test, id=f"tc{test['tcId']}-{test['result']}")
        for group in document["testGroups"]
        for test in group["tests"]
    ]


WYCHEPROOF = _wycheproof_cases()


def test_all_151_wycheproof_vectors_are_collected() -> None:
    assert len(WYCHEPROOF) == 151


@pytest.mark.parametrize(("public_key", "test"), WYCHEPROOF)
def test_wycheproof_vector(public_key: str, test: dict[str, Any]) -> None:
    verifier = SignatureVerifier(public_key)
    message = bytes.fromhex(test["msg"])
    assert verifier.verify_message(message, test["sig"]) is (test["result"] == "valid")
    if message[:1].isdigit():
        # The same bytes as Discord would send them: a leading "timestamp" and the body.
        assert verifier.verify(message[:1].decode(), test["sig"], message[1:]) is (
            test["result"] == "valid"
        )


def _vectors() -> list[Any]:
    document = json.loads((DATA / "signature_vectors.json").read_text())
    return [pytest.param(vector, id=vector["name"]) for vector in document["vectors"]]


@pytest.mark.parametrize("vector", _vectors())
def test_discord_signature_vectors(vector: dict[str, Any]) -> None:
    verifier = SignatureVerifier(vector["public_key"])
    ok = verifier.verify(vector["timestamp"], vector["signature"], vector["body"].encode())
    assert ok is vector["valid"]


@pytest.mark.parametrize("bad_key", ["", "zz" * 32, "ab" * 31, "ab" * 33])
def test_a_malformed_public_key_is_refused_at_start(bad_key: str) -> None:
    with pytest.raises(ValueError, match="DISCORD_PUBLIC_KEY"):
        SignatureVerifier(bad_key)


@pytest.mark.parametrize(
    ("timestamp", "now", "skew"),
    [("1700000000", 1700000300.0, 300.0), ("1700000300", 1700000000.0, -300.0)],
)
def test_timestamp_skew_is_signed(timestamp: str, now: float, skew: float) -> None:
    assert timestamp_skew(timestamp, now) == skew


@pytest.mark.parametrize("timestamp", ["", "abc", "nan", "inf", "1e999"])
def test_timestamp_skew_of_garbage_is_none(timestamp: str) -> None:
    assert timestamp_skew(timestamp, 1700000000.0) is None


def test_stale_timestamps_are_logged_once_per_skew_and_minute(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [1000.0]
    log = StaleTimestampLog(monotonic=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="interactions_app.endpoint.signature"):
        assert log.rejected(3600.0, 300) is True
        assert all(log.rejected(3600.0 + i, 300) is False for i in range(50))
        assert log.rejected(-900.0, 300) is True  # another skew: its own line
        assert log.rejected(None, 300) is True
        assert log.rejected(None, 300) is False
        now[0] += 61
        assert log.rejected(3600.0, 300) is True
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 4
    assert "3600 s behind" in messages[0]
    assert "900 s ahead of" in messages[1]
    assert "not a number" in messages[2]
