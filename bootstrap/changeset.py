"""Plan + manifest + disk -> the exact changes to make. Pure: no writes.

Ownership decides everything: we update or remove only what the manifest
says we wrote and what still has the bytes we wrote. Anything else in
our way is a conflict, reported and left alone (unless --force).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from typing import Any
from typing import NamedTuple

from bootstrap import fs
from bootstrap import jsonc
from bootstrap import tomledit
from bootstrap.errors import FatalError
from bootstrap.jsonedit import Document
from bootstrap.jsonedit import EditError
from bootstrap.manifest import Manifest
from bootstrap.manifest import original
from bootstrap.manifest import original_path
from bootstrap.manifest import sha
from bootstrap.manifest import value_sha
from bootstrap.overlap import NO_CLAIMS
from bootstrap.overlap import Claims
from bootstrap.overlap import real
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Entry
from bootstrap.target_base import Plan

BOM = b'\xef\xbb\xbf'


class FileChange(NamedTuple):
    path: str
    before: bytes | None
    after: bytes | None  # None: remove the file
    kind: str  # 'file', 'config' or 'prune'
    executable: bool = False
    ops: tuple[str, ...] = ()  # config: 'add mcpServers/x', ...
    absent: bool = False  # no entry at all at `path`, not even a link


class Changes(NamedTuple):
    plan: Plan
    changes: tuple[FileChange, ...]
    mkdirs: tuple[str, ...]
    rmdirs: tuple[str, ...]
    conflicts: tuple[str, ...]
    manifest: Manifest
    old: Manifest
    keep: tuple[bytes, ...] = ()  # someone else's bytes: keep_original
    # the manifest as saved, when `old` holds more (see committed)
    stored: Manifest | None = None

    @property
    def touched(self) -> bool:
        """Does a file or folder change (our record aside)?"""
        return bool(self.changes or self.rmdirs)

    @property
    def nothing(self) -> bool:
        return not self.touched and not self.recorded

    @property
    def recorded(self) -> bool:
        """Does the manifest change (with or without any file)?"""
        was = self.old if self.stored is None else self.stored
        return _canonical(self.manifest) != _canonical(was)


def _canonical(m: Manifest) -> tuple[Any, ...]:
    """A manifest's content, whatever the order of its lists."""
    configs = {
        path: {
            k: sorted(v, key=json.dumps) if k == 'entries' else v
            for k, v in record.items()
        }
        for path, record in m.configs.items()
    }
    return m.files, sorted(m.dirs), configs, m.originals


def same_text(disk: bytes, data: bytes) -> bool:
    """Are `disk` and what we render the same, at most with CRLF line
    ends where we write LF (git's core.autocrlf checks files out so)?"""
    return disk == data or (
        len(disk) > len(data)
        and b'\r' not in data
        and b'\0' not in data  # text, not an image of a skill
        and disk.replace(b'\r\n', b'\n') == data
    )


class Taken(NamedTuple):
    """Files of someone else's this run takes over: path -> hash, and
    the bytes to keep before anything is written."""

    originals: dict[str, str]
    keep: list[bytes]


def _files(
    plan: Plan,
    old: Manifest,
    force: bool,
    conflicts: list[str],
    taken: Taken,
    claims: Claims = NO_CLAIMS,
) -> tuple[list[FileChange], dict[str, str]]:
    changes: list[FileChange] = []
    owned: dict[str, str] = {}
    planned = {f.path: f for f in plan.files}
    listing = fs.Listing()

    def take(path: str, disk: bytes) -> None:
        taken.originals[path] = sha(disk)
        taken.keep.append(disk)

    for f in planned.values():
        disk = listing.read(f.path)
        # ours, or another tool's of this project (a shared file)
        recorded = old.files.get(f.path) or claims.recorded(
            real(f.path), old.path
        )
        was = old.originals.get(f.path) or claims.originals.get(real(f.path))
        if disk is not None and was is not None:
            taken.originals[f.path] = was
        # ours, written without fsync, emptied by a power loss
        lost = disk == b'' and recorded is not None
        if disk is not None and same_text(disk, f.data):
            owned[f.path] = sha(disk)
            if recorded is None:  # theirs already, byte for byte
                take(f.path, disk)
        elif disk is None or recorded == sha(disk) or force or lost:
            changes.append(
                FileChange(
                    f.path,
                    disk,
                    f.data,
                    'file',
                    f.executable,
                    absent=listing.absent(f.path),
                )
            )
            owned[f.path] = sha(f.data)
            if disk is not None and recorded is None:
                take(f.path, disk)
        elif recorded:
            owned[f.path] = recorded
            conflicts.append(
                f'{f.path}: edited by hand since it was '
                f'installed; kept -- --force overwrites it'
            )
        else:
            conflicts.append(
                f'{f.path}: exists and is not ours; skipped '
                f'-- --force overwrites it (after a backup)'
            )
    for path, recorded in sorted(old.files.items()):
        if path in planned or real(path) in claims.files:
            continue  # still wanted, maybe written by another tool now
        if claims.held(real(path), old.path):
            continue  # another tool of this project still has it
        disk = listing.read(path)
        if disk is None:
            continue
        was = old.originals.get(path) or claims.originals.get(real(path))
        if sha(disk) != recorded:
            kept = (
                ''
                if was is None or was == recorded
                else f'; what it held before we took it over is in '
                f'{original_path(was)}'
            )
            conflicts.append(
                f'{path}: no longer installed, but edited by hand since; '
                f'left in place{kept}'
            )
        elif was is None:
            changes.append(FileChange(path, disk, None, 'prune'))
        elif was != recorded:
            before = original(was)
            if before is None:
                conflicts.append(
                    f'{path}: no longer installed, but the copy of '
                    f'what it held before we took it over is missing; '
                    f'left in place'
                )
            else:
                changes.append(FileChange(path, disk, before, 'prune'))
        # else: it held these very bytes before we came; it stays
    return changes, owned


