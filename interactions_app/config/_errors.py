"""Configuration errors: every problem found at once, each able to explain itself.

```
ConfigError                 one or more ConfigIssue (key, bad value, what is allowed)
 ├── ConfigFileMissing      the file does not exist
 └── ConfigWriteError       a valid change could not be saved; the file is unchanged
```
"""

from __future__ import annotations

import gettext
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from renderer.translation import N_, Translator

MASK = "••••••"
_MAX_SHOWN = 80

FILE_MISSING = N_(
    "There is no configuration file at {path}. Copy the sample and edit it: "
    "cp config.sample.yaml {path}"
)
READ_FAILED = N_("Could not read {path}: {reason}")
WRITE_FAILED = N_("Could not save {path}: {reason}. The file was not changed.")
NOT_A_MAPPING = N_("{path} must hold one KEY: value line per setting, like the sample file.")
UNKNOWN_KEY_HINT = N_("{key} is not a setting; did you mean {suggestion}?")
UNKNOWN_KEY = N_("{key} is not a setting; config.sample.yaml lists every setting.")
FILE_ONLY_KEY = N_(
    "{key} can only be changed in the config file on the server: it guards the bot's keys, "
    "files or request checks, which a Discord account must not be able to change."
)
SECRET_KEY = N_(
    "{key} is a secret and cannot be changed from Discord; edit the file "
    "or set the environment variable {env}."
)
ENVIRONMENT_KEY = N_(
    "{key} is set by the environment variable {env} on the server, which wins over the config "
    "file; change or remove the variable there."
)
RESTART_KEY = N_(
    "{key} is read only when the bot starts: change it in the config file on the server, "
    "then restart the bot."
)
RESTART_KEY_CHANGED = N_(
    "{key} was changed in the config file, and the bot reads it only when it starts: "
    "restart the bot to apply it, then edit again. Nothing was saved."
)
NO_VALUE = N_("{key} has no value; write one, or delete the line to use the default: {default}")


def shown_value(value: object, *, secret: bool = False) -> str:
    """A bad value as a person should see it in a message: YAML-like, short, secrets masked."""
    if secret:
        return MASK
    match value:
        case bool():
            text = "true" if value else "false"
        case str():
            text = repr(value)
        case int() | float():
            text = str(value)
        case _:
            text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


@dataclass(frozen=True, slots=True)
class ConfigIssue:
    """One problem: which key (None for the file as a whole), the bad value as shown, and why."""

    key: str | None
    value: str
    template: str
    params: Mapping[str, object] = field(default_factory=dict[str, object])
    line: int | None = None
    env_var: str | None = None

    @property
    def message(self) -> str:
        return self.explain(gettext.NullTranslations())

    def explain(self, t: Translator) -> str:
        """The problem on one line, in ``t``'s language."""
        text = t.gettext(self.template).format(key=self.key or "", value=self.value, **self.params)
        # One line whatever a path or an OS reason holds; shown values are already escaped.
        text = " ".join(text.splitlines())
        if self.env_var is not None:
            return t.gettext("{problem} (from the environment variable {name})").format(
                problem=text, name=self.env_var
            )
        if self.line is not None:
            return t.gettext("Line {line}: {problem}").format(line=self.line, problem=text)
        return text

    def __str__(self) -> str:
        return self.message


class ConfigError(Exception):
    """The configuration (a file, or a change to it) has one or more problems."""

    def __init__(self, issues: Sequence[ConfigIssue], *, path: Path | None = None) -> None:
        self.issues: list[ConfigIssue] = list(issues)
        self.path = path
        super().__init__(self.explain(gettext.NullTranslations()))

    def problems(self, t: Translator) -> list[str]:
        """Each problem on its own line, with nothing around them."""
        return [issue.explain(t) for issue in self.issues]

    def lines(self, t: Translator) -> list[str]:
        """What a command line prints, one line each: a header naming the file and the count,
        then ``- problem`` per problem (a lone problem without a file is just its line)."""
        problems = self.problems(t)
        count = len(problems)
        if self.path is not None:
            header = t.ngettext("{count} problem in {path}:", "{count} problems in {path}:", count)
        elif count == 1:
            return problems
        else:
            header = t.ngettext(
                "{count} problem in the configuration:",
                "{count} problems in the configuration:",
                count,
            )
        return [header.format(count=count, path=self.path), *(f"- {p}" for p in problems)]

    def explain(self, t: Translator) -> str:
        return "\n".join(self.lines(t))


class ConfigFileMissing(ConfigError):
    """The configuration file does not exist."""

    def __init__(self, path: Path) -> None:
        super().__init__([ConfigIssue(None, "", FILE_MISSING, {"path": path})], path=path)

    def lines(self, t: Translator) -> list[str]:
        return self.problems(t)


class ConfigWriteError(ConfigError):
    """A valid change could not be written; the old file is left as it was."""

    def __init__(self, path: Path, reason: str) -> None:
        issue = ConfigIssue(None, "", WRITE_FAILED, {"path": path, "reason": reason})
        super().__init__([issue], path=path)

    def lines(self, t: Translator) -> list[str]:
        return self.problems(t)
