"""Every key from TGRAPH_<KEY>: validated like the file, shown with its source in /config view,
and not editable from Discord while the variable is set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from interactions_app.config import (
    Config,
    ConfigError,
    ConfigStore,
    Source,
    config_keys,
    load_config,
)
from tests.fakes.endpoint import ADMIN, Endpoint, running_endpoint
from tests.fakes.interactions import option, subcommand

ID = "123456789012345678"


def load(tmp_path: Path, environ: dict[str, str], text: str = "") -> Config:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, environ=environ)


def test_every_kind_of_key_comes_from_the_environment(tmp_path: Path) -> None:
    environ = {
        "TGRAPH_UPDATE_DAYS": "14",
        "TGRAPH_CENSOR_USERNAMES": "false",
        "TGRAPH_ENABLE_GRAPH_GRID": "1",
        "TGRAPH_TAUTULLI_URL": "http://tautulli:8181",
        "TGRAPH_ADMIN_ROLE_IDS": f"{ID}, 223456789012345678",
        "TGRAPH_ADMIN_USER_IDS": "",  # empty is unset: the file's value stays
        "TGRAPH_Y_AXIS": "Duration",
        "TGRAPH_TV_COLOR": "#000000",
        "TGRAPH_FIXED_UPDATE_TIME": "06:30",
        "TGRAPH_TIMEZONE": '"Europe/Copenhagen"',
        "TGRAPH_TAUTULLI_API_KEY": "'quoted secret'\n",
    }
    config = load(tmp_path, environ, f"UPDATE_DAYS: 3\nADMIN_USER_IDS: ['{ID}']\n")
    assert config.UPDATE_DAYS == 14
    assert (config.CENSOR_USERNAMES, config.ENABLE_GRAPH_GRID) == (False, True)
    assert config.TAUTULLI_URL == "http://tautulli:8181"
    assert config.ADMIN_ROLE_IDS == [ID, "223456789012345678"]
    assert config.ADMIN_USER_IDS == [ID]
    assert (config.Y_AXIS, config.TV_COLOR, config.FIXED_UPDATE_TIME) == (
        "duration",
        "#000000",
        "06:30",
    )
    assert config.TIMEZONE == "Europe/Copenhagen"
    # A secret is used exactly as set, quotes and all (only the trailing newline goes).
    assert config.TAUTULLI_API_KEY == "'quoted secret'"


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("TGRAPH_UPDATE_DAYS", "abc", "UPDATE_DAYS: 'abc' is not a whole number"),
        ("TGRAPH_UPDATE_DAYS", "\uff18", "UPDATE_DAYS: '\uff18' is not a whole number"),
        ("TGRAPH_KEEP_DAYS", "0", "KEEP_DAYS: 0 is out of range"),
        ("TGRAPH_TAUTULLI_URL", "tautulli:8181", "TAUTULLI_URL: 'tautulli:8181' is not a web"),
        ("TGRAPH_CENSOR_USERNAMES", "maybe", "CENSOR_USERNAMES: 'maybe' is not true or false"),
        ("TGRAPH_ADMIN_ROLE_IDS", "'", 'ADMIN_ROLE_IDS: "\'" is not a Discord ID'),
        ("TGRAPH_TIMEZONE", "America", "TIMEZONE: 'America' is not a known time zone"),
        ("TGRAPH_LANGUAGE", "en.UTF-8", "LANGUAGE: 'en.UTF-8' is not a known language code"),
    ],
)
def test_a_bad_variable_is_named_with_its_value(
    tmp_path: Path, name: str, value: str, words: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, {name: value}, "UPDATE_DAYS: 7\n")
    [issue] = caught.value.issues
    assert issue.message.startswith(words)
    assert issue.message.endswith(f"(from the environment variable {name})")


def test_every_problem_from_file_and_environment_is_listed(tmp_path: Path) -> None:
    environ = {"TGRAPH_UPDATE_DAYS": "abc", "TGRAPH_KEEP_DAYS": "x"}
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, environ, "TV_COLOR: blue\n")
    assert [issue.key for issue in caught.value.issues] == ["TV_COLOR", "UPDATE_DAYS", "KEEP_DAYS"]


def test_the_store_knows_where_each_value_comes_from(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("UPDATE_DAYS: 3\nKEEP_DAYS: 4\n", encoding="utf-8")
    store = ConfigStore(path, environ={"TGRAPH_KEEP_DAYS": "5"})
    assert store.source("UPDATE_DAYS") is Source.FILE
    assert store.source("KEEP_DAYS") is Source.ENVIRONMENT
    assert store.source("Y_AXIS") is Source.DEFAULT
    defaults = sum(store.source(key) is Source.DEFAULT for key in config_keys())
    assert defaults == len(config_keys()) - 2
    store.set_value("Y_AXIS", "duration")
    assert store.source("Y_AXIS") is Source.FILE


def test_editing_a_key_set_by_the_environment_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("UPDATE_DAYS: 3\n", encoding="utf-8")
    store = ConfigStore(path, environ={"TGRAPH_UPDATE_DAYS": "9"})
    with pytest.raises(ConfigError) as caught:
        store.set_value("UPDATE_DAYS", "5")
    assert str(caught.value) == (
        "UPDATE_DAYS is set by the environment variable TGRAPH_UPDATE_DAYS on the server, "
        "which wins over the config file; change or remove the variable there."
    )
    assert path.read_text(encoding="utf-8") == "UPDATE_DAYS: 3\n"
    assert store.current.UPDATE_DAYS == 9


# --- /config through the real endpoint ----------------------------------------------------------


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[Endpoint]:
    environ = {"TGRAPH_UPDATE_DAYS": "9", "TGRAPH_DISCORD_BOT_TOKEN": "env-token"}
    with running_endpoint(tmp_path, settings={"KEEP_DAYS": 4}, environ=environ) as running:
        yield running


def _config(endpoint: Endpoint, sub: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    return endpoint.client.command("config", [sub], permissions=ADMIN, **kwargs).json()["data"]


def test_view_says_where_each_value_comes_from(endpoint: Endpoint) -> None:
    listing = _config(endpoint, subcommand("view"))
    text = "\n".join(embed["description"] for embed in listing["embeds"])
    assert "UPDATE_DAYS: 9  (environment variable TGRAPH_UPDATE_DAYS)" in text
    assert "KEEP_DAYS: 4  (config file)" in text
    assert "Y_AXIS: plays  (default)" in text
    assert "DISCORD_BOT_TOKEN: •••••• (set)  (environment variable TGRAPH_DISCORD_BOT_TOKEN)" in (
        text
    )
    assert "env-token" not in text
    one = _config(endpoint, subcommand("view", option("key", "update_days")))
    assert (
        one["content"] == "UPDATE_DAYS is `9` (environment variable TGRAPH_UPDATE_DAYS)\n"
        "A whole number from 1 to 365."
    )
    danish = _config(endpoint, subcommand("view", option("key", "KEEP_DAYS")), locale="da")
    assert danish["content"] != "KEEP_DAYS is `4` (config file)"
    assert "`4`" in danish["content"]


def test_edit_of_an_environment_key_is_refused_in_the_users_language(endpoint: Endpoint) -> None:
    before = endpoint.config_path.read_bytes()
    edit = subcommand("edit", option("key", "UPDATE_DAYS"), option("value", "3"))
    answer = _config(endpoint, edit)
    assert answer["flags"] == 64
    assert answer["content"] == (
        "UPDATE_DAYS is set by the environment variable TGRAPH_UPDATE_DAYS on the server, "
        "which wins over the config file; change or remove the variable there."
    )
    german = _config(endpoint, edit, locale="de")["content"]
    assert "TGRAPH_UPDATE_DAYS" in german
    assert german != answer["content"]
    assert endpoint.config_path.read_bytes() == before
    assert endpoint.store.current.UPDATE_DAYS == 9


def test_edit_suggestions_leave_out_environment_keys(endpoint: Endpoint) -> None:
    sub = subcommand("edit", option("key", "UPDATE", focused=True))
    answer = endpoint.client.autocomplete("config", [sub], permissions=ADMIN).json()
    values = [choice["value"] for choice in answer["data"]["choices"]]
    assert "UPDATE_DAYS" not in values
    assert "UPDATE_GRAPHS_COOLDOWN_MINUTES" in values
