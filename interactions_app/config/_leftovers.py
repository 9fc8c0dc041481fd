"""Temporary copies of the config file that a killed save left behind (they may hold secrets).

A save writes ``.<name>.<random>.tmp`` beside the file and holds an exclusive ``flock`` on it
until the rename. The kernel drops the lock when the process dies, so a temporary file that can
be locked belongs to no save in progress, in this process or another, and is removed.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import stat
from pathlib import Path

log = logging.getLogger(__name__)

TEMP_SUFFIX = ".tmp"


def temp_prefix(target: Path) -> str:
    return f".{target.name}."


def _is_ours(name: str, target: Path) -> bool:
    # tempfile.mkstemp's names: the prefix, 8 characters of [a-z0-9_], the suffix.
    pattern = re.escape(temp_prefix(target)) + r"[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX)
    return re.fullmatch(pattern, name, re.ASCII) is not None


def _abandoned(candidate: Path, fd: int) -> bool:
    """Whether ``fd`` (open on ``candidate``) is a regular file that no save holds locked;
    the lock taken here stays until ``fd`` is closed."""
    opened = os.fstat(fd)
    if not stat.S_ISREG(opened.st_mode):
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # a save is writing it right now
    # The save that held it may have renamed it into place since it was opened.
    return candidate.lstat().st_ino == opened.st_ino


def _remove_if_abandoned(candidate: Path) -> bool:
    try:
        fd = os.open(candidate, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    removed = False
    try:
        if _abandoned(candidate, fd):
            candidate.unlink()
            removed = True
    except FileNotFoundError:
        pass  # renamed into place by the save that held it
    except OSError as exc:
        log.warning("config: could not remove the leftover temporary file %s: %s", candidate, exc)
    finally:
        os.close(fd)
    return removed


def remove_leftovers(path: Path) -> None:
    """Remove the temporary copies of ``path`` (or of its symlink's target) no save is using."""
    try:
        target = path.resolve()
        candidates = [p for p in target.parent.iterdir() if _is_ours(p.name, target)]
    except OSError:
        return  # nothing to clean where nothing can be listed; reading the file will say why
    for candidate in candidates:
        if _remove_if_abandoned(candidate):
            log.info("config: removed %s, left over from an interrupted save", candidate)
