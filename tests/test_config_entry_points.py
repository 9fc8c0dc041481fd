"""What an admin sees from the entry points when the configuration is wrong: one line per
problem, exit code 2, no traceback."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from interactions_app.cli._common import load_config_or_say
from interactions_app.cli.serve import main as serve_main
from tests.fakes.endpoint import ADMIN, Endpoint, running_endpoint
from tests.fakes.interactions import option, subcommand


def test_the_command_line_prints_one_line_per_problem(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("UPDATE_DAYS: 0\nTIMEZONE: America\n", encoding="utf-8")
    err = io.StringIO()
    environ = {"TGRAPH_KEEP_DAYS": "abc"}
    assert load_config_or_say(str(path), environ, err) is None
    assert err.getvalue().splitlines() == [
        f"{path}: Line 1: UPDATE_DAYS: 0 is out of range; use a number from 1 to 365.",
        f"{path}: Line 2: TIMEZONE: 'America' is not a known time zone; use an IANA name like "
        "Europe/Copenhagen or UTC.",
        "KEEP_DAYS: 'abc' is not a whole number; use a number from 1 to 3650. "
        "(from the environment variable TGRAPH_KEEP_DAYS)",
    ]


@pytest.mark.parametrize("zone", ["America", "Etc", "x" * 10_000])
def test_serve_refuses_a_time_zone_folder_with_exit_2_and_no_traceback(
    tmp_path: Path, zone: str
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(f"TIMEZONE: {zone}\n", encoding="utf-8")
    err = io.StringIO()
    assert serve_main(["--config", str(path)], environ={}, stderr=err) == 2
    assert "is not a known time zone" in err.getvalue()
    assert "Traceback" not in err.getvalue()


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[Endpoint]:
    with running_endpoint(tmp_path) as running:
        yield running


@pytest.mark.parametrize("zone", ["America", "Europe", "x" * 190])
def test_config_edit_of_a_time_zone_folder_explains_instead_of_crashing(
    endpoint: Endpoint, zone: str
) -> None:
    before = endpoint.config_path.read_bytes()
    edit = subcommand("edit", option("key", "TIMEZONE"), option("value", zone))
    body = endpoint.client.interaction(2, "config", [edit], permissions=ADMIN)
    assert endpoint.client.post(body).json() == {"type": 5, "data": {"flags": 64}}
    endpoint.wait_idle()
    reply = endpoint.original_content(body["token"])
    assert reply.startswith("TIMEZONE: '")
    assert "is not a known time zone; use an IANA name like Europe/Copenhagen or UTC." in reply
    assert endpoint.config_path.read_bytes() == before
