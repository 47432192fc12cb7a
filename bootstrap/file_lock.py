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
                f'{directory}: locked by another bootstrap-tools run '
                f'(lock file {path}); gave up after {wait:g}s -- '
                f'wait for it to finish, or set '
                f'{C.ENV_LOCK_TIMEOUT} to wait longer',
            ) from None
    try:
        yield
    finally:
        file_lock.release()
