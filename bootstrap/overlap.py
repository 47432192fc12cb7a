"""Files and config keys that several tools want (a project AGENTS.md,
~/.agents/skills, a .mcp.json both Claude Code and Copilot read): one
writer each, decided before any thread starts.

Paths are compared by their real path, so a symlink or a home that is
also the project is seen for what it is. The same bytes wanted by two
tools are written once, by the tool that installed them before (or the
first by name); different bytes at one path are a conflict between the
tools, reported before anything is written.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable
from typing import Any
from typing import NamedTuple

from bootstrap.errors import FatalError
from bootstrap.manifest import Manifest
from bootstrap.manifest import value_sha
from bootstrap.target_base import Entry
from bootstrap.target_base import Plan

Key = tuple[str, tuple[str, ...], str]  # real file, path, name or hash


class Claims(NamedTuple):
    """What this run writes, by any tool: nobody prunes it."""

    files: frozenset[str] = frozenset()
    keys: frozenset[Key] = frozenset()


@functools.cache
def _real_dir(directory: str) -> str:
    return os.path.realpath(directory)


@functools.cache
def real(path: str) -> str:
    """The real path (asked of one path many times in a run), each
    folder resolved once: one lstat per file, not one per component."""
    try:
        link = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        link = False
    head, tail = os.path.split(path)
    if link or tail in ('', os.curdir, os.pardir):
        return os.path.realpath(path)
    return os.path.join(_real_dir(head), tail)


def entry_key(e: Entry) -> Key:
    return real(e.file), e.path, e.name or value_sha(e.value)


def _owned(m: Manifest) -> set[str | Key]:
    """Every file (by real path) and config key `m` records."""
    out: set[str | Key] = {real(p) for p in m.files}
    for path, record in m.configs.items():
        file = real(path)
        for keys, name, digest in record.get('entries', []):
            out.add((file, tuple(keys), name or digest))
    return out


def _owner(
    wanted: list[tuple[str, Any]],
    owns: Callable[[str, str | Key], bool],
    key: str | Key,
    what: str,
) -> str:
    tools = sorted({tool for tool, _ in wanted})
    values = {tool: value for tool, value in wanted}
    first = tools[0]
    for tool in tools[1:]:
        if values[tool] != values[first]:
            raise FatalError(
                f'{what}: {first} and {tool} want different contents '
                f'there -- sync them one at a time, or switch that kind '
                f'off for one of them in the config'
            )
    return next((t for t in tools if owns(t, key)), first)


def resolve(
    plans: dict[str, Plan], old: dict[str, Manifest]
) -> tuple[dict[str, Plan], Claims]:
    """Plans where each shared file and key has exactly one writer."""
    files: dict[str, list[tuple[str, Any]]] = {}
    keys: dict[Key, list[tuple[str, Any]]] = {}
    for tool, plan in plans.items():
        for f in plan.files:
            files.setdefault(real(f.path), []).append((tool, f.data))
        for e in plan.entries:
            keys.setdefault(entry_key(e), []).append((tool, e.value))
    owned: dict[str, set[str | Key]] = {}

    def owns(tool: str, key: str | Key) -> bool:
        """Asked only of shared things: each manifest read once, then."""
        if tool not in owned:
            owned[tool] = _owned(old[tool])
        return key in owned[tool]

    file_owner = {
        path: _owner(wanted, owns, path, path)
        for path, wanted in files.items()
        if len(wanted) > 1
    }
    key_owner = {
        key: _owner(wanted, owns, key, f'{key[0]}: {"/".join(key[1])}')
        for key, wanted in keys.items()
        if len(wanted) > 1
    }
    out = {}
    for tool, plan in plans.items():
        kept_files = []
        kept = []
        others = set()  # the tools that write what this one does not
        for f in plan.files:
            owner = file_owner.get(real(f.path), tool)
            if owner == tool:
                kept_files.append(f)
            else:
                others.add(owner)
        for e in plan.entries:
            owner = key_owner.get(entry_key(e), tool)
            if owner == tool:
                kept.append(e)
            else:
                others.add(owner)
        notes = list(plan.notes)
        if others:
            notes.append(
                f'files and keys shared with {", ".join(sorted(others))} '
                f'are written once, by that tool'
            )
        used = {e.file for e in kept}
        out[tool] = plan._replace(
            files=tuple(kept_files),
            entries=tuple(kept),
            configs=tuple(c for c in plan.configs if c.path in used),
            notes=tuple(notes),
        )
    return out, Claims(frozenset(files), frozenset(keys))


NO_CLAIMS = Claims()
