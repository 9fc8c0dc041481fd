"""What each key accepts, derived from the schema: kinds, limits, choices, and how to say so."""

from __future__ import annotations

import difflib
import gettext
import typing
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import msgspec

from renderer.translation import N_, Translator

from ._errors import UNKNOWN_KEY, UNKNOWN_KEY_HINT, ConfigError, ConfigIssue, shown_value
from ._schema import (
    CLOCK_TIME_PATTERN,
    HEX_COLOR_PATTERN,
    OPTIONAL_SNOWFLAKE_PATTERN,
    PUBLIC_KEY_PATTERN,
    SECRET_KEYS,
    SNOWFLAKE_PATTERN,
    Config,
)

ENV_PREFIX = "TGRAPH_"


class Kind(StrEnum):
    BOOL = "bool"
    INT = "int"
    CHOICE = "choice"
    TEXT = "text"
    FOLDER = "folder"
    COLOR = "color"
    CLOCK = "clock"
    APP_ID = "app_id"
    PUBLIC_KEY = "public_key"
    ID_LIST = "id_list"
    TIMEZONE = "timezone"
    URL = "url"
    WEBHOOK_URL = "webhook_url"
    LANGUAGE = "language"


_PATTERN_KINDS = {
    HEX_COLOR_PATTERN: Kind.COLOR,
    CLOCK_TIME_PATTERN: Kind.CLOCK,
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
    "DISCORD_WEBHOOK_URL": Kind.WEBHOOK_URL,
}

# What a key accepts, as a sentence (for /config view and the sample file's wording).
ACCEPTS: dict[Kind, str] = {
    Kind.BOOL: N_("Either true or false."),
    Kind.INT: N_("A whole number from {min} to {max}."),
    Kind.CHOICE: N_("One of: {choices}."),
    Kind.TEXT: N_("Any text."),
    Kind.FOLDER: N_("A folder path, relative to the working directory unless absolute."),
    Kind.COLOR: N_("A colour as #RRGGBB (or #RGB), like {example}."),
    Kind.CLOCK: N_("A time of day as HH:MM (24-hour clock), or XX:XX for no fixed time."),
    Kind.APP_ID: N_("The application ID from the Developer Portal (15 to 21 digits), or empty."),
    Kind.PUBLIC_KEY: N_("The public key from the Developer Portal (64 hexadecimal characters)."),
    Kind.ID_LIST: N_("Discord IDs (15 to 21 digits), separated by commas; empty for none."),
    Kind.TIMEZONE: N_("An IANA time zone name, like Europe/Copenhagen or UTC."),
    Kind.URL: N_("An http:// or https:// address, like {example}."),
    Kind.WEBHOOK_URL: N_(
        "A channel webhook URL, https://discord.com/api/webhooks/<id>/<token>, or empty."
    ),
    Kind.LANGUAGE: N_("A language code, like en, da, de, fr or es."),
}

# Why a value was refused; {key} and {value} are always given, the rest from KeyRule.params().
REFUSED: dict[Kind, str] = {
    Kind.BOOL: N_("{key}: {value} is not true or false; write true or false."),
    Kind.INT: N_("{key}: {value} is not a whole number; use a number from {min} to {max}."),
    Kind.CHOICE: N_("{key}: {value} is not allowed; use one of: {choices}."),
    Kind.TEXT: N_("{key}: {value} is not text; put it in double quotes."),
    Kind.FOLDER: N_(
        '{key}: {value} is not a folder path; write one like "data" or "/var/lib/tgraph".'
    ),
    Kind.COLOR: N_("{key}: {value} is not a colour; use #RRGGBB like {example}."),
    Kind.CLOCK: N_(
        "{key}: {value} is not a time of day; use HH:MM on the 24-hour clock, like 06:30, "
        "or XX:XX for no fixed time."
    ),
    Kind.APP_ID: N_(
        "{key}: {value} is not a Discord application ID; use the 15 to 21 digit ID "
        'from the Developer Portal, in quotes, or "" to leave it unset.'
    ),
    Kind.PUBLIC_KEY: N_(
        "{key}: {value} is not a Discord public key; use the 64 hexadecimal characters "
        "from the Developer Portal."
    ),
    Kind.ID_LIST: N_(
        '{key}: {value} is not a list of Discord IDs; write them like ["123456789012345678"], '
        "or [] for none."
    ),
    Kind.TIMEZONE: N_(
        "{key}: {value} is not a known time zone; use an IANA name like Europe/Copenhagen or UTC."
    ),
    Kind.URL: N_(
        "{key}: {value} is not a web address; use an http:// or https:// URL like {example}."
    ),
    Kind.WEBHOOK_URL: N_(
        "{key}: {value} is not a Discord webhook URL; copy it from the channel's "
        "Integrations settings: https://discord.com/api/webhooks/<id>/<token>."
    ),
    Kind.LANGUAGE: N_(
        "{key}: {value} is not a known language code; use a code like en, da, de, fr or es."
    ),
}
OUT_OF_RANGE = N_("{key}: {value} is out of range; use a number from {min} to {max}.")
BAD_ID = N_("{key}: {value} is not a Discord ID; IDs are 15 to 21 digits, like 123456789012345678.")


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
    """Keys an admin may change from Discord: all but the secrets."""
    return [key for key, rule in rules().items() if not rule.secret]


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
    if not rule.secret:
        return plain_value(value)
    t = t or gettext.NullTranslations()
    return t.gettext("•••••• (set)") if value else t.gettext("(not set)")
