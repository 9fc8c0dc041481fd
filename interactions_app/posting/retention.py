"""Where each posted set is kept on disk, and how long.

Sets live in ``DATA_DIR/graphs/YYYY-MM-DD/`` (the local date of the post). A dated directory is
removed when its date is more than ``keep_days`` days before today's local date; anything else
under ``graphs/`` (a stray file, a directory someone renamed) when its modification time is more
than ``keep_days`` days old. Nothing outside ``graphs/`` is ever touched.
"""

from __future__ import annotations

import logging
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

logger = logging.getLogger(__name__)

GRAPHS_DIR = "graphs"


def graphs_root(data_dir: Path) -> Path:
    return data_dir / GRAPHS_DIR


def set_directory(data_dir: Path, local_day: date) -> Path:
    """The directory for a set posted on ``local_day``."""
    return graphs_root(data_dir) / local_day.isoformat()


def remove_old_graphs(data_dir: Path, *, keep_days: int, now: datetime, today: date) -> list[Path]:
    """Remove what ``keep_days`` no longer covers; returns what was removed.

    ``now`` (aware) is compared with modification times, ``today`` (the local date in the
    configured time zone) with directory names. Several processes may sweep at once: whatever
    another one removed first is skipped.
    """
    root = graphs_root(data_dir)
    if not root.is_dir():
        return []
    oldest_day = today - timedelta(days=keep_days)
    oldest_mtime = (now - timedelta(days=keep_days)).timestamp()
    removed: list[Path] = []
    for entry in sorted(root.iterdir()):
        try:
            day = _dated(entry)
            expired = day < oldest_day if day is not None else entry.stat().st_mtime < oldest_mtime
            if not expired:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            logger.warning("Could not remove old graphs at %s: %s", entry, error)
            continue
        removed.append(entry)
    return removed


def _dated(entry: Path) -> date | None:
    if not entry.is_dir():
        return None
    try:
        day = date.fromisoformat(entry.name)
    except ValueError:
        return None
    # fromisoformat also reads "20261123"; only names this module writes count as dated.
    return day if day.isoformat() == entry.name else None
