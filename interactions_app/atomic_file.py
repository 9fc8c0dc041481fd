"""Replacing a file so that a reader (a browser, the next run, a crash) sees the old or the new
file, never half of one. ``config`` has its own variant that also locks out its leftover cleaner."""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a uniquely named temporary file beside ``path``, sync it, rename it over
    ``path`` and sync the directory. An existing file's permission bits are kept (a new file
    gets 0600). On failure the old file is untouched and the temporary file is removed."""
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as file:
            if mode is not None:
                os.fchmod(file.fileno(), mode)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    # The rename is only durable once the directory entry is on disk; some filesystems refuse
    # to fsync a directory, and by then the new file is in place either way.
    try:
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        log.warning("file replaced, but syncing directory %s failed: %s", directory, exc)
