"""What every target is (`ToolInstaller`) and what it produces (`Plan`)."""

from __future__ import annotations

import os
import shutil
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


class FileOut(NamedTuple):
    path: str
    data: bytes
    executable: bool = False


class ConfigFile(NamedTuple):
    """A file other programs own too, where we merge only our keys."""

    path: str
    strict: bool = True  # strict JSON: no comments, no trailing commas
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
