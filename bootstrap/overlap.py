"""Files and config keys that several tools want (a project AGENTS.md,
~/.agents/skills, a .mcp.json both Claude Code and Copilot read): one
writer each, decided before any thread starts.

Paths are compared by their real path, so a symlink or a home that is
also the project is seen for what it is. The same bytes wanted by two
tools are written once, by the tool that installed them before (or the
first by name); different bytes at one path are a conflict between the
tools, reported before anything is written.

Every tool that wants a shared file or key records it in its own
manifest, whichever tool writes it: what a manifest holds does not
depend on which tools a run names, so syncing one tool and then both
settles at once. A file or key is removed only when no manifest of
this project still records it, by one of the tools that drop it.
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
from bootstrap.target_base import FileOut
from bootstrap.target_base import Plan

Key = tuple[str, tuple[str, ...], str]  # real file, path, name or hash


class Claims(NamedTuple):
    """What this run writes, by any tool: nobody prunes it. And who
    records what: `records` maps a file (real path) or key to the
    manifests (by path) that record it, with the hash each recorded;
    `running` is the manifests of this run's tools; `originals` the
    hash of what a file held before any of them took it over."""

    files: frozenset[str] = frozenset()
    keys: frozenset[Key] = frozenset()
    records: dict[str | Key, dict[str, str]] = {}
    running: frozenset[str] = frozenset()
    originals: dict[str, str] = {}
    dirs: frozenset[str] = frozenset()  # folders any of them created
    # config file (real path) -> did one of them create it, and the
    # objects they created in it
    made: dict[str, tuple[bool, frozenset[tuple[str, ...]]]] = {}

    def recorded(self, item: str | Key, me: str) -> str | None:
        """The hash another manifest of this project records for
        `item` (the same in each, unless edited by hand since)."""
        others = self.records.get(item, {})
        return next((d for m, d in sorted(others.items()) if m != me), None)

    def held(self, item: str | Key, me: str) -> bool:
        """Must `me`, which no longer wants `item`, leave it in place?
        Yes when a manifest outside this run records it, or when
        another tool of this run drops it too and removes it instead."""
        others = set(self.records.get(item, {})) - {me}
        if others - self.running:
            return True
        return any(m < me for m in others)


def forget() -> None:
    """A new run: folders may have become links since the last one."""
    real.cache_clear()
    _real_dir.cache_clear()


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


def _owned(m: Manifest) -> dict[str | Key, str]:
    """Every file (by real path) and config key `m` records, with the
    hash it records."""
    out: dict[str | Key, str] = {real(p): d for p, d in m.files.items()}
    for path, record in m.configs.items():
        file = real(path)
        for keys, name, digest in record.get('entries', []):
            out[file, tuple(keys), name or digest] = digest
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


class Resolved(NamedTuple):
    plans: dict[str, Plan]  # what each tool writes
    shared: dict[str, Plan]  # what it wants and another tool writes
    claims: Claims


def resolve(
    plans: dict[str, Plan],
    old: dict[str, Manifest],
    others: tuple[Manifest, ...] = (),
) -> Resolved:
    """Plans where each shared file and key has exactly one writer.
    `others`: this project's manifests of tools not in this run."""
    files: dict[str, list[tuple[str, Any]]] = {}
    keys: dict[Key, list[tuple[str, Any]]] = {}
    for tool, plan in plans.items():
        for f in plan.files:
            files.setdefault(real(f.path), []).append((tool, f.data))
        for e in plan.entries:
            keys.setdefault(entry_key(e), []).append((tool, e.value))
    owned = {tool: _owned(m) for tool, m in old.items()}

    def owns(tool: str, key: str | Key) -> bool:
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
    shared = {}
    for tool, plan in plans.items():
        kept_files: list[FileOut] = []
        their_files: list[FileOut] = []
        kept: list[Entry] = []
        theirs: list[Entry] = []
        writers = set()  # the tools that write what this one does not
        for f in plan.files:
            owner = file_owner.get(real(f.path), tool)
            (kept_files if owner == tool else their_files).append(f)
            if owner != tool:
                writers.add(owner)
        for e in plan.entries:
            owner = key_owner.get(entry_key(e), tool)
            (kept if owner == tool else theirs).append(e)
            if owner != tool:
                writers.add(owner)
        notes = list(plan.notes)
        if writers:
            notes.append(
                f'files and keys shared with {", ".join(sorted(writers))} '
                f'are written once, by that tool'
            )

        def only(
            files: list[FileOut], entries: list[Entry], plan: Plan = plan
        ) -> Plan:
            used = {e.file for e in entries}
            return plan._replace(
                files=tuple(files),
                entries=tuple(entries),
                configs=tuple(c for c in plan.configs if c.path in used),
            )

        out[tool] = only(kept_files, kept)._replace(notes=tuple(notes))
        if writers:
            shared[tool] = only(their_files, theirs)
    records: dict[str | Key, dict[str, str]] = {}
    originals: dict[str, str] = {}
    made: dict[str, tuple[bool, frozenset[tuple[str, ...]]]] = {}
    for m in (*old.values(), *others):
        for path, record in m.configs.items():
            created, boxes = made.get(real(path), (False, frozenset()))
            made[real(path)] = (
                created or bool(record.get('created')),
                boxes | {tuple(c) for c in record.get('containers', [])},
            )
        for item, digest in _owned(m).items():
            records.setdefault(item, {})[m.path] = digest
        for path, digest in m.originals.items():
            originals.setdefault(real(path), digest)
    claims = Claims(
        frozenset(files),
        frozenset(keys),
        records,
        frozenset(m.path for m in old.values()),
        originals,
        frozenset(d for m in (*old.values(), *others) for d in m.dirs)
        | _to_make(out),
        made,
    )
    return Resolved(out, shared, claims)


def _to_make(plans: dict[str, Plan]) -> frozenset[str]:
    """Folders the tools of this run need that do not exist yet: one
    of them makes each, and every tool that needs it records it as
    made by this project, whichever ran first (so that running them
    one at a time or together leaves the same manifests)."""
    exists: dict[str, bool] = {}
    out = set()
    for plan in plans.values():
        for path in (
            *(f.path for f in plan.files),
            *(c.path for c in plan.configs),
        ):
            d = os.path.dirname(path)
            while d and d not in exists:
                exists[d] = os.path.isdir(d)
                if exists[d]:
                    break
                out.add(d)
                d = os.path.dirname(d)
    return frozenset(out)


NO_CLAIMS = Claims()
