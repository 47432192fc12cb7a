"""Atomic writes that return how to undo them."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from typing import NamedTuple

Undo = Callable[[], None]
TMP_SUFFIX = '.bt-tmp'  # `.NAME.<random>.bt-tmp` beside NAME


def read_bytes(path: str) -> bytes | None:
    try:
        with open(path, 'rb') as f:
            return f.read()
    except (FileNotFoundError, NotADirectoryError):
        return None


def _target(path: str) -> str:
    """A symlinked file is written through: the link stays a link."""
    return os.path.realpath(path) if os.path.islink(path) else path


def write_atomic(
    path: str,
    data: bytes,
    mode: int | None = None,
    durable: bool = True,
) -> None:
    """temp file in the same directory, fsync (when `durable`), then
    `os.replace`. Without fsync the write is still atomic for every
    reader and after kill -9; only a power loss may lose it."""
    path = _target(path)
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
    directory = os.path.dirname(path) or '.'

    def temp() -> tuple[int, str]:
        return tempfile.mkstemp(
            dir=directory,
            prefix=f'.{os.path.basename(path)}.',
            suffix=TMP_SUFFIX,
        )

    try:
        fd, tmp = temp()
    except FileNotFoundError:  # another thread's rollback removed it
        os.makedirs(directory, exist_ok=True)
        fd, tmp = temp()
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise


_UMASK: list[int] = []


def _umask() -> int:
    if not _UMASK:
        current = os.umask(0)
        os.umask(current)
        _UMASK.append(current)
    return _UMASK[0]


class _Before(NamedTuple):
    data: bytes | None
    mode: int | None = None
    times: tuple[int, int] | None = None  # atime, mtime (ns)


def _restore(path: str, before: _Before) -> Undo:
    """Put the file back as it was: bytes, mode and times."""

    def undo() -> None:
        if before.data is None:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
        else:
            write_atomic(path, before.data, before.mode)
            if before.times is not None:
                os.utime(path, ns=before.times)

    return undo


def _before(path: str) -> _Before:
    data = read_bytes(path)
    if data is None:
        return _Before(None)
    st = os.stat(path)
    return _Before(
        data, stat.S_IMODE(st.st_mode), (st.st_atime_ns, st.st_mtime_ns)
    )


def replace_file(path: str, data: bytes, durable: bool = True) -> Undo:
    before = _before(path)
    write_atomic(path, data, before.mode, durable)
    return _restore(path, before)


def remove_file(path: str) -> Undo:
    before = _before(path)
    if before.data is not None:
        os.remove(path)
    return _restore(path, before)


def make_dirs(path: str) -> tuple[list[str], Undo]:
    """Create `path` and missing parents; return the ones created.

    Safe beside other threads doing the same: a folder another one made
    first is not ours, and one another thread's rollback removed under
    us is made again (and is ours then)."""
    created: list[str] = []
    for _ in range(100):
        missing = []
        current = os.path.abspath(path)
        while not os.path.isdir(current):
            missing.append(current)
            current = os.path.dirname(current)
        try:
            for directory in reversed(missing):
                try:
                    os.mkdir(directory)
                except FileExistsError:
                    continue
                created.insert(0, directory)
        except FileNotFoundError:  # a parent vanished: look again
            continue
        break

    def undo() -> None:
        for directory in created:
            with contextlib.suppress(OSError):
                os.rmdir(directory)

    return created, undo


def remove_empty_dir(path: str) -> Undo:
    """Remove `path` if it exists and is empty."""
    try:
        os.rmdir(path)
    except OSError:
        return lambda: None
    return lambda: os.makedirs(path, exist_ok=True)
