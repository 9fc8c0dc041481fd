"""A value refused for one key, before it is known where the value came from."""

from __future__ import annotations

from dataclasses import dataclass

from ._describe import KeyRule
from ._errors import ConfigIssue, shown_value


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
