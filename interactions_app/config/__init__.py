"""The configuration: a YAML file the admin owns, validated into one typed ``Config``.

Load with ``load_config`` (every problem reported at once); run the app on a ``ConfigStore``,
whose ``current`` is what each request reads and whose ``set_value`` is how /config edits.
Every key can also come from a ``TGRAPH_<KEY>`` environment variable, which wins over the file.
"""

from __future__ import annotations

from ._describe import (
    ENV_PREFIX,
    config_keys,
    describe_key,
    display_value,
    editable_keys,
    plain_value,
    value_choices,
)
from ._errors import ConfigError, ConfigFileMissing, ConfigIssue, ConfigWriteError
from ._load import CONFIG_PATH_ENV, DEFAULT_CONFIG_PATH, Source, load_config, resolve_config_path
from ._schema import FILE_ONLY_KEYS, RESTART_KEYS, SECRET_KEYS, Config
from ._store import ConfigChange, ConfigStore

__all__ = [
    "CONFIG_PATH_ENV",
    "DEFAULT_CONFIG_PATH",
    "ENV_PREFIX",
    "FILE_ONLY_KEYS",
    "RESTART_KEYS",
    "SECRET_KEYS",
    "Config",
    "ConfigChange",
    "ConfigError",
    "ConfigFileMissing",
    "ConfigIssue",
    "ConfigStore",
    "ConfigWriteError",
    "Source",
    "config_keys",
    "describe_key",
    "display_value",
    "editable_keys",
    "load_config",
    "plain_value",
    "resolve_config_path",
    "value_choices",
]
