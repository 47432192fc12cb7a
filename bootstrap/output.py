"""Where output goes and how it looks: the one module that writes.

Plain text unless colour is wanted; colour is a few SGR codes, so the
plain and the coloured paths never import rich (only the live display
does, see live.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

from bootstrap import constants as C

COLORS = ('auto', 'always', 'never')
STYLES = {
    'bold': '1',
    'dim': '2',
    'red': '31',
    'green': '32',
    'yellow': '33',
}
STATUS_STYLE = {
    'changed': 'green',
    'would change': 'yellow',
    'out of date': 'yellow',
    'failed': 'red',
    'cancelled': 'yellow',
    'unchanged': 'dim',
    'up to date': 'dim',
    'skipped': 'dim',
}


def color_arg(s: str) -> str:
    """argparse `type=` for `--color`."""
    if s not in COLORS:
        import argparse

        raise argparse.ArgumentTypeError(
            f'{s!r}: not one of {", ".join(COLORS)}',
        )
    return s


def default_color(env: Mapping[str, str]) -> str:
    value = env.get(C.ENV_COLOR, 'auto')
    return value if value in COLORS else 'auto'


def _terminal(stream: TextIO, env: Mapping[str, str]) -> bool:
    try:
        tty = stream.isatty()
    except ValueError:  # closed
        return False
    return tty and env.get('TERM') != 'dumb'


def use_color(setting: str, stream: TextIO, env: Mapping[str, str]) -> bool:
    """`always` wins; `auto` means a terminal, not under pre-commit (its
    hooks may run on a pty) and no `NO_COLOR`."""
    if setting == 'always':
        return True
    if setting == 'never' or env.get('NO_COLOR') or env.get('PRE_COMMIT'):
        return False
    return _terminal(stream, env)


def use_live(setting: str, stream: TextIO, env: Mapping[str, str]) -> bool:
    """A live display needs a real terminal, and is never shown under
    pre-commit, in CI or with `--color never` (it moves the cursor)."""
    if setting == 'never' or env.get('PRE_COMMIT') or env.get('CI'):
        return False
    return _terminal(stream, env)


def paint(text: str, style: str | None, color: bool) -> str:
    if not color or not style:
        return text
    return f'\033[{STYLES[style]}m{text}\033[m'


def write_line(line: str = '', stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    try:
        stream.write(line + '\n')
        stream.flush()
    except BrokenPipeError:
        # the reader went away (`| head -1`): the run itself goes on to
        # the end, its files whole; what it had to say goes nowhere
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


def count(n: int, noun: str) -> str:
    """`1 tool`, `2 tools`."""
    return f'{n} {noun}' if n == 1 else f'{n} {noun}s'
