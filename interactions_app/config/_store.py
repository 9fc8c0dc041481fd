"""The live configuration: what the app reads per request, and the one way to change it."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from renderer.translation import Translator

from . import _describe as describe
from ._errors import (
    ENVIRONMENT_KEY,
    FILE_ONLY_KEY,
    SECRET_KEY,
    ConfigError,
    ConfigIssue,
    ConfigWriteError,
)
from ._invalid import InvalidValue
from ._load import Loaded, Source, config_from_text, load, parse_document, read_text
from ._save import atomic_write, render_change
from ._schema import FILE_ONLY_KEYS, Config
from ._validate import parse_text

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ConfigChange:
    """A saved change, with both values as display_value shows them."""

    key: str
    old: str
    new: str

    @property
    def old_display(self) -> str:
        return self.old

    @property
    def new_display(self) -> str:
        return self.new


class ConfigStore:
    """The configuration file at ``path``, loaded once and re-read for every change.

    ``current`` is replaced only after a change is safely on disk, so readers on any thread
    always see a whole, validated Config.
    """

    def __init__(
        self, path: Path, *, environ: Mapping[str, str] = os.environ, missing_ok: bool = False
    ) -> None:
        self._path = path
        self._environ = environ
        self._missing_ok = missing_ok
        self._lock = threading.Lock()
        self._loaded = load(path, environ=environ, missing_ok=missing_ok)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def current(self) -> Config:
        return self._loaded.config

    def source(self, key: str) -> Source:
        """Where the current value of ``key`` comes from: the file, the environment, or the
        default."""
        return self._loaded.sources[describe.require_rule(key).key]

    def reload(self) -> Config:
        """Re-read the file (after an admin edited it by hand); on error ``current`` stays."""
        with self._lock:
            self._loaded = load(self._path, environ=self._environ, missing_ok=self._missing_ok)
            return self._loaded.config

    def set_value(self, key: str, raw: str) -> ConfigChange:
        """Set ``key`` from the text an admin typed, validate the whole result, save atomically.

        Raises ConfigError (unknown or secret key, a key set by the environment, bad value,
        another key in the file now invalid) or ConfigWriteError; either way the file and
        ``current`` are unchanged.
        """
        rule = describe.require_rule(key.strip().upper())
        if rule.secret:
            raise ConfigError([ConfigIssue(rule.key, "", SECRET_KEY, rule.params())])
        if rule.key in FILE_ONLY_KEYS:
            raise ConfigError([ConfigIssue(rule.key, "", FILE_ONLY_KEY, rule.params())])
        if self._loaded.sources[rule.key] is Source.ENVIRONMENT:
            # The file's value would be saved and then ignored: the variable wins.
            raise ConfigError([ConfigIssue(rule.key, "", ENVIRONMENT_KEY, rule.params())])
        try:
            value = parse_text(rule, raw)
        except InvalidValue as exc:
            raise ConfigError([exc.issue()]) from None
        with self._lock:
            text = read_text(self._path, missing_ok=self._missing_ok)
            new_text = render_change(parse_document(text, self._path), rule.key, value)
            # Validate exactly what will be written, read back the way the next start reads it.
            loaded: Loaded = config_from_text(new_text, self._path, self._environ)
            try:
                atomic_write(self._path, new_text.encode("utf-8"))
            except OSError as exc:
                raise ConfigWriteError(self._path, exc.strerror or str(exc)) from exc
            old, self._loaded = self._loaded.config, loaded
        change = ConfigChange(
            rule.key,
            old=describe.display_value(old, rule.key),
            new=describe.display_value(loaded.config, rule.key),
        )
        log.info("config: %s changed from %s to %s", change.key, change.old, change.new)
        return change

    def display_value(self, key: str, t: Translator | None = None) -> str:
        return describe.display_value(self._loaded.config, key, t)

    @staticmethod
    def describe_key(key: str, t: Translator) -> str:
        return describe.describe_key(key, t)

    @staticmethod
    def editable_keys() -> list[str]:
        return describe.editable_keys()

    @staticmethod
    def value_choices(key: str) -> list[str] | None:
        return describe.value_choices(key)
