"""Key-by-key validation, so that one pass reports every problem rather than the first."""

from __future__ import annotations

import re
import typing
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import babel
import msgspec

from ._describe import KeyRule, rule_for, unknown_key_issue
from ._errors import NO_VALUE, ConfigError, ConfigIssue, shown_value
from ._kinds import BAD_ID, OUT_OF_RANGE, REFUSED, Kind
from ._schema import SNOWFLAKE_PATTERN, Config

_WEBHOOK_PATH = re.compile(r"/webhooks/\d+/[A-Za-z0-9_.-]+/?\Z")


@dataclass(frozen=True, slots=True)
class Setting:
    """One value as found, and where: a line of the file or an environment variable."""

    value: object
    line: int | None = None
    env_var: str | None = None


class InvalidValue(Exception):
    """A value refused for a key; becomes a ConfigIssue once its origin is known."""

    def __init__(self, rule: KeyRule, template: str, value: object, *, shown: bool = True) -> None:
        super().__init__(template)
        self.rule = rule
        self.template = template
        self.shown = shown_value(value, secret=rule.secret) if shown else ""

    def issue(self, setting: Setting | None = None) -> ConfigIssue:
        return ConfigIssue(
            self.rule.key,
            self.shown,
            self.template,
            self.rule.params(),
            line=setting.line if setting else None,
            env_var=setting.env_var if setting else None,
        )


def _is_http_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in {"http", "https"} and bool(parts.hostname) and text == text.strip()


def _meaning_ok(kind: Kind, text: str) -> bool:
    """The checks msgspec cannot express: time zones, URLs, language codes."""
    match kind:
        case Kind.TIMEZONE:
            try:
                zoneinfo.ZoneInfo(text)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                return False
        case Kind.URL:
            return _is_http_url(text)
        case Kind.WEBHOOK_URL:
            return text == "" or (
                _is_http_url(text) and _WEBHOOK_PATH.search(urlsplit(text).path) is not None
            )
        case Kind.LANGUAGE:
            try:
                babel.Locale.parse(text.replace("-", "_"))
            except (babel.UnknownLocaleError, ValueError):
                return False
        case _:
            pass
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


def _ids_as_text(rule: KeyRule, value: object) -> object:
    # YAML reads an unquoted Discord ID as a number; it is still the ID the admin meant.
    def text(item: object) -> object:
        is_number = isinstance(item, int) and not isinstance(item, bool)
        return str(item) if is_number else item

    if rule.kind is Kind.APP_ID:
        return text(value)
    if rule.kind is Kind.ID_LIST and isinstance(value, list):
        return [text(item) for item in typing.cast(list[object], value)]
    return value


def check_value(rule: KeyRule, value: object) -> object:
    """``value`` converted to the key's type; raises InvalidValue saying what is allowed."""
    if value is None:
        raise InvalidValue(rule, NO_VALUE, value, shown=False)
    value = _ids_as_text(rule, value)
    try:
        converted = msgspec.convert(value, rule.annotation)
    except msgspec.ValidationError:
        raise _refusal(rule, value) from None
    if isinstance(converted, str) and not _meaning_ok(rule.kind, converted):
        raise _refusal(rule, value)
    return converted


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
            values[rule.key] = check_value(rule, setting.value)
        except InvalidValue as exc:
            issues.append(exc.issue(setting))
    if issues:
        raise ConfigError(issues, path=path)
    return Config(**typing.cast(dict[str, typing.Any], values))
