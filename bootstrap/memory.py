"""Hand memory the run no longer needs back to the operating system."""

from __future__ import annotations

import sys

LARGE = 16 * 2**20  # below this, not worth the ctypes import


def give_back(freed: int) -> bool:
    """Return the pages of `freed` bytes just let go (a large bundle,
    once planned) to the system; True if asked. glibc keeps freed pages
    in the main thread's arena, while the worker threads allocate in
    arenas of their own: without this, the bundle's memory stays part
    of the process for the whole run. Linux (glibc) only."""
    if freed < LARGE or not sys.platform.startswith('linux'):
        return False
    try:
        import ctypes

        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # pragma: no cover (musl)
        return False
    trim(0)
    return True
