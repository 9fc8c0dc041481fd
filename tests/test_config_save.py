from __future__ import annotations

import errno
import fcntl
import gettext
import logging
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

import pytest

from interactions_app.config import (
    Config,
    ConfigChange,
    ConfigError,
    ConfigStore,
    ConfigWriteError,
    load_config,
)

SAMPLE = Path(__file__).resolve().parent.parent / "config.sample.yaml"


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    shutil.copyfile(SAMPLE, path)
    return path


def replaced(text: str, old_line: str, new_line: str) -> str:
    assert text.count(f"\n{old_line}\n") == 1
    return text.replace(f"\n{old_line}\n", f"\n{new_line}\n")


def temp_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name != "config.yaml")


# --- a successful change -----------------------------------------------------------------------


def test_change_keeps_every_comment_and_the_key_order(config_path: Path) -> None:
    before = config_path.read_text(encoding="utf-8")
    store = ConfigStore(config_path, environ={})
    change = store.set_value("TV_COLOR", "#000000")
    assert change == ConfigChange("TV_COLOR", "#1f77b4", "#000000")
    assert (change.old_display, change.new_display) == ("#1f77b4", "#000000")
    after = config_path.read_text(encoding="utf-8")
    assert after == replaced(before, 'TV_COLOR: "#1f77b4"', 'TV_COLOR: "#000000"')


def test_current_is_the_new_config_and_the_file_agrees(config_path: Path) -> None:
    store = ConfigStore(config_path, environ={})
    assert store.current == Config()
    store.set_value("UPDATE_DAYS", " 14 ")
    assert store.current.UPDATE_DAYS == 14
    assert load_config(config_path, environ={}) == store.current
    assert store.display_value("UPDATE_DAYS") == "14"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[("true", True), ("YES", True), ("on", True), ("1", True)],
        *[("false", False), ("No", False), ("off", False), ("0", False)],
    ],
)
def test_bool_words_from_discord(config_path: Path, raw: str, expected: bool) -> None:
    store = ConfigStore(config_path, environ={})
    store.set_value("ENABLE_GRAPH_GRID", raw)
    assert store.current.ENABLE_GRAPH_GRID is expected
    line = f"ENABLE_GRAPH_GRID: {'true' if expected else 'false'}"
    assert f"\n{line}\n" in config_path.read_text(encoding="utf-8")


def test_id_lists_take_commas_spaces_and_mentions(config_path: Path) -> None:
    before = config_path.read_text(encoding="utf-8")
    store = ConfigStore(config_path, environ={})
    a, b, c = "1" * 18, "2" * 18, "3" * 19
    change = store.set_value("ADMIN_ROLE_IDS", f"{a}, <@&{b}>  <@!{c}>")
    assert [a, b, c] == store.current.ADMIN_ROLE_IDS
    assert change.new == f"{a}, {b}, {c}"
    expected = replaced(before, "ADMIN_ROLE_IDS: []", f'ADMIN_ROLE_IDS: ["{a}", "{b}", "{c}"]')
    assert config_path.read_text(encoding="utf-8") == expected
    store.set_value("ADMIN_ROLE_IDS", "[]")
    assert config_path.read_text(encoding="utf-8") == before


def test_text_choice_and_empty_values(config_path: Path) -> None:
    store = ConfigStore(config_path, environ={})
    assert store.set_value("y_axis", "Duration").new == "duration"
    assert store.set_value("LANGUAGE", '"da"') == ConfigChange("LANGUAGE", "en", "da")
    store.set_value("TIMEZONE", '"Europe/Copenhagen"')
    store.set_value("FIXED_UPDATE_TIME", "06:30")
    current = store.current
    assert (current.Y_AXIS, current.LANGUAGE) == ("duration", "da")
    assert (current.TIMEZONE, current.FIXED_UPDATE_TIME) == ("Europe/Copenhagen", "06:30")
    assert load_config(config_path, environ={}) == current


