"""Files the bot replaces (graph archive, command record) are whole or old, never half."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interactions_app.atomic_file import write_atomically


def test_a_new_file_is_written_privately_and_no_temporary_file_remains(tmp_path: Path) -> None:
    target = tmp_path / "commands.json"
    write_atomically(target, b"[]")
    assert target.read_bytes() == b"[]"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["commands.json"]


def test_replacing_keeps_the_permission_bits(tmp_path: Path) -> None:
    target = tmp_path / "index.html"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_atomically(target, b"new")
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"new", 0o644)


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.png"
    target.write_bytes(b"old")

    def fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError, match="Input/output error"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.png"]


def test_a_directory_that_cannot_be_synced_is_logged_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    target = tmp_path / "graph.json"
    real_fsync = os.fsync
    synced: list[int] = []

    def fsync(fd: int) -> None:
        if synced:  # the second fsync is the directory's
            raise OSError(22, "Invalid argument")
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_atomically(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert "syncing directory" in caplog.text
