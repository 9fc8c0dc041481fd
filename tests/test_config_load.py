from __future__ import annotations

import gettext
from pathlib import Path
from typing import ClassVar

import pytest
from ruamel.yaml import YAML

from interactions_app.config import (
    FILE_ONLY_KEYS,
    RESTART_KEYS,
    SECRET_KEYS,
    Config,
    ConfigError,
    ConfigFileMissing,
    ConfigIssue,
    config_keys,
    describe_key,
    display_value,
    editable_keys,
    load_config,
    plain_value,
    resolve_config_path,
    value_choices,
)
from interactions_app.config._describe import KeyRule, Kind, rules

SAMPLE = Path(__file__).resolve().parent.parent / "config.sample.yaml"
NULL = gettext.NullTranslations()
WEBHOOK = "https://discord.com/api/webhooks/123456789012345678/abc-DEF_ghi"


def load_text(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> Config:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, environ=environ or {})


def issues_of(
    tmp_path: Path, text: str, environ: dict[str, str] | None = None
) -> list[ConfigIssue]:
    with pytest.raises(ConfigError) as caught:
        load_text(tmp_path, text, environ)
    return caught.value.issues


# --- the sample file ------------------------------------------------------------------------


def test_sample_loads_to_exactly_the_defaults() -> None:
    assert load_config(SAMPLE, environ={}) == Config()


def test_sample_lists_every_key_once_in_schema_order() -> None:
    keys = list(YAML(typ="safe").load(SAMPLE.read_text(encoding="utf-8")))
    assert keys == config_keys()
    assert len(keys) == 88


def _comment_blocks() -> dict[str, str]:
    """The comment lines right above each key of the sample, joined."""
    blocks: dict[str, str] = {}
    comment: list[str] = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            comment.append(line.lstrip("# "))
        elif line and not line.startswith(" "):
            blocks[line.split(":", 1)[0]] = " ".join(comment)
            comment = []
        else:
            comment = []
    return blocks


@pytest.mark.parametrize("key", sorted(RESTART_KEYS))
def test_sample_comment_says_a_key_read_at_start_needs_a_restart(key: str) -> None:
    assert "Read when the bot starts" in _comment_blocks()[key]


def _allowed_words(rule: KeyRule) -> list[str]:
    match rule.kind:
        case Kind.BOOL:
            return ["true or false"]
        case Kind.INT:
            return [f"from {rule.minimum} to {rule.maximum}"]
        case Kind.CHOICE:
            return [f"One of: {', '.join(rule.choices)}"]
        case Kind.COLOR:
            return ["colour"]
        case Kind.ID_LIST:
            return ["IDs", "list"]
        case Kind.URL | Kind.WEBHOOK_URL:
            return ["http"]
        case Kind.TIMEZONE:
            return ["IANA"]
        case Kind.LANGUAGE:
            return ["language code"]
        case Kind.CLOCK:
            return ["HH:MM", "XX:XX"]
        case Kind.TIME_OF_DAY:
            return ["HH:MM"]
        case Kind.APP_ID:
            return ["15 to 21 digits"]
        case Kind.PUBLIC_KEY:
            return ["64 hexadecimal"]
        case Kind.TEXT:
            return ["Any text"]
        case Kind.FOLDER:
            return ["folder"]


@pytest.mark.parametrize("key", list(rules()))
def test_sample_comment_explains_key_allowed_values_and_default(key: str) -> None:
    comment = _comment_blocks()[key]
    rule = rules()[key]
    assert f"Default: {plain_value(rule.default)}" in comment
    for words in _allowed_words(rule):
        assert words in comment
    if rule.secret:
        assert "Secret." in comment