def test_quote_style_and_block_lists_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "TIMEZONE: 'UTC'  # for the schedule\nADMIN_USER_IDS:\n  - '111111111111111111'\n"
    )
    store = ConfigStore(path, environ={})
    store.set_value("TIMEZONE", "Europe/Paris")
    store.set_value("ADMIN_USER_IDS", "222222222222222222")
    assert path.read_text() == (
        "TIMEZONE: 'Europe/Paris' # for the schedule\nADMIN_USER_IDS:\n  - \"222222222222222222\"\n"
    )


def test_a_key_missing_from_the_file_is_appended(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    original = "# mine\nUPDATE_DAYS: 3  # short\n\n# the end\n"
    path.write_text(original)
    ConfigStore(path, environ={}).set_value("KEEP_DAYS", "30")
    assert path.read_text() == original + "KEEP_DAYS: 30\n"


def test_a_missing_list_key_is_appended_in_flow_style(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("UPDATE_DAYS: 3\n")
    store = ConfigStore(path, environ={})
    assert store.path == path
    store.set_value("ADMIN_USER_IDS", "111111111111111111,222222222222222222")
    assert path.read_text() == (
        'UPDATE_DAYS: 3\nADMIN_USER_IDS: ["111111111111111111", "222222222222222222"]\n'
    )


def test_store_answers_what_keys_accept(config_path: Path) -> None:
    store = ConfigStore(config_path, environ={})
    assert store.value_choices("Y_AXIS") == ["plays", "duration"]
    assert store.describe_key("KEEP_DAYS", gettext.NullTranslations()) == (
        "A whole number from 1 to 3650."
    )
    assert "TAUTULLI_API_KEY" not in store.editable_keys()


def test_windows_line_endings_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"# mine\r\nUPDATE_DAYS: 3\r\nKEEP_DAYS: 4\r\n")
    ConfigStore(path, environ={}).set_value("UPDATE_DAYS", "5")
    assert path.read_bytes() == b"# mine\r\nUPDATE_DAYS: 5\r\nKEEP_DAYS: 4\r\n"


def test_a_comment_only_file_keeps_its_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("# nothing set yet")
    store = ConfigStore(path, environ={})
    store.set_value("Y_AXIS", "duration")
    assert path.read_text() == '# nothing set yet\nY_AXIS: "duration"\n'
    assert store.current == Config(Y_AXIS="duration")


def test_missing_file_with_missing_ok_is_created_private(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    store = ConfigStore(path, environ={}, missing_ok=True)
    store.set_value("UPDATE_DAYS", "2")
    assert path.read_text() == "UPDATE_DAYS: 2\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_file_mode_is_kept(config_path: Path) -> None:
    config_path.chmod(0o640)
    ConfigStore(config_path, environ={}).set_value("UPDATE_DAYS", "2")
    assert stat.S_IMODE(config_path.stat().st_mode) == 0o640


def test_a_symlinked_config_updates_its_target(tmp_path: Path, config_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(config_path)
    ConfigStore(link, environ={}).set_value("UPDATE_DAYS", "2")
    assert link.is_symlink()
    assert load_config(config_path, environ={}).UPDATE_DAYS == 2


def test_environment_secrets_stay_out_of_the_file(config_path: Path) -> None:
    environ = {"TGRAPH_TAUTULLI_API_KEY": "env-secret"}
    store = ConfigStore(config_path, environ=environ)
    store.set_value("UPDATE_DAYS", "2")
    assert store.current.TAUTULLI_API_KEY == "env-secret"
    assert "env-secret" not in config_path.read_text(encoding="utf-8")
    assert store.display_value("TAUTULLI_API_KEY") == "•••••• (set)"


def test_concurrent_changes_are_all_kept(config_path: Path) -> None:
    store = ConfigStore(config_path, environ={})
    keys = [k for k in store.editable_keys() if k.endswith("_COOLDOWN_MINUTES")]
    barrier = threading.Barrier(len(keys))

    def change(key: str) -> None:
        barrier.wait()
        store.set_value(key, "9")

    threads = [threading.Thread(target=change, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = load_config(config_path, environ={})
    assert [getattr(saved, k) for k in keys] == [9] * len(keys) == [9] * 9
    assert store.current == saved


def test_a_change_applies_only_the_edited_key_and_keeps_hand_edits_in_the_file(
    config_path: Path,
) -> None:
    store = ConfigStore(config_path, environ={})
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(replaced(text, "UPDATE_DAYS: 7", "UPDATE_DAYS: 3"), encoding="utf-8")
    store.set_value("KEEP_DAYS", "9")
    # The hand edit is saved with the change and applies at the next start, not now.
    assert load_config(config_path, environ={}).UPDATE_DAYS == 3
    assert (store.current.KEEP_DAYS, store.current.UPDATE_DAYS) == (9, 7)


@pytest.mark.parametrize(
    ("old_line", "new_line"),
    [
        ('DATA_DIR: "data"', 'DATA_DIR: "elsewhere"'),
        ('TAUTULLI_URL: "http://localhost:8181"', 'TAUTULLI_URL: "http://tautulli:8181"'),
        ("SIGNATURE_MAX_AGE_SECONDS: 300", "SIGNATURE_MAX_AGE_SECONDS: 0"),
        ('TAUTULLI_API_KEY: ""', 'TAUTULLI_API_KEY: "a-new-key"'),
        ("TAUTULLI_MAX_CONCURRENT_REQUESTS: 4", "TAUTULLI_MAX_CONCURRENT_REQUESTS: 2"),
    ],
)
def test_a_change_is_refused_while_a_key_read_at_start_was_changed_in_the_file(
    config_path: Path, old_line: str, new_line: str
) -> None:
    store = ConfigStore(config_path, environ={})
    text = replaced(config_path.read_text(encoding="utf-8"), old_line, new_line)
    config_path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        store.set_value("UPDATE_DAYS", "3")
    key = old_line.partition(":")[0]
    assert str(caught.value) == (
        f"{key} was changed in the config file, and the bot reads it only when it starts: "
        "restart the bot to apply it, then edit again. Nothing was saved."
    )
    assert "a-new-key" not in str(caught.value)
    assert config_path.read_text(encoding="utf-8") == text
    assert store.current == Config()


def test_every_key_read_at_start_that_changed_is_named(config_path: Path) -> None:
    store = ConfigStore(config_path, environ={})
    text = config_path.read_text(encoding="utf-8")
    text = replaced(text, 'DATA_DIR: "data"', 'DATA_DIR: "elsewhere"')
    text = replaced(text, "SIGNATURE_MAX_AGE_SECONDS: 300", "SIGNATURE_MAX_AGE_SECONDS: 60")
    config_path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        store.set_value("UPDATE_DAYS", "3")
    assert [issue.key for issue in caught.value.issues] == ["SIGNATURE_MAX_AGE_SECONDS", "DATA_DIR"]


# --- refused changes leave everything as it was ------------------------------------------------


@pytest.mark.parametrize(
    ("key", "raw", "words"),
    [
        ("TAUTULLI_API_KEY", "abc", "is a secret and cannot be changed from Discord"),
        ("DISCORD_WEBHOOK_URL", "", "or set the environment variable TGRAPH_DISCORD_WEBHOOK_URL"),
        ("TV_COLOUR", "#000000", "TV_COLOUR is not a setting; did you mean TV_COLOR?"),
        ("TV_COLOR", "blue", "TV_COLOR: 'blue' is not a colour; use #RRGGBB like #1f77b4."),
        ("UPDATE_DAYS", "0", "UPDATE_DAYS: 0 is out of range; use a number from 1 to 365."),
        ("UPDATE_DAYS", "a week", "UPDATE_DAYS: 'a week' is not a whole number"),
        ("ENABLE_GRAPH_GRID", "maybe", "'maybe' is not true or false"),
        ("Y_AXIS", "hours", "use one of: plays, duration"),
        ("ADMIN_ROLE_IDS", "123, 456", "ADMIN_ROLE_IDS: '123' is not a Discord ID"),
        ("TIMEZONE", "Europe/Atlantis", "is not a known time zone"),
        ("TAUTULLI_URL", "http://elsewhere.example", "can only be changed in the config file"),
        ("DISCORD_API_BASE", "http://elsewhere.example", "can only be changed in the config"),
        ("DATA_DIR", "/tmp", "DATA_DIR can only be changed in the config file"),
        ("SIGNATURE_MAX_AGE_SECONDS", "0", "can only be changed in the config file"),
        (
            "TAUTULLI_MAX_CONCURRENT_REQUESTS",
            "2",
            "TAUTULLI_MAX_CONCURRENT_REQUESTS is read only when the bot starts: change it in the "
            "config file on the server, then restart the bot.",
        ),
        ("LANGUAGE", "elvish", "is not a known language code"),
        ("FIXED_UPDATE_TIME", "6pm", "is not a time of day"),
    ],
)
def test_refused_changes_leave_file_and_current_unchanged(
    config_path: Path, key: str, raw: str, words: str
) -> None:
    before = config_path.read_bytes()
    store = ConfigStore(config_path, environ={})
    with pytest.raises(ConfigError) as caught:
        store.set_value(key, raw)
    assert words in str(caught.value)
    assert config_path.read_bytes() == before
    assert store.current == Config()
    assert temp_files(config_path.parent) == []


def test_change_is_refused_when_another_key_in_the_file_is_now_invalid(config_path: Path) -> None:
    store = ConfigStore(config_path, environ={})
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(replaced(text, "KEEP_DAYS: 7", "KEEP_DAYS: 0"), encoding="utf-8")
    before = config_path.read_bytes()
    with pytest.raises(ConfigError) as caught:
        store.set_value("UPDATE_DAYS", "3")
    [issue] = caught.value.issues
    assert (issue.key, issue.value) == ("KEEP_DAYS", "0")
    assert config_path.read_bytes() == before
    assert store.current == Config()


class FullDisk:
    """A file that takes half of what is written and then reports the disk full."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        os.close(self.fd)

    def fileno(self) -> int:
        return self.fd

    def write(self, data: bytes) -> int:
        os.write(self.fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")


def _fail_write(monkeypatch: pytest.MonkeyPatch) -> None:
    def fdopen(fd: int, mode: str) -> FullDisk:
        return FullDisk(fd)

    monkeypatch.setattr(os, "fdopen", fdopen)


def _fail_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fsync)


def _fail_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def replace(self: Path, target: Path) -> Path:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(Path, "replace", replace)


def _fail_chmod(monkeypatch: pytest.MonkeyPatch) -> None:
    def fchmod(fd: int, mode: int) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchmod", fchmod)


@pytest.mark.parametrize(
    ("inject", "reason"),
    [
        (_fail_write, "No space left on device"),
        (_fail_fsync, "Input/output error"),
        (_fail_replace, "Invalid cross-device link"),
        (_fail_chmod, "Operation not permitted"),
    ],
)
def test_a_failed_save_leaves_the_file_byte_identical(
    config_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    inject: Callable[[pytest.MonkeyPatch], None],
    reason: str,
) -> None:
    config_path.chmod(0o640)
    before = config_path.read_bytes()
    store = ConfigStore(config_path, environ={})
    inject(monkeypatch)
    with pytest.raises(ConfigWriteError) as caught:
        store.set_value("UPDATE_DAYS", "3")
    monkeypatch.undo()
    assert str(caught.value) == f"Could not save {config_path}: {reason}. The file was not changed."
    assert config_path.read_bytes() == before
    assert stat.S_IMODE(config_path.stat().st_mode) == 0o640
    assert temp_files(config_path.parent) == []
    assert store.current == Config()
    # The store is not wedged: the same change works once the disk behaves.
    assert store.set_value("UPDATE_DAYS", "3").new == "3"


def test_a_directory_that_cannot_be_synced_still_saves(
    config_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    store = ConfigStore(config_path, environ={})
    with caplog.at_level(logging.WARNING):
        store.set_value("UPDATE_DAYS", "3")
    assert load_config(config_path, environ={}).UPDATE_DAYS == store.current.UPDATE_DAYS == 3
    assert "syncing directory" in caplog.text


# --- temporary files left by a killed save ------------------------------------------------------

_KILLED_SAVE = """
import os, signal, sys
from pathlib import Path
from interactions_app.config import ConfigStore

def die(self, target):  # the moment between writing the copy and renaming it
    os.kill(os.getpid(), signal.SIGKILL)

store = ConfigStore(Path(sys.argv[1]), environ={})
Path.replace = die
store.set_value("UPDATE_DAYS", "3")
"""


def _killed_save(config_path: Path) -> list[str]:
    secret = "hunter2-api-key"
    text = config_path.read_text(encoding="utf-8").replace(
        'TAUTULLI_API_KEY: ""', f'TAUTULLI_API_KEY: "{secret}"'
    )
    config_path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_SAVE, str(config_path)], check=False, timeout=120
    )
    assert done.returncode == -signal.SIGKILL
    left = temp_files(config_path.parent)
    assert len(left) == 1
    assert secret in (config_path.parent / left[0]).read_text(encoding="utf-8")
    return left


def test_a_killed_save_leaves_no_copy_after_the_next_start(config_path: Path) -> None:
    _killed_save(config_path)
    store = ConfigStore(config_path, environ={})
    assert temp_files(config_path.parent) == []
    assert store.current.UPDATE_DAYS == 7


def test_a_killed_save_leaves_no_copy_after_the_next_save(config_path: Path) -> None:
    text = config_path.read_text(encoding="utf-8")
    # The key the killed save writes, already there when the bot started (it is read at start).
    config_path.write_text(
        replaced(text, 'TAUTULLI_API_KEY: ""', 'TAUTULLI_API_KEY: "hunter2-api-key"'),
        encoding="utf-8",
    )
    store = ConfigStore(config_path, environ={})
    _killed_save(config_path)
    store.set_value("UPDATE_DAYS", "4")
    assert temp_files(config_path.parent) == []
    assert load_config(config_path, environ={}).UPDATE_DAYS == 4


def test_a_save_in_progress_and_other_files_are_left_alone(config_path: Path) -> None:
    directory = config_path.parent
    others = [".config.yaml.bak", ".other.yaml.abcd1234.tmp", "config.yaml.x1y2z3w4.tmp"]
    for name in others:
        (directory / name).write_text("keep", encoding="utf-8")
    (directory / ".config.yaml.abcd1234.tmp").mkdir()
    in_progress = directory / ".config.yaml.k3y_s4v3.tmp"
    in_progress.write_text("being written", encoding="utf-8")
    with in_progress.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as a save in another process holds it
        load_config(config_path, environ={})
        assert in_progress.exists()
    load_config(config_path, environ={})
    assert not in_progress.exists()
    assert temp_files(directory) == sorted([*others, ".config.yaml.abcd1234.tmp"])


def test_each_save_syncs_a_uniquely_named_copy_before_renaming_it(
    config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: set[int] = set()
    renamed: list[str] = []
    real_fsync, real_replace = os.fsync, Path.replace

    def fsync(fd: int) -> None:
        synced.add(os.fstat(fd).st_ino)
        real_fsync(fd)

    def replace(self: Path, target: Path) -> Path:
        assert self.stat().st_ino in synced
        renamed.append(self.name)
        return real_replace(self, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(Path, "replace", replace)
    store = ConfigStore(config_path, environ={})
    store.set_value("UPDATE_DAYS", "3")
    store.set_value("UPDATE_DAYS", "4")
    assert len(set(renamed)) == 2
    assert all(re.fullmatch(r"\.config\.yaml\.[a-z0-9_]{8}\.tmp", name) for name in renamed)
