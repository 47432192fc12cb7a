"""One lock per target directory, kept in our state directory."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from collections.abc import Generator

from bootstrap import constants as C
from bootstrap import paths
from bootstrap.errors import FatalError


def timeout() -> float:
    return float(os.environ.get(C.ENV_LOCK_TIMEOUT, '60'))


@contextlib.contextmanager
def lock(
    directory: str,
    blocked: Callable[[str], None],
    wait: float | None = None,
) -> Generator[None]:
    import filelock

    path = paths.lock_path(directory)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    file_lock = filelock.FileLock(path)
    try:
        file_lock.acquire(blocking=False)
    except filelock.Timeout:
        wait = timeout() if wait is None else wait
        blocked(f'waiting up to {wait:g}s for the lock on {directory}')
        try:
            file_lock.acquire(timeout=wait)
        except filelock.Timeout:
            raise FatalError(
                f'{directory}: locked by {holder(path)}; gave up after '
                f'{wait:g}s -- wait for it to finish, or set '
                f'{C.ENV_LOCK_TIMEOUT} to wait longer (lock file {path})',
            ) from None
    try:
        with open(path + '.owner', 'w') as f:
            f.write(f'{os.getpid()}\n')
        yield
    finally:
        file_lock.release()


def holder(path: str) -> str:
    """Who holds the lock at `path`, as far as we can tell."""
    try:
        with open(path + '.owner') as f:
            pid = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 'another bootstrap-tools run'
    return f'another bootstrap-tools run (process {pid})'
