"""Finding and reading the YAML file, with secrets from the environment laid over it."""

from __future__ import annotations

import os
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scalarbool import ScalarBoolean

from ._describe import rules
from ._errors import NOT_A_MAPPING, READ_FAILED, YAML_SYNTAX, ConfigError, ConfigFileMissing
from ._errors import ConfigIssue as Issue
from ._schema import Config
from ._validate import Setting, build_config

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


def parse_document(text: str, path: Path) -> Document:
    try:
        tree: object = make_yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        params = {
            "path": path,
            "line": mark.line + 1 if mark else "?",
            "column": mark.column + 1 if mark else "?",
            "problem": exc.problem or exc.context or "",
        }
        raise ConfigError([Issue(None, "", YAML_SYNTAX, params)]) from exc
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


def settings_of(document: Document, environ: Mapping[str, str]) -> dict[object, Setting]:
    """Every key in the file with its line, then the secrets set in the environment on top."""
    settings: dict[object, Setting] = {}
    if document.tree is not None:
        for key, value in document.tree.items():
            line: int = document.tree.lc.key(key)[0] + 1
            settings[plain(key)] = Setting(plain(value), line=line)
    for key, rule in rules().items():
        # Stripped, because "$(cat file)" and secret files bring a trailing newline; empty
        # counts as unset, as a compose file's ${VAR} gives when VAR is unset.
        value = environ.get(rule.env_var, "").strip() if rule.secret else ""
        if value:
            settings[key] = Setting(value, env_var=rule.env_var)
    return settings


def config_from_text(text: str, path: Path, environ: Mapping[str, str]) -> Config:
    return build_config(settings_of(parse_document(text, path), environ), path=path)


def load_config(
    path: Path, *, environ: Mapping[str, str] = os.environ, missing_ok: bool = False
) -> Config:
    """The validated configuration in ``path``; a ConfigError lists every problem at once.

    With ``missing_ok`` a missing file means the defaults (and the environment's secrets).
    """
    return config_from_text(read_text(path, missing_ok=missing_ok), path, environ)
