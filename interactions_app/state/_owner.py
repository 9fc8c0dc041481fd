"""Who holds the post lock: a process on a host, recognisable after the fact.

An owner is ``host:pid:start:nonce``. A lock whose owner ran on this host and whose process is
gone (or whose pid now belongs to a newer process) can be taken over at once instead of
waiting for its lease: a run killed with ``kill -9`` must not block the next timer run, nor
leave its partial set in the channel for ten minutes.
"""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), or "" where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    # The command name (field 2) may hold spaces and parentheses: count from the last ")".
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else ""


def lock_owner() -> str:
    """A new owner name for this process (unique per run)."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_time(pid)}:{uuid.uuid4().hex}"


def owner_is_gone(owner: str) -> bool:
    """True only when ``owner`` surely no longer runs: same host, and its process is gone."""
    parts = owner.rsplit(":", 3)
    if len(parts) != 4 or parts[0] != socket.gethostname() or not parts[1].isdecimal():
        return False
    pid = int(parts[1])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, under another user
    return bool(parts[2]) and _start_time(pid) not in ("", parts[2])
