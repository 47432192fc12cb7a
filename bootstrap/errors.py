from __future__ import annotations


class FatalError(RuntimeError):
    """An error the user can fix: printed without a traceback."""

    exit_code = 1


class UsageError(FatalError):
    """Bad configuration or bad command line: exit code 2."""

    exit_code = 2


class Cancelled(Exception):
    """Raised inside a pipeline when another tool failed first."""