# --- every kind of problem, named --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "key", "shown", "words"),
    [
        ("TV_COLOR: blue", "TV_COLOR", "'blue'", "is not a colour; use #RRGGBB like #1f77b4"),
        ("UPDATE_DAYS: 0", "UPDATE_DAYS", "0", "is out of range; use a number from 1 to 365"),
        ("KEEP_DAYS: 4000", "KEEP_DAYS", "4000", "out of range; use a number from 1 to 3650"),
        ("KEEP_DAYS: seven", "KEEP_DAYS", "'seven'", "is not a whole number"),
        ("KEEP_DAYS: 7.5", "KEEP_DAYS", "7.5", "is not a whole number"),
        ("KEEP_DAYS: true", "KEEP_DAYS", "true", "is not a whole number"),
        ("CENSOR_USERNAMES: yes", "CENSOR_USERNAMES", "'yes'", "write true or false"),
        ("CENSOR_USERNAMES: 1", "CENSOR_USERNAMES", "1", "is not true or false"),
        ("Y_AXIS: hours", "Y_AXIS", "'hours'", "use one of: plays, duration"),
        ("MY_STATS_DELIVERY: DM", "MY_STATS_DELIVERY", "'DM'", "use one of: ephemeral, dm"),
        ("FIXED_UPDATE_TIME: '25:00'", "FIXED_UPDATE_TIME", "'25:00'", "HH:MM on the 24-hour"),
        ("FIXED_UPDATE_TIME: 6h", "FIXED_UPDATE_TIME", "'6h'", "is not a time of day"),
        ("DIGEST_TIME: XX:XX", "DIGEST_TIME", "'XX:XX'", "like 09:00"),
        ("DIGEST: daily", "DIGEST", "'daily'", "use one of: off, weekly, monthly"),
        ("DIGEST_WEEKDAY: mon", "DIGEST_WEEKDAY", "'mon'", "use one of: monday, tuesday"),
        ("DIGEST_MONTH_DAY: 31", "DIGEST_MONTH_DAY", "31", "use a number from 1 to 28"),
        ("TIMEZONE: Mars/Olympus", "TIMEZONE", "'Mars/Olympus'", "is not a known time zone"),
        ("TIMEZONE: ../etc/passwd", "TIMEZONE", "'../etc/passwd'", "IANA name"),
        ("TIMEZONE: 5", "TIMEZONE", "5", "is not a known time zone"),
        ("TAUTULLI_URL: ftp://nas", "TAUTULLI_URL", "'ftp://nas'", "is not a web address"),
        ("TAUTULLI_URL: localhost:8181", "TAUTULLI_URL", "'localhost:8181'", "http:// or https"),
        ("DISCORD_API_BASE: 'https://'", "DISCORD_API_BASE", "'https://'", "is not a web address"),
        ("LANGUAGE: klingon", "LANGUAGE", "'klingon'", "is not a known language code"),
        ("LANGUAGE: ''", "LANGUAGE", "''", "is not a known language code"),
        ("ADMIN_ROLE_IDS: ['12ab']", "ADMIN_ROLE_IDS", "'12ab'", "is not a Discord ID"),
        ("ADMIN_USER_IDS: '1'", "ADMIN_USER_IDS", "'1'", "is not a list of Discord IDs"),
        ("DISCORD_APPLICATION_ID: '42'", "DISCORD_APPLICATION_ID", "'42'", "application ID"),
        ("DATA_DIR: [a, b]", "DATA_DIR", '["a", "b"]', "is not a folder path"),
        ("DATA_DIR: ''", "DATA_DIR", "''", 'write one like "data"'),
        ("DATA_DIR:", "DATA_DIR", "", "has no value; write one, or delete the line"),
        ("SIGNATURE_MAX_AGE_SECONDS: -1", "SIGNATURE_MAX_AGE_SECONDS", "-1", "from 0 to 3600"),
    ],
)
def test_each_bad_value_is_named_with_what_is_allowed(
    tmp_path: Path, line: str, key: str, shown: str, words: str
) -> None:
    [issue] = issues_of(tmp_path, f"# settings\n{line}\n")
    assert (issue.key, issue.value, issue.line) == (key, shown, 2)
    assert words in issue.message
    assert str(issue).startswith(f"Line 2: {key}")


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("DISCORD_PUBLIC_KEY: xyz-not-hex", "is not a Discord public key"),
        ("DISCORD_WEBHOOK_URL: https://example.com/hooks/xyz-not-hex", "not a Discord webhook URL"),
        ("DISCORD_WEBHOOK_URL: https://x.io/webhooks/1/xyz/messages", "not a Discord webhook URL"),
        ("DISCORD_WEBHOOK_URL: xyz-not-hex", "https://discord.com/api/webhooks/<id>/<token>"),
        ("TAUTULLI_API_KEY: [xyz-not-hex]", "is not text"),
    ],
)
def test_bad_secrets_are_named_but_never_shown(tmp_path: Path, line: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_text(tmp_path, line + "\n")
    [issue] = caught.value.issues
    assert issue.value == "••••••"
    assert words in issue.message
    assert "xyz" not in str(caught.value)


def test_unknown_key_gets_a_did_you_mean_hint(tmp_path: Path) -> None:
    [typo, lower, nonsense] = issues_of(tmp_path, "TAUTULI_URL: x\ntv_color: '#000'\nFOO: 1\n")
    assert typo.message == "Line 1: TAUTULI_URL is not a setting; did you mean TAUTULLI_URL?"
    assert "did you mean TV_COLOR?" in lower.message
    assert nonsense.key == "FOO"
    assert "did you mean" not in nonsense.message
    assert "config.sample.yaml lists every setting" in nonsense.message


def test_every_problem_in_a_file_is_reported_together(tmp_path: Path) -> None:
    text = (
        "TV_COLOR: blue\n"
        "UPDATE_DAYS: 0\n"
        "TIMEZONE: Nowhere/Town\n"
        "UPDATE_DAY: 3\n"
        "Y_AXIS: plays\n"
        "LANGUAGE: xx\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_text(tmp_path, text)
    error = caught.value
    assert [(i.key, i.line) for i in error.issues] == [
        ("TV_COLOR", 1),
        ("UPDATE_DAYS", 2),
        ("TIMEZONE", 3),
        ("UPDATE_DAY", 4),
        ("LANGUAGE", 6),
    ]
    lines = str(error).splitlines()
    assert lines[0] == f"5 problems in {tmp_path / 'config.yaml'}:"
    assert lines[1:] == [f"- {i.message}" for i in error.issues]


def test_an_unclosed_list_is_named_at_the_line_that_opens_it(tmp_path: Path) -> None:
    [issue] = issues_of(tmp_path, "UPDATE_DAYS: 7\nADMIN_ROLE_IDS: [1\nKEEP_DAYS: 3\n")
    assert (issue.key, issue.line) == ("ADMIN_ROLE_IDS", 2)
    assert issue.message == (
        "Line 2: ADMIN_ROLE_IDS: the list that starts with [ never ends; close it with ]."
    )


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    [issue] = issues_of(tmp_path, "UPDATE_DAYS: 7\nUPDATE_DAYS: 8\n")
    assert issue.message == "Line 2: UPDATE_DAYS is set twice, on line 1 and here; keep one."


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    [issue] = issues_of(tmp_path, "- UPDATE_DAYS: 7\n")
    assert "must hold one KEY: value line per setting" in issue.message


def test_empty_and_comment_only_files_mean_defaults(tmp_path: Path) -> None:
    assert load_text(tmp_path, "") == Config()
    assert load_text(tmp_path, "# nothing yet\n") == Config()


def test_valid_values_of_every_kind_load(tmp_path: Path) -> None:
    text = (
        "ADMIN_ROLE_IDS: [123456789012345678, '223456789012345678']\n"
        "DISCORD_APPLICATION_ID: 323456789012345678\n"
        f"DISCORD_PUBLIC_KEY: '{'ab' * 32}'\n"
        f"DISCORD_WEBHOOK_URL: '{WEBHOOK}'\n"
        "TIMEZONE: Europe/Copenhagen\n"
        "LANGUAGE: pt-BR\n"
        "FIXED_UPDATE_TIME: '06:30'\n"
        "TV_COLOR: '#abc'\n"
        "Y_AXIS: duration\n"
        "KEEP_DAYS: 0x10\n"
        "TAUTULLI_URL: https://nas.example/tautulli\n"
    )
    config = load_text(tmp_path, text)
    assert config.ADMIN_ROLE_IDS == ["123456789012345678", "223456789012345678"]
    assert config.DISCORD_APPLICATION_ID == "323456789012345678"
    assert config.DISCORD_WEBHOOK_URL == WEBHOOK
    assert (config.TIMEZONE, config.LANGUAGE, config.FIXED_UPDATE_TIME) == (
        "Europe/Copenhagen",
        "pt-BR",
        "06:30",
    )
    assert (config.TV_COLOR, config.Y_AXIS, config.KEEP_DAYS) == ("#abc", "duration", 16)
    assert type(config.KEEP_DAYS) is int


@pytest.mark.parametrize("code", ["en", "da", "de", "fr", "es", "en_GB", "nb"])
def test_known_languages_are_accepted(tmp_path: Path, code: str) -> None:
    assert code == load_text(tmp_path, f"LANGUAGE: {code}\n").LANGUAGE


def test_webhook_on_a_loopback_fake_is_accepted(tmp_path: Path) -> None:
    url = "http://127.0.0.1:8765/api/v10/webhooks/42/tok_en-1"
    assert url == load_text(tmp_path, f"DISCORD_WEBHOOK_URL: '{url}'\n").DISCORD_WEBHOOK_URL


# --- missing and unreadable files, path resolution ---------------------------------------------


def test_missing_file_says_how_to_create_it(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    with pytest.raises(ConfigFileMissing) as caught:
        load_config(path, environ={})
    assert caught.value.path == path
    assert str(caught.value) == (
        f"There is no configuration file at {path}. Copy the sample and edit it: "
        f"cp config.sample.yaml {path}"
    )


def test_missing_ok_gives_defaults_with_environment_secrets(tmp_path: Path) -> None:
    environ = {"TGRAPH_TAUTULLI_API_KEY": "from-env"}
    config = load_config(tmp_path / "absent.yaml", environ=environ, missing_ok=True)
    assert config == Config(TAUTULLI_API_KEY="from-env")


def test_unreadable_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, environ={})
    assert str(caught.value) == f"Could not read {tmp_path}: Is a directory"
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("DATA_DIR: 'Tórshavn'\n".encode("latin-1"))
    with pytest.raises(ConfigError, match=r"Could not read .*latin1.yaml: 'utf-8' codec"):
        load_config(latin1, environ={})


def test_path_comes_from_cli_then_environment_then_default() -> None:
    environ = {"TGRAPH_CONFIG": "/etc/tgraph/config.yaml"}
    assert resolve_config_path("my.yaml", environ) == Path("my.yaml")
    assert resolve_config_path(None, environ) == Path("/etc/tgraph/config.yaml")
    assert resolve_config_path(None, {}) == Path("config.yaml")
    assert resolve_config_path("", {"TGRAPH_CONFIG": ""}) == Path("config.yaml")
    assert resolve_config_path("~/c.yaml", {}) == Path.home() / "c.yaml"


# --- secrets from the environment ---------------------------------------------------------------


def test_environment_variables_win_over_the_file(tmp_path: Path) -> None:
    environ = {
        "TGRAPH_TAUTULLI_API_KEY": "env-key\n",
        "TGRAPH_DISCORD_WEBHOOK_URL": WEBHOOK,
        "TGRAPH_DISCORD_BOT_TOKEN": "",
        "TGRAPH_TV_COLOR": "#000000",
    }
    text = "TAUTULLI_API_KEY: file-key\nDISCORD_BOT_TOKEN: file-token\n"
    config = load_text(tmp_path, text, environ)
    assert config.TAUTULLI_API_KEY == "env-key"
    assert config.DISCORD_WEBHOOK_URL == WEBHOOK
    # An empty variable counts as unset; every key, not only the secrets, can come from there.
    assert config.DISCORD_BOT_TOKEN == "file-token"
    assert config.TV_COLOR == "#000000"


def test_bad_environment_secret_names_the_variable_not_the_value(tmp_path: Path) -> None:
    environ = {"TGRAPH_DISCORD_PUBLIC_KEY": "sekrit"}
    [issue] = issues_of(tmp_path, "UPDATE_DAYS: 7\n", environ)
    assert issue.key == "DISCORD_PUBLIC_KEY"
    assert issue.line is None
    assert issue.message.endswith("(from the environment variable TGRAPH_DISCORD_PUBLIC_KEY)")
    assert "sekrit" not in issue.message


# --- what keys accept, and how values are shown ------------------------------------------------


def test_display_masks_secrets_and_shows_the_rest_as_typed() -> None:
    config = Config(TAUTULLI_API_KEY="abc123", ADMIN_ROLE_IDS=["1" * 18, "2" * 18])
    assert display_value(config, "TAUTULLI_API_KEY") == "•••••• (set)"
    assert display_value(config, "DISCORD_BOT_TOKEN") == "(not set)"
    assert display_value(config, "ADMIN_ROLE_IDS") == f"{'1' * 18}, {'2' * 18}"
    assert display_value(config, "ADMIN_USER_IDS") == "[]"
    assert display_value(config, "DISCORD_APPLICATION_ID") == '""'
    assert display_value(config, "CENSOR_USERNAMES") == "true"
    assert display_value(config, "UPDATE_DAYS") == "7"
    assert display_value(config, "TV_COLOR") == "#1f77b4"
    for key in SECRET_KEYS:
        assert "abc123" not in display_value(config, key)


def test_choices_for_autocomplete() -> None:
    assert value_choices("CENSOR_USERNAMES") == ["true", "false"]
    assert value_choices("Y_AXIS") == ["plays", "duration"]
    assert value_choices("MY_STATS_DELIVERY") == ["ephemeral", "dm"]
    assert value_choices("UPDATE_DAYS") is None
    assert value_choices("NOPE") is None


def test_editable_keys_are_all_but_the_secrets_the_file_only_and_the_restart_keys() -> None:
    keys = editable_keys()
    assert len(keys) == 88 - len(SECRET_KEYS | FILE_ONLY_KEYS | RESTART_KEYS) == 77
    assert not set(keys) & (SECRET_KEYS | FILE_ONLY_KEYS | RESTART_KEYS)
    assert keys[:2] == ["ADMIN_ROLE_IDS", "ADMIN_USER_IDS"]


def test_describe_key_says_what_is_accepted() -> None:
    assert describe_key("UPDATE_DAYS", NULL) == "A whole number from 1 to 365."
    assert describe_key("Y_AXIS", NULL) == "One of: plays, duration."
    assert describe_key("TV_COLOR", NULL) == "A colour as #RRGGBB (or #RGB), like #1f77b4."
    assert describe_key("CENSOR_USERNAMES", NULL) == "Either true or false."
    with pytest.raises(ConfigError, match="did you mean UPDATE_DAYS"):
        describe_key("UPDATE_DAY", NULL)
    with pytest.raises(ConfigError, match="did you mean TV_COLOR"):
        display_value(Config(), "TV_COLOUR")


class Danish:
    """A tiny catalog, enough to see that every level of a message is translated."""

    catalog: ClassVar[dict[str, str]] = {
        "{key}: {value} is out of range; use a number from {min} to {max}.": (
            "{key}: {value} er uden for området; brug et tal fra {min} til {max}."
        ),
        "Line {line}: {problem}": "Linje {line}: {problem}",
        "{count} problems in {path}:": "{count} problemer i {path}:",
        "•••••• (set)": "•••••• (angivet)",
    }

    def gettext(self, message: str, /) -> str:
        return self.catalog.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return self.gettext(singular if n == 1 else plural)


def test_errors_explain_themselves_in_the_given_language(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_text(tmp_path, "UPDATE_DAYS: 0\nKEEP_DAYS: 0\n")
    text = caught.value.explain(Danish())
    assert text.splitlines() == [
        f"2 problemer i {tmp_path / 'config.yaml'}:",
        "- Linje 1: UPDATE_DAYS: 0 er uden for området; brug et tal fra 1 til 365.",
        "- Linje 2: KEEP_DAYS: 0 er uden for området; brug et tal fra 1 til 3650.",
    ]
    shown = display_value(Config(DISCORD_BOT_TOKEN="x"), "DISCORD_BOT_TOKEN", Danish())
    assert shown == "•••••• (angivet)"


def test_error_without_a_path_lists_problems_under_a_general_header() -> None:
    template = "{key}: {value} is out of range; use a number from {min} to {max}."
    issues = [ConfigIssue(k, "0", template, {"min": 1, "max": 2}) for k in ("A", "B")]
    assert str(ConfigError(issues[:1])) == "A: 0 is out of range; use a number from 1 to 2."
    assert str(ConfigError(issues)).splitlines()[0] == "2 problems in the configuration:"


def test_yaml_anchors_and_nested_values_are_read_as_plain_values(tmp_path: Path) -> None:
    config = load_text(tmp_path, "ENABLE_GRAPH_GRID: &on true\nCENSOR_USERNAMES: *on\n")
    assert config.ENABLE_GRAPH_GRID is config.CENSOR_USERNAMES is True
    [issue] = issues_of(tmp_path, "TV_COLOR: {red: 255}\n")
    assert issue.value == '{"red": 255}'
    assert "is not a colour" in issue.message


def test_long_bad_values_are_shortened(tmp_path: Path) -> None:
    [issue] = issues_of(tmp_path, f"TIMEZONE: {'x' * 200}\n")
    assert len(issue.value) == 80
    assert issue.value.endswith("…")
