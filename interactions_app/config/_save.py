"""Writing one changed value back: comments and key order kept, the file replaced atomically."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import io
import os
import stat
import tempfile
import typing
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from interactions_app.atomic_file import fsync_directory

from ._leftovers import TEMP_SUFFIX, remove_leftovers, temp_prefix
from ._load import Document, make_yaml


def _node(old: object, value: object) -> object:
    """``value`` as a YAML node styled like the one it replaces."""
    match value:
        case str():
            # Quoted keeps "#1f77b4", "06:30" and "123" strings whatever they look like.
            style = type(old) if isinstance(old, ScalarString) else DoubleQuotedScalarString
            return style(value)
        case list():
            items = [DoubleQuotedScalarString(str(v)) for v in typing.cast(list[object], value)]
            if isinstance(old, CommentedSeq):
                seq = old
                block = seq.fa.flow_style() is False
                seq.clear()
                seq.extend(items)
            else:
                seq, block = CommentedSeq(items), False
            if not block:
                seq.fa.set_flow_style()
            return seq
        case _:
            return value


def render_change(document: Document, key: str, value: object) -> str:
    """The file's text with ``key`` set to ``value``; a key not in the file is appended."""
    yaml = make_yaml()
    out = io.StringIO()
    if document.tree is None:
        # A file of comments only: keep it as written and add the key after it.
        yaml.dump(CommentedMap([(key, _node(None, value))]), out)
        head = document.text
        text = head + ("\n" if head and not head.endswith("\n") else "") + out.getvalue()
    else:
        document.tree[key] = _node(document.tree.get(key), value)
        yaml.dump(document.tree, out)
        text = out.getvalue()
    # ruamel writes "\n"; a file edited on Windows keeps its line endings.
    if "\r\n" in document.text:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text


def _locked_temp_file(target: Path) -> tuple[int, Path]:
    """A new, uniquely named temporary file beside ``target``, locked against the leftover
    cleaner (see _leftovers) for as long as the descriptor stays open."""
    for _ in range(3):
        prefix = temp_prefix(target)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=TEMP_SUFFIX)
        fcntl.flock(fd, fcntl.LOCK_EX)
        if os.fstat(fd).st_nlink:
            return fd, Path(name)
        # Another process's cleaner removed it between creation and locking; take a new one.
        os.close(fd)
    raise OSError(errno.EAGAIN, "temporary files keep disappearing")


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader sees the old or the new file, never a mix.

    The data is synced to disk before the rename, and the directory after it. On any failure
    before the rename the old file is untouched and no temporary file remains; a temporary
    file left by a killed process is removed by the next load or save. The file's permission
    bits are kept (a new file gets 0600: it may hold secrets).
    """
    target = path.resolve()
    remove_leftovers(target)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o600
    fd, tmp = _locked_temp_file(target)
    try:
        # The descriptor, and so the lock, stays open until the file has its final name.
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            tmp.replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_directory(target.parent)
