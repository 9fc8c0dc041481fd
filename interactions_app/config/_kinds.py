"""The kinds of value a key takes, and how to tell a person what each kind accepts."""

from __future__ import annotations

from enum import StrEnum

from renderer.translation import N_


class Kind(StrEnum):
    BOOL = "bool"
    INT = "int"
    CHOICE = "choice"
    TEXT = "text"
    FOLDER = "folder"
    COLOR = "color"
    CLOCK = "clock"
    TIME_OF_DAY = "time_of_day"
    APP_ID = "app_id"
    PUBLIC_KEY = "public_key"
    ID_LIST = "id_list"
    TIMEZONE = "timezone"
    URL = "url"
    WEBHOOK_URL = "webhook_url"
    LANGUAGE = "language"


# What a key accepts, as a sentence (for /config view and the sample file's wording).
ACCEPTS: dict[Kind, str] = {
    Kind.BOOL: N_("Either true or false."),
    Kind.INT: N_("A whole number from {min} to {max}."),
    Kind.CHOICE: N_("One of: {choices}."),
    Kind.TEXT: N_("Any text."),
    Kind.FOLDER: N_("A folder path, relative to the working directory unless absolute."),
    Kind.COLOR: N_("A colour as #RRGGBB (or #RGB), like {example}."),
    Kind.CLOCK: N_("A time of day as HH:MM (24-hour clock), or XX:XX for no fixed time."),
    Kind.TIME_OF_DAY: N_("A time of day as HH:MM (24-hour clock)."),
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
    Kind.TIME_OF_DAY: N_(
        "{key}: {value} is not a time of day; use HH:MM on the 24-hour clock, like 09:00."
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
