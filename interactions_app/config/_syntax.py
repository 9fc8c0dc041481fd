"""Plain words for a YAML file that does not parse: the line people got wrong, and why.

The parser reports where it gave up, which is often lines later (an unclosed quote runs to the
end of the file) and in its own terms. The settings file is flat, ``KEY: value`` per line, so
once parsing has failed each line can be checked for the usual mistakes on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from renderer.translation import N_

from ._errors import ConfigIssue, shown_value

TAB = N_("a tab is used for spacing; YAML allows only spaces here.")
INDENTED = N_("the line is indented; start every KEY: value line at the beginning of the line.")
NOT_A_SETTING = N_(
    "{value} is not a KEY: value line; write the key, a colon, a space and the value."
)
NO_SPACE = N_("{key}: put a space between the colon and the value, like {example}.")
UNCLOSED_QUOTE = N_(
    "{key}: the value starts with {quote} but never ends with one; close it on the same line."
)
TEXT_AFTER_QUOTE = N_(
    "{key}: there is text after the closing {quote}; put the whole value inside the quotes."
)
UNCLOSED_LIST = N_("{key}: the list that starts with [ never ends; close it with ].")
TEXT_AFTER_LIST = N_("{key}: there is text after the closing ]; remove it.")
NEEDS_QUOTES = N_("{key}: put the value in double quotes; unquoted, YAML cannot read {value}.")
DUPLICATE = N_("{key} is set twice, on line {first} and here; keep one.")
UNREADABLE = N_(
    "YAML cannot read this line; compare its quotes, brackets and spacing with the sample file."
)
NUMBER_TOO_LONG = N_("a number on this line has too many digits to be read.")

_KEY_LINE = re.compile(r"(?P<key>[A-Za-z0-9_]+)(?P<colon>:?)(?P<rest>.*)", re.ASCII)
# Unquoted, these characters start YAML syntax that no value here uses.
_RESERVED_START = tuple("@`%&!{")
_LONG_NUMBER = re.compile(r"[0-9_]{4000,}")


@dataclass(slots=True)
class _OpenList:
    key: str
    line: int


def _quoted_end(value: str) -> int | None:
    """The index of the quote that closes ``value`` (which starts with one), or None."""
    quote = value[0]
    index = 1
    while index < len(value):
        char = value[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and value[index + 1 : index + 2] == "'":
                index += 2  # '' is a quote inside single quotes
                continue
            return index
        index += 1
    return None


def _is_comment_or_empty(text: str) -> bool:
    stripped = text.strip()
    return not stripped or stripped.startswith("#")


def _list_depth(text: str, depth: int) -> tuple[int, str]:
    """The bracket depth after ``text`` (quotes respected), and what follows the closing ]."""
    index = 0
    while index < len(text):
        char = text[index]
        if char == "#" and (index == 0 or text[index - 1] in " \t"):
            return depth, ""
        if char in "\"'":
            end = _quoted_end(text[index:])
            if end is None:
                return depth, ""
            index += end
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return 0, text[index + 1 :]
        index += 1
    return depth, ""


def _quoted_issue(key: str, value: str, line: int) -> ConfigIssue | None:
    quote = value[0]
    end = _quoted_end(value)
    if end is None:
        return ConfigIssue(key, "", UNCLOSED_QUOTE, {"quote": quote}, line=line)
    after = value[end + 1 :]
    if not _is_comment_or_empty(after) or after.startswith("#"):
        return ConfigIssue(key, "", TEXT_AFTER_QUOTE, {"quote": quote}, line=line)
    return None


def _plain_issue(key: str, value: str, line: int) -> ConfigIssue | None:
    unquoted = value.split(" #", 1)[0].rstrip()
    if value.startswith(_RESERVED_START) or ": " in unquoted or unquoted.endswith(":"):
        return ConfigIssue(key, shown_value(unquoted), NEEDS_QUOTES, line=line)
    return None


class _Checker:
    """Goes through the lines in order; a list may span lines, and block lists are indented."""

    def __init__(self) -> None:
        self.issues: list[ConfigIssue] = []
        self.open_list: _OpenList | None = None
        self.depth = 0
        self.indent_allowed = False

    def _add(self, issue: ConfigIssue | None) -> None:
        if issue is not None:
            self.issues.append(issue)

    def _close_list(self) -> None:
        if self.open_list is not None:
            self._add(ConfigIssue(self.open_list.key, "", UNCLOSED_LIST, line=self.open_list.line))
            self.open_list = None

    def _continues_list(self, line: str, body: str) -> bool:
        if line == body and _KEY_LINE.fullmatch(body) and ": " in body:
            self._close_list()  # a new setting while the list is still open: ] was forgotten
            return False
        self.depth, _ = _list_depth(line, self.depth)
        if self.depth <= 0:
            self.open_list = None
        return True

    def finish(self) -> list[ConfigIssue]:
        """Every issue found, once the last line is in (a list still open there never ends)."""
        self._close_list()
        return self.issues

    def line(self, number: int, line: str) -> None:
        body = line.lstrip(" \t")
        indent = line[: len(line) - len(body)]
        if self.open_list is not None and self._continues_list(line, body):
            return
        if "\t" in indent:
            self._add(ConfigIssue(None, "", TAB, line=number))
        elif indent:
            if not self.indent_allowed:
                self._add(ConfigIssue(None, "", INDENTED, line=number))
        else:
            self.indent_allowed = False
            self._setting(number, body)

    def _setting(self, number: int, body: str) -> None:
        match = _KEY_LINE.fullmatch(body)
        if match is None or not match["colon"]:
            self._add(ConfigIssue(None, shown_value(body), NOT_A_SETTING, line=number))
            return
        key, rest = match["key"], match["rest"]
        value = rest.strip()
        if "\t" in rest.split("#", 1)[0]:
            self._add(ConfigIssue(None, "", TAB, line=number))
        elif rest and not rest[0].isspace():
            example = f"{key}: {value}"
            self._add(ConfigIssue(key, "", NO_SPACE, {"example": example}, line=number))
        elif not value or value.startswith("#") or value[0] in "|>":
            self.indent_allowed = True  # a block list or a block of text follows
        elif value[0] in "\"'":
            self._add(_quoted_issue(key, value, number))
        elif value[0] == "[":
            self.depth, after = _list_depth(value, 0)
            if self.depth > 0:
                self.open_list = _OpenList(key, number)
            elif not _is_comment_or_empty(after):
                self._add(ConfigIssue(key, "", TEXT_AFTER_LIST, line=number))
        else:
            self._add(_plain_issue(key, value, number))


def line_issues(text: str) -> list[ConfigIssue]:
    """Every line of ``text`` (which the parser refused) that breaks the usual rules."""
    checker = _Checker()
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        if not _is_comment_or_empty(line):
            checker.line(number, line)
    checker._close_list()
    return checker.issues


def duplicate_keys(text: str) -> list[ConfigIssue]:
    """Every top-level key set a second time, at the line of the repeat."""
    first_seen: dict[str, int] = {}
    issues: list[ConfigIssue] = []
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        match = _KEY_LINE.fullmatch(line)
        if match is None or not match["colon"]:
            continue
        key = match["key"]
        if key in first_seen:
            issues.append(ConfigIssue(key, "", DUPLICATE, {"first": first_seen[key]}, line=number))
        else:
            first_seen[key] = number
    return issues


def long_number_line(text: str) -> int | None:
    """The line holding a number too long for Python to read, if any."""
    match = _LONG_NUMBER.search(text)
    return None if match is None else text.count("\n", 0, match.start()) + 1
