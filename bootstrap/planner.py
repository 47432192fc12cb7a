"""A `Plan` built kind by kind: what every target's `plan()` shares."""

from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any

from bootstrap import mcp
from bootstrap import render
from bootstrap.bundle import Bundle
from bootstrap.bundle import Doc
from bootstrap.bundle import agent_name
from bootstrap.bundle import agent_slug
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Context
from bootstrap.target_base import Entry
from bootstrap.target_base import FileOut
from bootstrap.target_base import Limit
from bootstrap.target_base import Plan
from bootstrap.target_base import unsupported

# Contents rendered so far in this run, each held once: most tools get
# the same skills, agents and rules, and a large bundle would otherwise
# be in memory once per tool. Equal bytes are interchangeable, so this
# is only ever a saving; `forget` empties it once the plans are made.
_HELD: dict[bytes, bytes] = {}


def forget() -> None:
    _HELD.clear()


class Builder:
    def __init__(
        self,
        name: str,
        display: str,
        kinds: Mapping[str, frozenset[str]],
        ctx: Context,
        limits: Mapping[tuple[str, str], Limit] | None = None,
    ) -> None:
        self.name, self.display, self.ctx = name, display, ctx
        self.kinds = ctx.kinds & kinds.get(ctx.scope, frozenset())
        self.limits = {
            kind: limit
            for (scope, kind), limit in (limits or {}).items()
            if scope == ctx.scope
        }
        self.too_big: dict[str, list[tuple[str, int]]] = {}
        self.files: list[FileOut] = []
        self.configs: dict[str, ConfigFile] = {}
        self.entries: list[Entry] = []
        self.notes = unsupported(kinds, ctx, display)
        self.counts: dict[str, int] = {}

    def wants(self, kind: str) -> bool:
        return kind in self.kinds

    def file(
        self,
        path: str,
        data: bytes,
        executable: bool = False,
        kind: str = '',
    ) -> None:
        data = _HELD.setdefault(data, data)
        self.files.append(FileOut(path, data, executable))
        limit = self.limits.get(kind)
        size = limit.measure(data) if limit is not None else 0
        if limit is not None and size > limit.size:
            self.too_big.setdefault(kind, []).append((path, size))

    def count(self, kind: str, n: int) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n

    def entry(
        self,
        cfg: ConfigFile,
        path: tuple[str, ...],
        name: str | None,
        value: Any,
    ) -> None:
        self.configs.setdefault(cfg.path, cfg)
        self.entries.append(Entry(cfg.path, path, name, value))

    def _each(
        self,
        kind: str,
        docs: tuple[Doc, ...],
        render_one: Callable[[Doc], tuple[str, bytes]],
    ) -> None:
        """One file per doc of `kind`, `render_one(doc) -> (path, data)`."""
        if not self.wants(kind):
            return
        for doc in docs:
            path, data = render_one(doc)
            self.file(path, data, kind=kind)
        self.count(kind, len(docs))

    def rules(
        self, bundle: Bundle, render_one: Callable[[Doc], tuple[str, bytes]]
    ) -> None:
        self._each('rules', bundle.rules, render_one)

    def agents(
        self,
        bundle: Bundle,
        render_one: Callable[[Doc, str], tuple[str, bytes]],
    ) -> None:
        """One file per agent, `render_one(doc, slug) -> (path, data)`."""
        self._each(
            'agents',
            bundle.agents,
            lambda doc: render_one(doc, agent_slug(agent_name(doc))),
        )

    def commands(
        self, bundle: Bundle, render_one: Callable[[Doc], tuple[str, bytes]]
    ) -> None:
        self._each('commands', bundle.commands, render_one)

    def mcp_servers(
        self,
        bundle: Bundle,
        cfg: ConfigFile,
        key: tuple[str, ...],
        render_one: Callable[[mcp.Server], dict[str, Any] | None],
    ) -> None:
        """Each server under `key` of `cfg`, in the shape `render_one`
        gives (None: the tool cannot take that one)."""
        for s in self.servers(bundle):
            value = render_one(s)
            if value is not None:
                self.entry(cfg, key, s.name, value)
                self.count('mcp servers', 1)

    def skills(self, bundle: Bundle, dest: str) -> None:
        if not self.wants('skills'):
            return
        for skill in bundle.skills:
            for f in render.skill_files(skill, dest):
                self.file(*f)
        self.count('skills', len(bundle.skills))

    def servers(self, bundle: Bundle) -> Iterator[mcp.Server]:
        """The bundle's servers that are not switched off."""
        if not self.wants('mcp'):
            return
        for s in bundle.servers:
            if dict(s.extras).get('disabled') is True:
                self.notes.append(f'mcp {s.name}: skipped (disabled)')
                continue
            yield s

    def instructions(self, bundle: Bundle, path: str) -> None:
        """Every rule in one Markdown file (AGENTS.md, GEMINI.md, ...)."""
        if self.wants('rules') and bundle.rules:
            self.file(path, render.instructions(bundle.rules), kind='rules')
            self.count('rules', len(bundle.rules))

    def plan(self, root: str) -> Plan:
        return Plan(
            self.name,
            self.ctx.scope,
            root,
            tuple(self.files),
            tuple(self.configs.values()),
            tuple(self.entries),
            tuple(self.notes),
            tuple(self.counts.items()),
            tuple(self._too_big(k, f) for k, f in self.too_big.items()),
        )

    def _too_big(self, kind: str, found: list[tuple[str, int]]) -> str:
        """One warning for the files of `kind` the tool reads only part
        of: each by name when few, the largest when many."""
        from bootstrap.paths import display

        limit = self.limits[kind]
        found = sorted(found, key=lambda f: -f[1])

        def show(path: str, size: int) -> str:
            where = display(path, self.ctx.home, self.ctx.project)
            return f'{where} ({size:,} {limit.unit})'

        head = ', '.join(show(*f) for f in found[:3])
        if len(found) > 3:
            many = f'{len(found)} {kind.removesuffix("s")} files'
            head = f'{many}, the largest {head}'
        return (
            f'{head}: {self.display} reads only the first '
            f'{limit.size:,} {limit.unit} of {limit.what} and ignores the '
            f'rest -- {limit.fix}'
        )


def flat(doc: Doc) -> str:
    """A command's name for tools without folders: 'git/log' -> 'git-log'."""
    return doc.rel.replace('/', '-')


def join(base: str, rel: str, ext: str) -> str:
    return os.path.join(base, *rel.split('/')) + ext
