"""Strict, total validation: ASCII digits only, real zones and languages, quoted numbers and
booleans, and no input that makes a validator raise anything but a ConfigError."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interactions_app.config import Config, ConfigError, ConfigIssue, ConfigStore, load_config
from interactions_app.config._describe import rules

ID = "123456789012345678"
CONFIG_KEYS = list(rules())
NULL = gettext.NullTranslations()


def load_text(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> Config:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, environ=environ or {})


def issue_of(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> ConfigIssue:
    with pytest.raises(ConfigError) as caught:
        load_text(tmp_path, text, environ)
    [issue] = caught.value.issues
    return issue


def edit_issue(tmp_path: Path, key: str, raw: str) -> ConfigIssue:
    path = tmp_path / "config.yaml"
    path.write_text("# settings\n", encoding="utf-8")
    store = ConfigStore(path, environ={})
    with pytest.raises(ConfigError) as caught:
        store.set_value(key, raw)
    assert path.read_text(encoding="utf-8") == "# settings\n"
    [issue] = caught.value.issues
    return issue


# --- digits are ASCII digits -------------------------------------------------------------------

# The same 18-digit ID in full-width and in Arabic-Indic digits.
FULL_WIDTH_ID = "".join(chr(0xFF10 + int(d)) for d in ID)
ARABIC_INDIC_ID = "".join(chr(0x0660 + int(d)) for d in ID)


@pytest.mark.parametrize("bad", [FULL_WIDTH_ID, ARABIC_INDIC_ID, "\uff18" * 18, ID + "x"])
@pytest.mark.parametrize("key", ["ADMIN_ROLE_IDS", "ADMIN_USER_IDS"])
def test_id_lists_refuse_digits_that_are_not_ascii(tmp_path: Path, key: str, bad: str) -> None:
    issue = issue_of(tmp_path, f'{key}: ["{bad}"]\n')
    assert (issue.key, issue.line) == (key, 1)
    assert "is not a Discord ID; IDs are 15 to 21 digits" in issue.message
    edited = edit_issue(tmp_path, key, bad)
    assert "is not a Discord ID" in edited.message
    env = issue_of(tmp_path, "", {f"TGRAPH_{key}": bad})
    assert env.message.endswith(f"(from the environment variable TGRAPH_{key})")


def test_a_trailing_newline_in_the_file_is_not_part_of_an_id(tmp_path: Path) -> None:
    issue = issue_of(tmp_path, f'ADMIN_USER_IDS: ["{ID}\\n"]\n')
    assert "is not a Discord ID" in issue.message


@pytest.mark.parametrize("raw", ["'", '"', "[", "]x", "abc", "'123456789012345678", "<@&abc>"])
def test_garbage_in_an_id_list_is_named_not_read_as_empty(tmp_path: Path, raw: str) -> None:
    issue = edit_issue(tmp_path, "ADMIN_ROLE_IDS", raw)
    assert issue.key == "ADMIN_ROLE_IDS"
    assert "is not a Discord ID; IDs are 15 to 21 digits" in issue.message


def test_id_lists_from_text_take_quotes_brackets_and_mentions(tmp_path: Path) -> None:
    other = "223456789012345678"
    environ = {"TGRAPH_ADMIN_ROLE_IDS": f"""["{ID}", '{other}']""", "TGRAPH_ADMIN_USER_IDS": "[]"}
    config = load_text(tmp_path, "", environ)
    assert [ID, other] == config.ADMIN_ROLE_IDS
    assert config.ADMIN_USER_IDS == []


@pytest.mark.parametrize(
    "bad", ["0\u0666:3\u0660", "\uff10\uff16:\uff13\uff10", "06:30\n", "6:30", "06:30:00"]
)
def test_clock_time_refuses_digits_that_are_not_ascii(tmp_path: Path, bad: str) -> None:
    escaped = bad.replace("\n", "\\n")
    issue = issue_of(tmp_path, f'FIXED_UPDATE_TIME: "{escaped}"\n')
    assert "is not a time of day; use HH:MM on the 24-hour clock" in issue.message
    if bad == bad.strip():  # typed text is stripped, as Discord's client strips it anyway
        assert "is not a time of day" in edit_issue(tmp_path, "FIXED_UPDATE_TIME", bad).message


@pytest.mark.parametrize(
    "bad", ["\uff18", "\u0668", "\u00b2", "\u2468", "1_0", "0x10", "7.0", "1e3", "", " "]
)
def test_numbers_typed_as_text_are_ascii_decimal(tmp_path: Path, bad: str) -> None:
    issue = edit_issue(tmp_path, "UPDATE_DAYS", bad)
    assert issue.message.startswith("UPDATE_DAYS: ")
    assert "is not a whole number; use a number from 1 to 365" in issue.message
    assert "is not a whole number" in issue_of(tmp_path, f'UPDATE_DAYS: "{bad}"\n').message


def test_a_huge_number_is_out_of_range_not_a_crash(tmp_path: Path) -> None:
    huge = "9" * 10_000
    assert "is out of range" in edit_issue(tmp_path, "UPDATE_DAYS", huge).message
    assert "is out of range" in issue_of(tmp_path, f'UPDATE_DAYS: "{huge}"\n').message
    unquoted = issue_of(tmp_path, f"# settings\nUPDATE_DAYS: {huge}\n")
    assert unquoted.message == "Line 2: a number on this line has too many digits to be read."


# --- quoted numbers and booleans mean the same as unquoted ones ---------------------------------


def test_quoted_numbers_and_booleans_are_read_as_written(tmp_path: Path) -> None:
    int_keys = [k for k, r in rules().items() if r.kind == "int"]
    bool_keys = [k for k, r in rules().items() if r.kind == "bool"]
    text = "".join(f'{k}: "{rules()[k].maximum}"\n' for k in int_keys)
    text += "".join(f"{k}: 'false'\n" for k in bool_keys)
    config = load_text(tmp_path, text)
    for key in int_keys:
        assert getattr(config, key) == rules()[key].maximum
        assert type(getattr(config, key)) is int
    for key in bool_keys:
        assert getattr(config, key) is False


def test_quoted_values_from_the_issue(tmp_path: Path) -> None:
    config = load_text(tmp_path, 'UPDATE_DAYS: "7"\nCENSOR_USERNAMES: "true"\nKEEP_DAYS: " 9 "\n')
    assert (config.UPDATE_DAYS, config.CENSOR_USERNAMES, config.KEEP_DAYS) == (7, True, 9)
    assert load_text(tmp_path, "ENABLE_GRAPH_GRID: 'True'\n").ENABLE_GRAPH_GRID is True


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('UPDATE_DAYS: "0"', "UPDATE_DAYS: 0 is out of range; use a number from 1 to 365."),
        ('UPDATE_DAYS: "seven"', "UPDATE_DAYS: 'seven' is not a whole number"),
        ('CENSOR_USERNAMES: "yes"', "CENSOR_USERNAMES: 'yes' is not true or false"),
        ('CENSOR_USERNAMES: "1"', "CENSOR_USERNAMES: '1' is not true or false"),
    ],
)
def test_quoted_values_that_mean_nothing_are_still_refused(
    tmp_path: Path, line: str, words: str
) -> None:
    assert words in issue_of(tmp_path, line + "\n").message


# --- time zones and languages -------------------------------------------------------------------


@pytest.mark.parametrize(
    "zone", ["America", "Europe", "Etc", "x" * 10_000, "Europe/", "/UTC", "UTC\n", "right"]
)
def test_time_zone_folders_and_junk_are_refused(tmp_path: Path, zone: str) -> None:
    escaped = zone.replace("\n", "\\n")
    issue = issue_of(tmp_path, f'TIMEZONE: "{escaped}"\n')
    assert "is not a known time zone; use an IANA name like Europe/Copenhagen" in issue.message
    if zone == zone.strip():
        assert "is not a known time zone" in edit_issue(tmp_path, "TIMEZONE", zone).message


@pytest.mark.parametrize("zone", ["UTC", "Europe/Copenhagen", "America/Argentina/Buenos_Aires"])
def test_real_time_zones_are_accepted(tmp_path: Path, zone: str) -> None:
    assert zone == load_text(tmp_path, f"TIMEZONE: {zone}\n").TIMEZONE


@pytest.mark.parametrize(
    "code", ["C", "POSIX", "en.UTF-8", "en@foo", "en_US.UTF-8", "und", "root", "xx", "e", "en_"]
)
def test_locale_names_that_are_not_language_codes_are_refused(tmp_path: Path, code: str) -> None:
    issue = issue_of(tmp_path, f'LANGUAGE: "{code}"\n')
    assert "is not a known language code; use a code like en, da, de, fr or es" in issue.message


@pytest.mark.parametrize("code", ["en", "da", "pt_BR", "pt-BR", "es-419", "zh-Hant-TW", "fil"])
def test_language_codes_are_accepted(tmp_path: Path, code: str) -> None:
    assert code == load_text(tmp_path, f'LANGUAGE: "{code}"\n').LANGUAGE


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("DATA_DIR", "data\x00"),
        ("TAUTULLI_URL", "http://[::1"),
        ("TAUTULLI_URL", "http://nas:\uff18\uff11\uff18\uff11"),
        ("TAUTULLI_URL", "http://nas:99999"),
        ("TAUTULLI_URL", "http://nas/a b"),
    ],
)
def test_text_that_would_break_later_is_refused_now(tmp_path: Path, key: str, bad: str) -> None:
    escaped = bad.replace("\x00", "\\0")
    assert issue_of(tmp_path, f'{key}: "{escaped}"\n').key == key


# --- total: nothing but ConfigError, whatever comes in ------------------------------------------

YAML_SCALARS = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789\uff18\u0668\u00b2\u2468-+_.:xX eE", max_size=25),
    st.sampled_from(["~", "null", "yes", "on", "0o17", ".inf", "-.nan", "[]", "{}", "[1, [2]]"]),
    st.integers().map(str),
    st.floats().map(str),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(CONFIG_KEYS), text=st.text(max_size=80))
def test_any_text_typed_for_any_key_is_accepted_or_a_config_error(
    tmp_path: Path, key: str, text: str
) -> None:
    path = tmp_path / "typed.yaml"
    path.write_text("", encoding="utf-8")
    store = ConfigStore(path, environ={})
    try:
        store.set_value(key, text)
    except ConfigError as error:
        assert all("\n" not in line for line in error.problems(NULL))
    try:
        load_config(path, environ={f"TGRAPH_{key}": text})
    except ConfigError as error:
        assert error.issues


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(CONFIG_KEYS), scalar=YAML_SCALARS, quote=st.sampled_from(["", "'"]))
def test_any_yaml_scalar_for_any_key_is_accepted_or_a_config_error(
    tmp_path: Path, key: str, scalar: str, quote: str
) -> None:
    value = f"{quote}{scalar.replace(quote, quote * 2) if quote else scalar}{quote}"
    try:
        load_text(tmp_path, f"{key}: {value}\n")
    except ConfigError as error:
        assert error.issues


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_any_file_is_accepted_or_a_config_error(tmp_path: Path, text: str) -> None:
    try:
        load_text(tmp_path, text)
    except ConfigError as error:
        assert error.issues
        assert all("\n" not in line for line in error.lines(NULL))
