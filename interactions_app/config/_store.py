"""The live configuration: what the app reads per request, and the one way to change it."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import msgspec

from renderer.translation import Translator

from . import _describe as describe
from ._errors import (
    ENVIRONMENT_KEY,
    FILE_ONLY_KEY,
    RESTART_KEY,
    RESTART_KEY_CHANGED,
    SECRET_KEY,
    ConfigError,
    ConfigIssue,
    ConfigWriteError,
)
from ._invalid import InvalidValue
from ._load import Loaded, Source, config_from_text, load, parse_document, read_text
from ._save import atomic_write, render_change
from ._schema import FILE_ONLY_KEYS, RESTART_KEYS, Config
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

    ``current`` is the configuration the running bot uses. A change replaces it only after it is
    safely on disk, so readers on any thread always see a whole, validated Config, and it
    changes only the edited key: a hand edit of another key applies at the next start (so the
    keys read at start, ``RESTART_KEYS``, never drift from the clients built from them).
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

    def set_value(self, key: str, raw: str) -> ConfigChange:
        """Set ``key`` from the text an admin typed, validate the whole result, save atomically.

        Raises ConfigError (unknown or secret key, a key read only at start, a key set by the
        environment, bad value, another key in the file now invalid, a key read only at start
        changed in the file since) or ConfigWriteError; either way the file and ``current`` are
        unchanged.
        """
        rule = describe.require_rule(key.strip().upper())
        if rule.secret:
            raise ConfigError([ConfigIssue(rule.key, "", SECRET_KEY, rule.params())])
        if rule.key in FILE_ONLY_KEYS:
            raise ConfigError([ConfigIssue(rule.key, "", FILE_ONLY_KEY, rule.params())])
        if rule.key in RESTART_KEYS:
            raise ConfigError([ConfigIssue(rule.key, "", RESTART_KEY, rule.params())])
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
            old = self._loaded.config
            _refuse_restart_key_changes(old, loaded.config)
            try:
                atomic_write(self._path, new_text.encode("utf-8"))
            except OSError as exc:
                raise ConfigWriteError(self._path, exc.strerror or str(exc)) from exc
            new = msgspec.structs.replace(old, **{rule.key: getattr(loaded.config, rule.key)})
            sources = {**self._loaded.sources, rule.key: loaded.sources[rule.key]}
            self._loaded = Loaded(new, sources)
        change = ConfigChange(
            rule.key,
            old=describe.display_value(old, rule.key),
            new=describe.display_value(new, rule.key),
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


def _refuse_restart_key_changes(running: Config, on_disk: Config) -> None:
    """Refuses when a key read at start differs in the file (a hand edit since the start): the
    running bot still uses the old value (its state store, its clients), and a bot that saves
    through the edit would run half on each until the next start."""
    changed = [
        key
        for key in describe.config_keys()
        if key in RESTART_KEYS and getattr(running, key) != getattr(on_disk, key)
    ]
    if changed:
        raise ConfigError([ConfigIssue(key, "", RESTART_KEY_CHANGED) for key in changed])
