"""Atomic writes that return how to undo them."""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
from collections.abc import Callable
from typing import NamedTuple

Undo = Callable[[], None]
TMP_SUFFIX = '.bt-tmp'  # `.NAME.<pid>-<n>.bt-tmp` beside NAME


_READ = os.O_RDONLY | getattr(os, 'O_CLOEXEC', 0) | getattr(os, 'O_BINARY', 0)


def read_bytes(path: str) -> bytes | None:
    """The file's bytes, or None if there is none. Plain os calls: a
    file object costs three more system calls, and a run reads many."""
    try:
        fd = os.open(path, _READ)
    except (FileNotFoundError, NotADirectoryError):
        return None
    try:
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b''.join(chunks)


class Listing:
    """The names in the folders a run looks into, each folder listed
    once: one listdir in place of an open or a stat per file, most of
    them for files that do not exist yet. Take a new one to look again.
    """

    def __init__(self) -> None:
        self._dirs: dict[str, frozenset[str] | None] = {}

    def _names(self, directory: str) -> frozenset[str] | None:
        """The names in `directory`; None: not listable, ask the path."""
        try:
            return self._dirs[directory]
        except KeyError:
            pass
        names: frozenset[str] | None
        try:
            names = frozenset(os.listdir(directory or '.'))
        except (FileNotFoundError, NotADirectoryError):
            names = frozenset()
        except OSError:
            names = None
        self._dirs[directory] = names
        return names

    def absent(self, path: str) -> bool:
        """No entry at `path`, not even a dangling link."""
        names = self._names(os.path.dirname(path))
        return names is not None and os.path.basename(path) not in names

    def read(self, path: str) -> bytes | None:
        return None if self.absent(path) else read_bytes(path)


def target(path: str) -> str:
    """A symlinked file is written through: the link stays a link."""
    return os.path.realpath(path) if os.path.islink(path) else path


_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, 'O_NOFOLLOW', 0)
    | getattr(os, 'O_CLOEXEC', 0)
    | getattr(os, 'O_BINARY', 0)
)
_SERIAL = itertools.count()  # next() is atomic: unique across threads


def meant(path: str) -> str:
    """The file that a temp file of `_open_temp` stands in for; any other
    path as it is."""
    directory, name = os.path.split(path)
    if name.startswith('.') and name.endswith(TMP_SUFFIX):
        stem = name[1 : -len(TMP_SUFFIX)].rpartition('.')[0]
        if stem:
            return os.path.join(directory, stem)
    return path


def _open_temp(path: str, mode: int) -> tuple[int, str]:
    """`.NAME.<pid>-<n>.bt-tmp` beside `path`, created with `mode`."""
    directory, name = os.path.split(path)
    while True:
        tmp = os.path.join(
            directory, f'.{name}.{os.getpid()}-{next(_SERIAL)}{TMP_SUFFIX}'
        )
        try:
            return os.open(tmp, _FLAGS, mode), tmp
        except FileExistsError:  # left by a dead process with our pid
            continue


def write_atomic(
    path: str,
    data: bytes,
    mode: int | None = None,
    durable: bool = True,
    new: bool = False,
) -> None:
    """temp file in the same directory, fsync (when `durable`), then
    `os.replace`. Without fsync the write is still atomic for every
    reader and after kill -9; only a power loss may lose it. `new`: the
    caller saw no file (not even a link) at `path`; skip looking again.
    """
    if not new:
        path = target(path)
        if mode is None:
            with contextlib.suppress(FileNotFoundError):
                mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode is None:
        mode = 0o666 & ~UMASK
    try:
        fd, tmp = _open_temp(path, mode)
    except FileNotFoundError:  # another thread's rollback removed it
        os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
        fd, tmp = _open_temp(path, mode)
    try:
        try:
            if mode & UMASK:  # bits the umask took off at creation
                _chmod(fd, tmp, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise


def _chmod(fd: int, path: str, mode: int) -> None:
    if os.chmod in os.supports_fd:
        os.chmod(fd, mode)
    else:  # pragma: no cover (Windows)
        os.chmod(path, mode)


def _read_umask() -> int:
    """Read once, at import, in the main thread: reading means setting
    it, and a thread creating a file meanwhile would get no umask."""
    current = os.umask(0o077)
    os.umask(current)
    return current


UMASK = _read_umask()


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


class Unread:
    """The caller has not read the file: read it here."""


UNREAD = Unread()


def _before(path: str, data: bytes | None | Unread = UNREAD) -> _Before:
    if isinstance(data, Unread):
        data = read_bytes(path)
    if data is None:
        return _Before(None)
    st = os.stat(path)
    return _Before(
        data, stat.S_IMODE(st.st_mode), (st.st_atime_ns, st.st_mtime_ns)
    )


def replace_file(
    path: str,
    data: bytes,
    durable: bool = True,
    *,
    before: bytes | None | Unread = UNREAD,
    new: bool = False,
    executable: bool = False,
) -> Undo:
    """Write `path`; the undo puts back its bytes, mode and times.
    `before`: its bytes as the caller just read them; `new`: the caller
    saw no entry at all at `path` (see write_atomic)."""
    was = _before(path, before)
    mode = was.mode
    if executable:
        mode = (0o666 & ~UMASK if mode is None else mode) | 0o111 & ~UMASK
    write_atomic(path, data, mode, durable, new=new and was.data is None)
    return _restore(path, was)


def remove_file(path: str, before: bytes | None | Unread = UNREAD) -> Undo:
    was = _before(path, before)
    if was.data is not None:
        os.remove(path)
    return _restore(path, was)


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
