"""One lock per target directory, kept in our state directory."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from collections.abc import Generator

from bootstrap import constants as C
from bootstrap import paths
from bootstrap.errors import FatalError


def timeout() -> float:
    return float(os.environ.get(C.ENV_LOCK_TIMEOUT, '60'))


POLL = 0.05  # seconds between tries while blocked


def _try(fd: int) -> bool:
    """Take the lock on `fd` without waiting; False: someone has it."""
    try:
        if sys.platform == 'win32':  # pragma: win32 cover
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:  # pragma: win32 no cover
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def lock(
    directory: str,
    blocked: Callable[[str], None],
    wait: float | None = None,
) -> Generator[None]:
    """An exclusive lock on `directory`, between processes and threads
    alike (each call opens its own descriptor: flock / LockFileEx locks
    belong to the open file, not to the process). Plain OS locks: the
    `filelock` package cost more to import than a full sync's writes."""
    path = paths.lock_path(directory)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    held = False
    try:
        held = _try(fd)
        if not held:
            wait = timeout() if wait is None else wait
            blocked(f'waiting up to {wait:g}s for the lock on {directory}')
            deadline = time.monotonic() + wait
            while not _try(fd):
                if time.monotonic() >= deadline:
                    raise FatalError(
                        f'{directory}: locked by {holder(path)}; gave up '
                        f'after {wait:g}s -- wait for it to finish, or set '
                        f'{C.ENV_LOCK_TIMEOUT} to wait longer (lock file '
                        f'{path})',
                    )
                time.sleep(POLL)
            held = True
        with open(path + '.owner', 'w') as f:
            f.write(f'{os.getpid()}\n')
        yield
    finally:
        if held and sys.platform == 'win32':  # pragma: win32 cover
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)  # on POSIX, closing releases the lock


def holder(path: str) -> str:
    """Who holds the lock at `path`, as far as we can tell."""
    try:
        with open(path + '.owner') as f:
            pid = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 'another bootstrap-tools run'
    return f'another bootstrap-tools run (process {pid})'
