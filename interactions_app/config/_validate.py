"""Key-by-key validation, so that one pass reports every problem rather than the first."""

from __future__ import annotations

import re
import typing
import zoneinfo
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import babel
import msgspec

from ._describe import KeyRule, rule_for, unknown_key_issue
from ._errors import NO_VALUE, ConfigError, ConfigIssue
from ._invalid import InvalidValue, Setting
from ._kinds import BAD_ID, OUT_OF_RANGE, REFUSED, Kind
from ._raw import typed_value, whole_number
from ._schema import SNOWFLAKE_PATTERN, Config

_WEBHOOK_PATH = re.compile(r"/webhooks/[0-9]+/[A-Za-z0-9_.-]+/?\Z")
# A language tag: language, optional script, optional region (en, pt_BR, es-419, zh-Hant-TW).
# Locale names like C, POSIX, en.UTF-8 or en@euro are not language codes.
_LANGUAGE_TAG = re.compile(
    r"(?P<language>[a-z]{2,3})(?:[-_][a-z]{4})?(?:[-_](?:[a-z]{2}|[0-9]{3}))?",
    re.ASCII | re.IGNORECASE,
)
# Control characters break HTTP headers, file names and log lines wherever the text goes.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@cache
def _zone_names() -> frozenset[str]:
    # ZoneInfo() alone accepts folders' names only to fail later with IsADirectoryError.
    return frozenset(zoneinfo.available_timezones())


def _is_http_url(text: str) -> bool:
    if _CONTROL.search(text) or text != text.strip() or " " in text:
        return False
    try:
        parts = urlsplit(text)
        # .port raises for a port that is not a number from 0 to 65535.
        port_ok = parts.port is None or parts.port >= 0
    except ValueError:  # a bad port, or a bracketed host that is not an IPv6 address
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname) and port_ok


def _is_language(text: str) -> bool:
    """A tag whose language CLDR knows (so Babel can name dates and numbers in it)."""
    match = _LANGUAGE_TAG.fullmatch(text)
    if match is None:
        return False
    try:
        locale = babel.Locale.parse(text.replace("-", "_"))
    except (babel.UnknownLocaleError, ValueError):
        return False
    # Babel maps "und" and the like to English; only the tag's own language counts.
    return locale.language == match.group("language").lower()


def _meaning_ok(kind: Kind, text: str) -> bool:
    """The checks msgspec cannot express: time zones, URLs, language codes, plain text."""
    match kind:
        case Kind.TIMEZONE:
            return text in _zone_names()
        case Kind.URL:
            return _is_http_url(text)
        case Kind.WEBHOOK_URL:
            return text == "" or (
                _is_http_url(text) and _WEBHOOK_PATH.search(urlsplit(text).path) is not None
            )
        case Kind.LANGUAGE:
            return _is_language(text)
        case Kind.TEXT | Kind.FOLDER:
            return _CONTROL.search(text) is None
        case _:
            return True


def _refusal(rule: KeyRule, value: object) -> InvalidValue:
    """The most specific reason ``value`` does not fit ``rule``."""
    if rule.kind is Kind.INT and isinstance(value, int) and not isinstance(value, bool):
        return InvalidValue(rule, OUT_OF_RANGE, value)
    if rule.kind is Kind.ID_LIST and isinstance(value, list):
        for item in typing.cast(list[object], value):
            if not (isinstance(item, str) and re.match(SNOWFLAKE_PATTERN, item)):
                return InvalidValue(rule, BAD_ID, item)
    return InvalidValue(rule, REFUSED[rule.kind], value)


def _as_written(rule: KeyRule, value: object) -> object:
    """What a person meant: YAML reads an unquoted Discord ID as a number, and people quote
    numbers and booleans by habit ("7", "true")."""

    def text(item: object) -> object:
        is_number = isinstance(item, int) and not isinstance(item, bool)
        return str(item) if is_number else item

    match rule.kind, value:
        case Kind.APP_ID, _:
            return text(value)
        case Kind.ID_LIST, list():
            return [text(item) for item in typing.cast(list[object], value)]
        case Kind.INT, str():
            return whole_number(rule, value)
        case Kind.BOOL, str() if value.strip().lower() in {"true", "false"} and value.isascii():
            return value.strip().lower() == "true"
        case _:
            return value


def check_value(rule: KeyRule, value: object) -> object:
    """``value`` converted to the key's type; raises InvalidValue saying what is allowed."""
    if value is None:
        raise InvalidValue(rule, NO_VALUE, value, shown=False)
    value = _as_written(rule, value)
    try:
        converted = msgspec.convert(value, rule.annotation)
    except msgspec.ValidationError:
        raise _refusal(rule, value) from None
    if isinstance(converted, str) and not _meaning_ok(rule.kind, converted):
        raise _refusal(rule, value)
    return converted


def parse_text(rule: KeyRule, text: str) -> object:
    """``text`` typed in Discord or set in an environment variable, checked for ``rule``."""
    return check_value(rule, typed_value(rule, text))


def _checked(rule: KeyRule, setting: Setting) -> object:
    if setting.env_var is None:
        return check_value(rule, setting.value)
    text = str(setting.value)
    # A secret is used exactly as set (tokens may contain quotes); the rest reads like Discord.
    return check_value(rule, text) if rule.secret else parse_text(rule, text)


def build_config(settings: Mapping[object, Setting], *, path: Path | None = None) -> Config:
    """A Config from every setting found, or a ConfigError listing every problem."""
    issues: list[ConfigIssue] = []
    values: dict[str, object] = {}
    for key, setting in settings.items():
        rule = rule_for(key) if isinstance(key, str) else None
        if rule is None:
            issues.append(unknown_key_issue(key, setting.line))
            continue
        try:
            values[rule.key] = _checked(rule, setting)
        except InvalidValue as exc:
            issues.append(exc.issue(setting))
    if issues:
        raise ConfigError(issues, path=path)
    return Config(**typing.cast(dict[str, typing.Any], values))
