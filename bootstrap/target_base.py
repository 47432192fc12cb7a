"""What every target is (`ToolInstaller`) and what it produces (`Plan`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from collections.abc import Mapping
from typing import Any
from typing import NamedTuple
from typing import Protocol

from bootstrap.bundle import Bundle


class Context(NamedTuple):
    home: str
    project: str
    scope: str
    kinds: frozenset[str]
    env: Mapping[str, str]
    source: str = ''  # the bundle folder: never written through a link


class FileOut(NamedTuple):
    path: str
    data: bytes
    executable: bool = False


class ConfigFile(NamedTuple):
    """A file other programs own too, where we merge only our keys."""

    path: str
    # 'json' (strict: no comments, no trailing commas), 'jsonc', 'toml'
    format: str = 'json'
    skeleton: tuple[tuple[str, Any], ...] = ()  # top level of a new file


class Entry(NamedTuple):
    """One key (name given) or array item (name None) in a ConfigFile."""

    file: str
    path: tuple[str, ...]
    name: str | None
    value: Any


class Plan(NamedTuple):
    tool: str
    scope: str
    root: str  # the directory we lock
    files: tuple[FileOut, ...]
    configs: tuple[ConfigFile, ...]
    entries: tuple[Entry, ...]
    notes: tuple[str, ...]  # skipped kinds, dropped fields
    counts: tuple[tuple[str, int], ...]  # kind -> items planned
    # shown without -v: what the tool will not fully read (file sizes)
    warnings: tuple[str, ...] = ()


class Limit(NamedTuple):
    """How much of a file of one kind a tool reads; it never sees the
    rest. Targets declare them as data: {(scope, kind): Limit}."""

    size: int
    unit: str  # 'bytes' or 'characters'
    what: str  # the file, in the tool's words
    fix: str  # the remedy

    def measure(self, data: bytes) -> int:
        if self.unit == 'bytes':
            return len(data)
        return len(data.decode('utf-8', 'replace'))


class ToolInstaller(Protocol):
    @property
    def NAME(self) -> str: ...

    @property
    def DISPLAY_NAME(self) -> str: ...

    @property
    def KINDS(self) -> Mapping[str, frozenset[str]]:
        """scope -> the kinds this tool can take there."""

    def directories(self, ctx: Context) -> dict[str, str]:
        """The tool's folders and files for this scope, OS and home."""

    def detect(self, ctx: Context) -> bool:
        """Is the tool used on this machine?"""

    def plan(self, bundle: Bundle, ctx: Context) -> Plan:
        """The exact files and keys the tool should have. No writes."""


def on_path(program: str, env: Mapping[str, str]) -> bool:
    import shutil  # only detection needs it: not a project-scope sync

    return shutil.which(program, path=env.get('PATH', os.defpath)) is not None


def unsupported(
    installer_kinds: Mapping[str, frozenset[str]],
    ctx: Context,
    display: str,
) -> list[str]:
    supported = installer_kinds.get(ctx.scope, frozenset())
    return [
        f'{kind}: skipped -- {display} has no {ctx.scope}-scope {kind} '
        f'that a file can set'
        for kind in sorted(ctx.kinds - supported)
    ]


def user_config(ctx: Context, app: str, which: str = 'config') -> str:
    """The OS's per-user config (or data) folder for `app`, as
    platformdirs has it (~/.config, ~/Library/Application Support,
    %APPDATA%), below ctx.home (a sandbox home moves it too). No doubled
    app folder: platformdirs gets no app name and no author."""
    xdg = ctx.env.get(f'XDG_{which.upper()}_HOME')
    if xdg and sys.platform not in ('darwin', 'win32'):
        return os.path.join(xdg, app)
    import platformdirs

    find = getattr(platformdirs, f'user_{which}_dir')
    base = find(appauthor=False, roaming=True)
    real = os.path.expanduser('~').rstrip(os.sep)
    if base == real or base.startswith(real + os.sep):
        base = ctx.home.rstrip(os.sep) + base[len(real) :]
    return os.path.join(base, app) if app else base


def env_ref(
    style: str, tool: str, server: str, notes: list[str]
) -> Callable[[str, str | None], str]:
    """`${VAR}` in a tool's syntax; `style` holds `NAME` (e.g.
    '${env:NAME}'). A default the tool cannot express is dropped, with a
    note."""

    def ref(name: str, default: str | None) -> str:
        if default is not None:
            notes.append(
                f'mcp {server}: default of ${{{name}}} dropped '
                f'({tool} has no defaults)'
            )
        return style.replace('NAME', name)

    return ref
