"""Who counts as an admin: Discord's permission bits as sent, and nothing else, never a crash."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interactions_app.commands.permissions import ADMINISTRATOR, MANAGE_GUILD, parse_permissions
from tests.fakes.endpoint import Endpoint, running_endpoint

VIEW = [{"name": "view", "type": 1, "options": [{"name": "key", "type": 3, "value": "Y_AXIS"}]}]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    with running_endpoint(tmp_path_factory.mktemp("permissions")) as running:
        yield running


@pytest.mark.parametrize(
    "permissions",
    [
        "\uff18",  # full-width 8: int() reads it as Administrator
        "\u0668",  # Arabic-Indic 8
        "\uff13\uff12",  # full-width 32: Manage Server
        "\u00b2",  # isdigit() but not int()
        "\u2468",
        "",
        " 8",
        "8\n",
        "+8",
        "-8",
        "0x8",
        "8_0",
        "9" * 5000,  # more digits than int() reads
        "8" * 41,
    ],
)
def test_anything_but_ascii_digits_is_no_permission_and_no_error(
    endpoint: Endpoint, permissions: str
) -> None:
    response = endpoint.client.command("config", VIEW, permissions=permissions)
    assert response.status_code == 200
    answer = response.json()
    assert answer["type"] == 4
    assert "Only server admins" in answer["data"]["content"]


@pytest.mark.parametrize(
    "permissions", [str(ADMINISTRATOR), str(MANAGE_GUILD), "0" * 30 + "8", str((1 << 127) | 8)]
)
def test_ascii_digits_are_read_as_the_bit_set(endpoint: Endpoint, permissions: str) -> None:
    answer = endpoint.client.command("config", VIEW, permissions=permissions).json()
    assert answer["data"]["content"] == "Y_AXIS is `plays` (default)\nOne of: plays, duration."


@given(st.one_of(st.text(), st.none(), st.integers(), st.binary()))
def test_any_value_parses_to_bits_or_nothing(value: object) -> None:
    bits = parse_permissions(value)
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 40:
        assert bits == int(value)
    else:
        assert bits == 0
