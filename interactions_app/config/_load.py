"""Finding and reading the YAML file, with ``TGRAPH_<KEY>`` environment variables laid over it."""

from __future__ import annotations

import os
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scalarbool import ScalarBoolean

from . import _syntax as syntax
from ._describe import rules
from ._errors import NOT_A_MAPPING, READ_FAILED, ConfigError, ConfigFileMissing
from ._errors import ConfigIssue as Issue
from ._invalid import Setting
from ._leftovers import remove_leftovers
from ._schema import Config
from ._validate import build_config

CONFIG_PATH_ENV = "TGRAPH_CONFIG"
DEFAULT_CONFIG_PATH = Path("config.yaml")
_SCALARS: tuple[type[bool] | type[str] | type[int] | type[float], ...] = (bool, str, int, float)


def make_yaml() -> YAML:
    """The round-trip parser used for both reading and writing, so both agree on every value."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def resolve_config_path(cli_value: str | None, environ: Mapping[str, str] = os.environ) -> Path:
    """``--config PATH``, else ``$TGRAPH_CONFIG``, else ``./config.yaml``."""
    if cli_value:
        return Path(cli_value).expanduser()
    from_env = environ.get(CONFIG_PATH_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return DEFAULT_CONFIG_PATH


@dataclass(slots=True)
class Document:
    """The file as text and as a round-trip tree (None when it holds no settings at all)."""

    text: str
    tree: CommentedMap | None


def read_text(path: Path, *, missing_ok: bool = False) -> str:
    try:
        return path.read_text(encoding="utf-8", newline="")
    except FileNotFoundError:
        if missing_ok:
            return ""
        raise ConfigFileMissing(path) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        issue = Issue(None, "", READ_FAILED, {"path": path, "reason": reason})
        raise ConfigError([issue]) from exc


def _syntax_issues(text: str, exc: Exception) -> list[Issue]:
    """What is wrong with a file the parser refused, in plain words, line by line."""
    long_number = syntax.long_number_line(text)
    if isinstance(exc, DuplicateKeyError):
        issues = syntax.duplicate_keys(text)
    elif isinstance(exc, ValueError) and long_number is not None:  # int() refuses 4300+ digits
        return [Issue(None, "", syntax.NUMBER_TOO_LONG, line=long_number)]
    else:
        issues = syntax.line_issues(text)
    if issues:
        return issues
    # Nothing the line checks know: where the parser stopped, without its jargon.
    mark = (exc.problem_mark or exc.context_mark) if isinstance(exc, MarkedYAMLError) else None
    line = mark.line + 1 if mark else _first_unreadable_line(text)
    return [Issue(None, "", syntax.UNREADABLE, line=line)]


def _first_unreadable_line(text: str) -> int | None:
    """The first line the parser cannot read on its own (for failures that carry no line)."""
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            make_yaml().load(line)
        except Exception:  # any failure marks the line
            return number
    return None


def parse_document(text: str, path: Path) -> Document:
    try:
        tree: object = make_yaml().load(text)
    except Exception as exc:
        # The parser has crashed on odd scalars (IndexError on "-_"); whatever it raises, the
        # file is what cannot be read.
        raise ConfigError(_syntax_issues(text, exc), path=path) from exc
    if tree is None:
        return Document(text, None)
    if not isinstance(tree, CommentedMap):
        raise ConfigError([Issue(None, "", NOT_A_MAPPING, {"path": path})])
    return Document(text, tree)


def plain(node: object) -> object:
    """ruamel's round-trip nodes as the plain Python values msgspec expects."""
    if isinstance(node, ScalarBoolean):  # an int subclass, not a bool
        return bool(node)
    for scalar in _SCALARS:
        if isinstance(node, scalar):
            return scalar(node)
    if isinstance(node, Mapping):
        items = typing.cast(Mapping[object, object], node).items()
        return {plain(key): plain(value) for key, value in items}
    if isinstance(node, list):
        return [plain(item) for item in typing.cast(list[object], node)]
    return node


class Source(StrEnum):
    """Where a key's value comes from."""

    FILE = "file"
    ENVIRONMENT = "environment"
    DEFAULT = "default"


def settings_of(document: Document, environ: Mapping[str, str]) -> dict[object, Setting]:
    """Every key in the file with its line, then every ``TGRAPH_<KEY>`` variable on top."""
    settings: dict[object, Setting] = {}
    if document.tree is not None:
        for key, value in document.tree.items():
            line: int = document.tree.lc.key(key)[0] + 1
            settings[plain(key)] = Setting(plain(value), line=line)
    for key, rule in rules().items():
        # Stripped, because "$(cat file)" and secret files bring a trailing newline; empty
        # counts as unset, as a compose file's ${VAR} gives when VAR is unset.
        value = environ.get(rule.env_var, "").strip()
        if value:
            settings[key] = Setting(value, env_var=rule.env_var)
    return settings


@dataclass(frozen=True, slots=True)
class Loaded:
    """A validated configuration and where each of its keys came from."""

    config: Config
    sources: Mapping[str, Source]


def _sources(settings: Mapping[object, Setting]) -> dict[str, Source]:
    def source(key: str) -> Source:
        setting = settings.get(key)
        if setting is None:
            return Source.DEFAULT
        return Source.FILE if setting.env_var is None else Source.ENVIRONMENT

    return {key: source(key) for key in rules()}


def config_from_text(text: str, path: Path, environ: Mapping[str, str]) -> Loaded:
    settings = settings_of(parse_document(text, path), environ)
    return Loaded(build_config(settings, path=path), _sources(settings))


def load(path: Path, *, environ: Mapping[str, str], missing_ok: bool) -> Loaded:
    """The file at ``path`` with the environment laid over it, after removing what a killed
    save left behind."""
    remove_leftovers(path)
    return config_from_text(read_text(path, missing_ok=missing_ok), path, environ)


def load_config(
    path: Path, *, environ: Mapping[str, str] = os.environ, missing_ok: bool = False
) -> Config:
    """The validated configuration in ``path``; a ConfigError lists every problem at once.

    A non-empty ``TGRAPH_<KEY>`` environment variable wins over the file's value for that key.
    With ``missing_ok`` a missing file means the defaults (and the environment's values).
    """
    return load(path, environ=environ, missing_ok=missing_ok).config
