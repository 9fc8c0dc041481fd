"""What each key accepts, derived from the schema: its kind, limits, choices and default."""

from __future__ import annotations

import difflib
import gettext
import typing
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit, urlunsplit

import msgspec

from renderer.translation import Translator

from ._errors import MASK, UNKNOWN_KEY, UNKNOWN_KEY_HINT, ConfigError, ConfigIssue, shown_value
from ._kinds import ACCEPTS, Kind
from ._schema import (
    CLOCK_TIME_PATTERN,
    FILE_ONLY_KEYS,
    HEX_COLOR_PATTERN,
    OPTIONAL_SNOWFLAKE_PATTERN,
    PUBLIC_KEY_PATTERN,
    RESTART_KEYS,
    SECRET_KEYS,
    SNOWFLAKE_PATTERN,
    TIME_OF_DAY_PATTERN,
    Config,
)

ENV_PREFIX = "TGRAPH_"

_PATTERN_KINDS = {
    HEX_COLOR_PATTERN: Kind.COLOR,
    CLOCK_TIME_PATTERN: Kind.CLOCK,
    TIME_OF_DAY_PATTERN: Kind.TIME_OF_DAY,
    OPTIONAL_SNOWFLAKE_PATTERN: Kind.APP_ID,
    PUBLIC_KEY_PATTERN: Kind.PUBLIC_KEY,
}
# Plain-text keys whose meaning needs a check msgspec cannot express.
_TEXT_KINDS = {
    "TIMEZONE": Kind.TIMEZONE,
    "LANGUAGE": Kind.LANGUAGE,
    "DATA_DIR": Kind.FOLDER,
    "TAUTULLI_URL": Kind.URL,
    "DISCORD_API_BASE": Kind.URL,
    "PLEX_TV_BASE": Kind.URL,
    "DISCORD_WEBHOOK_URL": Kind.WEBHOOK_URL,
}


@dataclass(frozen=True, slots=True)
class KeyRule:
    """Everything the loader, the editor and /config need to know about one key."""

    key: str
    kind: Kind
    annotation: object
    default: object
    secret: bool
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    @property
    def env_var(self) -> str:
        return ENV_PREFIX + self.key

    def params(self) -> dict[str, object]:
        return {
            "min": self.minimum,
            "max": self.maximum,
            "choices": ", ".join(self.choices),
            "example": self.default,
            "default": plain_value(self.default),
            "env": self.env_var,
        }


def _kind(key: str, info: msgspec.inspect.Type) -> Kind:
    match info:
        case msgspec.inspect.BoolType():
            return Kind.BOOL
        case msgspec.inspect.IntType():
            return Kind.INT
        case msgspec.inspect.LiteralType():
            return Kind.CHOICE
        case msgspec.inspect.ListType(item_type=msgspec.inspect.StrType(pattern=pattern)) if (
            pattern == SNOWFLAKE_PATTERN
        ):
            return Kind.ID_LIST
        case msgspec.inspect.StrType(pattern=None):
            return _TEXT_KINDS.get(key, Kind.TEXT)
        case msgspec.inspect.StrType(pattern=pattern) if pattern in _PATTERN_KINDS:
            return _PATTERN_KINDS[pattern]
        case _:
            raise TypeError(f"config key {key}: no description for type {info!r}")


def _rule(field: msgspec.structs.FieldInfo, info: msgspec.inspect.Field) -> KeyRule:
    kind = _kind(field.name, info.type)
    default = field.default_factory() if field.default is msgspec.NODEFAULT else field.default
    minimum = maximum = None
    if isinstance(info.type, msgspec.inspect.IntType):
        minimum, maximum = info.type.ge, info.type.le
    choices: tuple[str, ...] = ()
    if kind is Kind.CHOICE:
        # typing.get_args keeps the schema's order; msgspec.inspect sorts the values.
        choices = tuple(str(v) for v in typing.get_args(field.type))
    return KeyRule(
        key=field.name,
        kind=kind,
        annotation=field.type,
        default=default,
        secret=field.name in SECRET_KEYS,
        minimum=minimum,
        maximum=maximum,
        choices=choices,
    )


@cache
def rules() -> dict[str, KeyRule]:
    """Every key in schema order."""
    info = msgspec.inspect.type_info(Config)
    assert isinstance(info, msgspec.inspect.StructType)
    fields = msgspec.structs.fields(Config)
    return {f.name: _rule(f, i) for f, i in zip(fields, info.fields, strict=True)}


def rule_for(key: str) -> KeyRule | None:
    return rules().get(key)


def unknown_key_issue(key: object, line: int | None = None) -> ConfigIssue:
    """An unknown key, with the closest real key as a hint (also for a lower-case spelling)."""
    name = key if isinstance(key, str) else shown_value(key)
    matches = difflib.get_close_matches(name.upper(), list(rules()), n=1, cutoff=0.6)
    if matches:
        return ConfigIssue(name, "", UNKNOWN_KEY_HINT, {"suggestion": matches[0]}, line=line)
    return ConfigIssue(name, "", UNKNOWN_KEY, line=line)


def require_rule(key: str) -> KeyRule:
    """The rule for ``key``; a ConfigError naming the closest key when there is none."""
    rule = rule_for(key)
    if rule is None:
        raise ConfigError([unknown_key_issue(key)])
    return rule


def config_keys() -> list[str]:
    return list(rules())


def editable_keys() -> list[str]:
    """Keys an admin may change from Discord: all but the secrets, the file-only keys and the
    keys read only at start."""
    return [
        key
        for key, rule in rules().items()
        if not rule.secret and key not in FILE_ONLY_KEYS and key not in RESTART_KEYS
    ]


def value_choices(key: str) -> list[str] | None:
    """The complete list of values a key takes, for autocomplete; None when it is open-ended."""
    rule = rule_for(key)
    if rule is None:
        return None
    if rule.kind is Kind.BOOL:
        return ["true", "false"]
    if rule.kind is Kind.CHOICE:
        return list(rule.choices)
    return None


def describe_key(key: str, t: Translator) -> str:
    """What ``key`` accepts, in a sentence."""
    rule = require_rule(key)
    return t.gettext(ACCEPTS[rule.kind]).format(**rule.params())


def plain_value(value: object) -> str:
    """A value as an admin would type it: true, 30, #1f77b4, "" for empty, IDs with commas."""
    match value:
        case bool():
            return "true" if value else "false"
        case "":
            return '""'
        case []:
            return "[]"
        case list():
            return ", ".join(str(item) for item in typing.cast(list[object], value))
        case _:
            return str(value)


def display_value(config: Config, key: str, t: Translator | None = None) -> str:
    """The current value of ``key`` for a person; secrets are only said to be set or not."""
    rule = require_rule(key)
    value: object = getattr(config, key)
    if rule.kind is Kind.URL and isinstance(value, str):
        return _without_password(value)
    if not rule.secret:
        return plain_value(value)
    t = t or gettext.NullTranslations()
    return t.gettext("•••••• (set)") if value else t.gettext("(not set)")


def _without_password(url: str) -> str:
    """``url`` with the password of ``user:password@`` masked (basic auth behind a proxy)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:{MASK}@{host}"))