AnyDocument = Document | tomledit.Document


def document(cfg: ConfigFile, text: str) -> AnyDocument:
    if cfg.format == 'toml':
        return tomledit.Document(text)
    return Document(text, strict=cfg.format == 'json')


def on_disk(cfg: ConfigFile) -> AnyDocument | None:
    """The config file as it is (None: there is none); raises
    jsonc.ParseError or UnicodeDecodeError when it does not parse."""
    data = fs.read_bytes(cfg.path)
    if data is None:
        return None
    return document(cfg, data.removeprefix(BOM).decode('utf-8'))


def _bare(cfg: ConfigFile, text: str) -> bool:
    """Does `text` hold nothing but its values: no comment someone wrote
    (a file we made is removed only then)?"""
    if cfg.format == 'toml':
        return not text.strip()  # its skeleton is empty: the rest is #...
    try:
        jsonc.parse(text, strict=True)
    except jsonc.ParseError:
        return False  # comments (or trailing commas): keep the file
    return True


def _commented(doc: AnyDocument, node: jsonc.Node) -> bool:
    """Does an empty JSON object or array hold a comment someone wrote?"""
    inside = doc.text[node.start + 1 : node.end - 1]
    return isinstance(doc, Document) and bool(inside.strip())


def _missing(doc: AnyDocument, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [
        path[:i] for i in range(1, len(path) + 1) if doc.get(path[:i]) is None
    ]


def _ours_present(
    doc: AnyDocument,
    recorded: dict[tuple[tuple[str, ...], str], str],
    items: list[tuple[tuple[str, ...], str]],
    containers: set[tuple[str, ...]],
) -> bool:
    """Does the file still hold anything we put there?"""
    if any(doc.get(c) is not None for c in containers):
        return True
    if any(doc.get((*p, n)) is not None for p, n in recorded):
        return True
    for path, digest in items:
        node = doc.get(path)
        if node is not None and any(
            value_sha(i.value) == digest for i in node.items
        ):
            return True
    return False


def _config(
    cfg: ConfigFile,
    entries: list[Entry],
    old: dict[str, Any],
    force: bool,
    conflicts: list[str],
    keep: list[bytes],
    claims: Claims = NO_CLAIMS,
    me: str = '',
) -> tuple[FileChange | None, dict[str, Any] | None]:
    """`me`: the manifest `old` is from."""
    disk = fs.read_bytes(cfg.path)
    file = real(cfg.path)
    # what another tool of this project created there counts as ours
    made, boxes = claims.made.get(file, (False, frozenset()))
    created = bool(old.get('created')) or disk is None or made
    if disk is None:
        start = (
            ''
            if cfg.format == 'toml'
            else json.dumps(dict(cfg.skeleton), indent=2) + '\n'
        )
    else:
        try:
            start = disk.removeprefix(BOM).decode('utf-8')
        except UnicodeDecodeError:
            raise FatalError(
                f'{cfg.path}: not UTF-8 text; left unchanged '
                f'-- fix or move the file'
            ) from None
    try:
        doc = document(cfg, start)
    except jsonc.ParseError as err:
        raise FatalError(
            f'{cfg.path}:{err.line}:{err.col}: {err.msg}; left unchanged '
            f'-- fix the file (or move it aside) and run again',
        ) from None
    if doc.root.kind != 'object':
        raise FatalError(
            f'{cfg.path}: the top level is not a JSON object; left unchanged'
        )
    containers = {tuple(c) for c in old.get('containers', [])} | boxes
    recorded = {(tuple(p), n): s for p, n, s in old.get('entries', []) if n}
    recorded_items = [
        (tuple(p), s) for p, n, s in old.get('entries', []) if n is None
    ]
    # the user's own values that --force replaced: put back on removal
    was = {(tuple(p), n): v for p, n, v in old.get('originals', [])}
    originals: dict[tuple[tuple[str, ...], str], Any] = {}
    if (
        created
        and disk is not None
        and not _ours_present(
            doc,
            recorded,
            recorded_items,
            containers,
        )
    ):
        created = False  # not the file we made: the user's own now
    planned = {(e.path, e.name): e for e in entries if e.name is not None}
    items = {
        (e.path, value_sha(e.value)): e for e in entries if e.name is None
    }  # each distinct item once
    kept: list[list[Any]] = []
    ops: list[str] = []
    try:
        # 1. what we installed before and the bundle no longer has
        for path, digest in recorded_items:
            if (file, path, digest) in claims.keys:
                continue  # another tool of this run writes it now
            if (path, digest) in items or claims.held(
                (file, path, digest), me
            ):
                continue
            node = doc.get(path)
            for item in node.items if node and node.kind == 'array' else ():
                if value_sha(item.value) == digest:
                    doc.remove_item(path, item.value)
                    ops.append(f'remove from {"/".join(path)}')
                    break
        for (path, name), digest in recorded.items():
            if (path, name) in planned or (file, path, name) in claims.keys:
                continue
            if claims.held((file, path, name), me):
                continue  # another tool of this project still has it
            node = doc.get((*path, name))
            if node is None:
                continue
            if value_sha(node.value) == digest and (path, name) in was:
                doc.set_members(path, {name: was[path, name]})
                ops.append(f'restore {"/".join((*path, name))}')
            elif value_sha(node.value) == digest:
                doc.delete_member(path, name)
                ops.append(f'remove {"/".join((*path, name))}')
            else:
                conflicts.append(
                    f'{cfg.path}: {"/".join((*path, name))} is '
                    f'no longer installed, but edited by hand '
                    f'since; left in place'
                )
        # 2. what the bundle wants
        to_set: dict[tuple[str, ...], dict[str, Any]] = {}
        to_add: dict[tuple[str, ...], list[Any]] = {}
        for (_, digest), e in items.items():
            node = doc.get(e.path)
            present = (
                node is not None
                and node.kind == 'array'
                and any(i.value == e.value for i in node.items)
            )
            ours = (e.path, digest) in recorded_items or (
                claims.recorded((file, e.path, digest), me) is not None
            )
            if present and not ours:
                continue  # the user's own identical item: not ours
            kept.append([list(e.path), None, digest])
            if not present:
                containers.update(_missing(doc, e.path))
                to_add.setdefault(e.path, []).append(e.value)
                ops.append(f'append to {"/".join(e.path)}')
        for (_, name), e in planned.items():
            assert name is not None
            digest = value_sha(e.value)
            where = '/'.join((*e.path, name))
            node = doc.get((*e.path, name))
            mine = recorded.get((e.path, name)) or claims.recorded(
                (file, e.path, name), me
            )
            if node is not None and node.value == e.value:
                if mine:
                    kept.append([list(e.path), e.name, digest])
            elif node is None or force or mine == value_sha(node.value):
                containers.update(_missing(doc, e.path))
                to_set.setdefault(e.path, {})[name] = e.value
                ops.append(f'{"add" if node is None else "replace"} {where}')
                kept.append([list(e.path), e.name, digest])
                if node is not None and not mine:  # --force: theirs
                    originals[e.path, name] = node.value
            elif mine:
                kept.append([list(e.path), e.name, mine])
                conflicts.append(
                    f'{cfg.path}: {where} edited by hand since '
                    f'it was installed; kept -- --force '
                    f'overwrites it'
                )
            else:
                conflicts.append(
                    f'{cfg.path}: {where} exists and is not '
                    f'ours; skipped -- --force overwrites it'
                )
        for path, members in to_set.items():
            doc.set_members(path, members)
        for path, values in to_add.items():
            doc.append_items(path, values)
        # 3. containers we created that are now empty
        for path in sorted(containers, key=len, reverse=True):
            node = doc.get(path)
            if node is None:
                containers.discard(path)
            elif not (node.members or node.items):
                if not _commented(doc, node):  # else theirs now
                    doc.delete_member(path[:-1], path[-1])
                containers.discard(path)
    except EditError as err:
        raise FatalError(
            f'{cfg.path}: {err}; left unchanged -- fix the file and run again'
        ) from None
    after: bytes | None = doc.text.encode()
    if created and doc.value == dict(cfg.skeleton) and _bare(cfg, doc.text):
        after = None
    record = {
        'created': created,
        'entries': kept,
        'containers': [list(c) for c in sorted(containers)],
        'skeleton': dict(cfg.skeleton),
        'format': cfg.format,
    }
    for p, n, _ in kept:
        if n is not None and (tuple(p), n) in was:
            originals.setdefault((tuple(p), n), was[tuple(p), n])
    if originals:
        record['originals'] = [
            [list(p), n, v] for (p, n), v in sorted(originals.items())
        ]
    # the whole file as it was before our first --force over a key of
    # theirs: once it holds those values again, and nobody touched it
    # since we last wrote it, it gets its exact bytes back (comments and
    # layout inside the keys we replaced included)
    whole = old.get('before')
    if not whole and disk is not None and originals.keys() - was.keys():
        whole = sha(disk)
        keep.append(disk)
    if whole:
        first = (
            original(whole) if disk and sha(disk) == old.get('wrote') else None
        )
        if first is not None and after is not None and first != after:
            with contextlib.suppress(ValueError, jsonc.ParseError):
                text = first.removeprefix(BOM).decode('utf-8')
                if document(cfg, text).value == doc.value:
                    after = first
        record['before'] = whole
        record['wrote'] = sha(after if after is not None else b'')
    if after is None or not kept:  # the rest is theirs, or another tool's
        record_out = None
    else:
        record_out = record
    if after is None:
        change = (
            FileChange(cfg.path, disk, None, 'config', ops=tuple(ops))
            if disk
            else None
        )
    elif (
        disk is not None
        and after == disk.removeprefix(BOM)
        and (doc.text == start)
    ):
        change = None
    else:
        change = FileChange(cfg.path, disk, after, 'config', ops=tuple(ops))
    return change, record_out


def _dirs(
    changes: Iterable[FileChange],
    plan: Plan,
    old: Manifest,
    also: Iterable[str] = (),
    created: Iterable[str] = (),
) -> tuple[list[str], list[str], tuple[str, ...]]:
    """`also`: more files this tool wants (written by another tool);
    `created`: folders another tool of this project created."""
    needed = {
        os.path.dirname(p)
        for p in [f.path for f in plan.files]
        + [c.path for c in plan.configs]
        + list(also)
    }
    mkdirs: set[str] = set()
    for c in changes:
        if c.after is None:
            continue
        d = os.path.dirname(c.path)
        while d and d not in mkdirs and not os.path.isdir(d):
            mkdirs.add(d)
            d = os.path.dirname(d)

    # each needed folder and every folder above it, each once
    above: set[str] = set()
    for n in needed:
        while n not in above:
            above.add(n)
            parent = os.path.dirname(n)
            if parent == n:
                break
            n = parent

    def is_needed(d: str) -> bool:
        return d.rstrip(os.sep) in above or d in above

    # folders we made that nothing needs now, deepest first; only those
    # that will be empty: one holding anything else is not ours to list
    gone = {c.path for c in changes if c.after is None}
    rmdirs: list[str] = []
    for d in sorted(old.dirs, key=len, reverse=True):
        if is_needed(d):
            continue
        try:
            names = os.listdir(d)
        except OSError:
            continue
        if all(os.path.join(d, n) in gone for n in names):
            rmdirs.append(d)
            gone.add(d)
    keep = tuple(
        sorted(
            {d for d in (*old.dirs, *created) if is_needed(d)} | mkdirs,
        )
    )
    return sorted(mkdirs, key=len), rmdirs, keep


def _outside(
    plan: Plan, old: Manifest, source: str, conflicts: list[str]
) -> tuple[Plan, Manifest]:
    """`plan` and `old` without the files that lie in the bundle (a tool
    folder that is a link into it): the bundle is the user's source."""
    bundle = os.path.realpath(source) + os.sep

    def inside(path: str) -> bool:
        return real(path).startswith(bundle)

    led = [
        path
        for path in [f.path for f in plan.files]
        + [c.path for c in plan.configs]
        if inside(path)
    ]
    conflicts.extend(
        f'{path}: leads into the bundle ({source}) through a link; left '
        f'alone -- make its folder a real one'
        for path in led
    )
    # what we wrote there before: never removed nor put back either
    old = old._replace(
        files={p: d for p, d in old.files.items() if not inside(p)},
        dirs=tuple(d for d in old.dirs if not inside(d)),
        configs={p: r for p, r in old.configs.items() if not inside(p)},
    )
    if not led:
        return plan, old  # the usual case: nothing leads there
    return (
        plan._replace(
            files=tuple(f for f in plan.files if not inside(f.path)),
            configs=tuple(c for c in plan.configs if not inside(c.path)),
            entries=tuple(e for e in plan.entries if not inside(e.file)),
        ),
        old,
    )


def compute(
    plan: Plan,
    old: Manifest,
    *,
    force: bool = False,
    claims: Claims = NO_CLAIMS,
    shared: Manifest | None = None,
    source: str = '',
) -> Changes:
    """`shared`: what `recorded` gave for the files and keys this tool
    wants and another tool of this run writes. `source`: the bundle
    folder, where nothing is written, removed or restored."""
    conflicts: list[str] = []
    if source:
        plan, old = _outside(plan, old, source, conflicts)
    taken = Taken({}, [])
    changes, owned = _files(plan, old, force, conflicts, taken, claims)
    configs: dict[str, dict[str, Any]] = {}
    by_file: dict[str, list[Entry]] = {}
    for e in plan.entries:
        by_file.setdefault(e.file, []).append(e)
    cfgs = {c.path: c for c in plan.configs}
    for path, was in old.configs.items():
        skeleton = tuple(was.get('skeleton', {}).items())
        fmt = was.get('format') or (
            'toml' if path.endswith('.toml') else 'jsonc'
        )
        cfgs.setdefault(path, ConfigFile(path, fmt, skeleton))
    for path, cfg in cfgs.items():
        change, record = _config(
            cfg,
            by_file.get(path, []),
            old.configs.get(path, {}),
            force,
            conflicts,
            taken.keep,
            claims,
            old.path,
        )
        if change is not None:
            changes.append(change)
        if record is not None:
            configs[path] = record
    also = [*shared.files, *shared.configs] if shared else []
    mkdirs, rmdirs, dirs = _dirs(changes, plan, old, also, claims.dirs)
    manifest = Manifest(old.path, owned, dirs, configs, taken.originals)
    if shared is not None:
        manifest = merge(manifest, shared)
    return Changes(
        plan,
        tuple(changes),
        tuple(mkdirs),
        tuple(rmdirs),
        tuple(conflicts),
        manifest,
        old,
        tuple(taken.keep),
    )


def recorded(
    plan: Plan, old: Manifest, claims: Claims, force: bool = False
) -> Manifest:
    """What this tool's manifest records of `plan`, the files and keys
    it wants and another tool of this run writes: the same as if it
    wrote them. Asked before any tool writes, so that it does not
    depend on which tool of the run goes first."""
    files = {f.path for f in plan.files}
    cfgs = {c.path for c in plan.configs}
    mine = old._replace(
        files={p: d for p, d in old.files.items() if p in files},
        configs={p: r for p, r in old.configs.items() if p in cfgs},
        originals={p: d for p, d in old.originals.items() if p in files},
    )
    try:
        return compute(plan, mine, force=force, claims=claims).manifest
    except FatalError:  # the tool that writes it says so
        return mine._replace(files={}, dirs=(), configs={}, originals={})


def merge(m: Manifest, shared: Manifest) -> Manifest:
    """`m` with what `shared` records too (its files win; a config
    record takes its entries, containers and originals as well).
    Also for what the committed bundle tells (see committed)."""
    configs = dict(m.configs)
    for path, theirs in shared.configs.items():
        ours = configs.get(path)
        if ours is None:
            configs[path] = theirs
            continue
        entries = list(ours.get('entries', []))
        entries += [e for e in theirs['entries'] if e not in entries]
        containers = {tuple(c) for c in ours.get('containers', [])}
        containers.update(tuple(c) for c in theirs['containers'])
        originals = list(ours.get('originals', []))
        originals += [
            o for o in theirs.get('originals', []) if o not in originals
        ]
        record = {
            **ours,
            'created': bool(ours.get('created')) or theirs['created'],
            'entries': entries,
            'containers': [list(c) for c in sorted(containers)],
        }
        if originals:
            record['originals'] = sorted(originals, key=json.dumps)
        configs[path] = record
    return Manifest(
        m.path,
        {**m.files, **shared.files},
        tuple(sorted({*m.dirs, *shared.dirs})),
        configs,
        {**m.originals, **shared.originals},
    )
