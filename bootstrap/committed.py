"""What the bundle committed at HEAD renders to: in project scope, the
files a teammate's bootstrap-tools generated and committed.

A fresh clone holds those files but no manifest of ours records them,
so every one that the bundle now renders differently would be "not
ours", left alone, and committed stale. A file whose bytes are exactly
what the committed bundle renders to was generated from it: it is ours
to update, or to remove when the bundle drops it; so is a config key
holding the value it renders. Anything else (a file of someone's own,
one edited by hand) stays a conflict. The same holds after a pull or a
checkout that brought files generated from another bundle than our
manifest knows. So the committed bundle is asked only when it matters:
for a project-scope tool with no manifest yet, or with a file or key we
cannot be sure of (`_unsure`); and what it renders is kept per tool for
one committed tree, so that a conflict left alone costs no `git archive`
on every run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any
from typing import NamedTuple

from bootstrap import bundle as B
from bootstrap import changeset
from bootstrap import constants as C
from bootstrap import fastpath
from bootstrap import fs
from bootstrap import jsonc
from bootstrap import paths
from bootstrap.changeset import BOM
from bootstrap.changeset import AnyDocument
from bootstrap.changeset import document
from bootstrap.changeset import on_disk
from bootstrap.changeset import same_text
from bootstrap.errors import FatalError
from bootstrap.manifest import Manifest
from bootstrap.manifest import sha
from bootstrap.manifest import value_sha
from bootstrap.selection import Selected
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Entry
from bootstrap.target_base import Plan

GIT_PLACES = frozenset(
    ('GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX')
)


def _unsure(plan: Plan, old: Manifest) -> bool:
    """Does a file where we write tell us nothing sure: neither what we
    wrote there nor what we render (perhaps generated from a newer
    bundle), or what we render but not recorded as ours (perhaps
    generated, and brought by a pull, a checkout or a merge)? The same
    for our keys."""
    for f in plan.files:
        data = fs.read_bytes(f.path)
        recorded = old.files.get(f.path)
        if data is not None and (
            # someone's own, as far as we know (a merge in progress may
            # have brought it, and committed it since)
            recorded is None or f.path in old.originals
            if same_text(data, f.data)
            else sha(data) != recorded
        ):
            return True
    planned = {f.path for f in plan.files}
    for path, digest in old.files.items():
        data = None if path in planned else fs.read_bytes(path)
        if data is not None and (sha(data) != digest or path in old.originals):
            return True
    return any(_unsure_keys(cfg, plan, old) for cfg in plan.configs)


def _parsed(cfg: ConfigFile) -> AnyDocument | None:
    """The config file, None when there is none or it does not parse
    (sync says what is wrong with it)."""
    try:
        return on_disk(cfg)
    except (jsonc.ParseError, UnicodeDecodeError):
        return None


def _unsure_keys(cfg: ConfigFile, plan: Plan, old: Manifest) -> bool:
    doc = _parsed(cfg)
    if doc is None:
        return False
    recorded = {
        (tuple(p), n): digest
        for p, n, digest in old.configs.get(cfg.path, {}).get('entries', [])
    }
    for e in plan.entries:
        if e.file != cfg.path or e.name is None:
            continue
        node = doc.get((*e.path, e.name))
        mine = recorded.get((e.path, e.name))
        if node is not None and (
            mine is None
            if node.value == e.value
            else value_sha(node.value) != mine
        ):
            return True
    return False


def _wanted(
    sel: Selected, plans: dict[str, Plan], olds: dict[str, Manifest]
) -> bool:
    plan = plans.get(sel.name)
    if plan is None or sel.ctx.scope != 'project':
        return False
    old = olds[sel.name]
    return old.empty or _unsure(plan, old)


def _in_git(path: str) -> bool:
    """Is `path` inside a git work tree (a cheap look before asking git)?"""
    while True:
        if os.path.exists(os.path.join(path, '.git')):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


def _git(*args: str, cwd: str, given: bytes | None = None) -> bytes | None:
    """What git prints (`given` on its input), or None: it failed, or
    there is no git."""
    import subprocess

    # inside a git hook these may point elsewhere, or be relative to
    # another folder: the repository is the one `cwd` is in
    env = {k: v for k, v in os.environ.items() if k not in GIT_PLACES}
    try:
        p = subprocess.run(
            ('git', *args),
            cwd=cwd,
            env=env,
            input=given,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    return p.stdout if p.returncode == 0 else None


class Tree(NamedTuple):
    top: str  # of the work tree
    prefix: str  # of the bundle folder in it: '' or 'a/b/'
    id: str  # of the bundle folder as committed at HEAD


def _tree(source: str) -> Tree | None:
    """Where the bundle folder is committed, or None: not committed
    yet, or no git."""
    found = _git(
        'rev-parse', '--show-toplevel', '--show-prefix', 'HEAD:./', cwd=source
    )
    if found is None:
        return None
    top, prefix, tree = os.fsdecode(found).split('\n')[:3]
    return Tree(top, prefix, tree)


def _archive(where: Tree) -> bytes | None:
    """The committed bundle folder, as a tar of the files below `top`,
    their .gitattributes (a filter, eol) applied: from the top, with
    the folder named, not as a tree of its own."""
    spec = [f':(top){where.prefix}'] if where.prefix else []
    return _git('archive', '--format=tar', 'HEAD', *spec, cwd=where.top)


class Head(NamedTuple):
    """What the committed bundle renders for one tool: each file's hash
    (and whether it is LF text, that a CRLF checkout may change), the
    config files and the keys and items set in them."""

    files: dict[str, tuple[str, bool]]
    configs: tuple[ConfigFile, ...]
    entries: tuple[Entry, ...]


def _head(plan: Plan) -> Head:
    files = {
        f.path: (sha(f.data), b'\r' not in f.data and b'\0' not in f.data)
        for f in plan.files
    }
    return Head(files, plan.configs, plan.entries)


def _cache(sel: Selected) -> str:
    """Where the Head of `sel` is kept, for one committed tree at a
    time: what the plan depends on names the file."""
    ctx = sel.ctx
    env = [ctx.env.get(k, '') for k in fastpath.ENV if k != 'PATH']
    what = json.dumps(
        [
            C.VERSION,
            sel.name,
            _stable(sel.installer),
            ctx.home,
            ctx.project,
            ctx.scope,
            sorted(ctx.kinds),
            env,
        ]
    )
    name = f'{sha(what.encode())[:32]}.json'
    return os.path.join(paths.state_dir(), 'committed', name)


def _stable(x: Any) -> Any:
    """`x` as JSON the same in every process (a set's order is not):
    a built-in target by its module, a custom one by its definition."""
    if isinstance(x, (set, frozenset)):
        return sorted(map(_stable, x), key=json.dumps)
    if isinstance(x, (list, tuple)):
        return [_stable(i) for i in x]
    if isinstance(x, dict):
        return sorted([str(k), _stable(v)] for k, v in x.items())
    if x is None or isinstance(x, (str, int, float)):
        return x
    return getattr(x, '__name__', None) or repr(x)


def _dump(tree: str, head: Head) -> bytes:
    return json.dumps(
        {
            'tree': tree,
            'files': head.files,
            'configs': [list(c) for c in head.configs],
            'entries': [list(e) for e in head.entries],
        }
    ).encode()


def _load(data: bytes | None, tree: str) -> Head | None:
    """A kept Head, when it is of `tree` (and readable)."""
    try:
        d = json.loads(data or b'null')
        if not d or d['tree'] != tree:
            return None
        return Head(
            {p: (h, lf) for p, (h, lf) in d['files'].items()},
            tuple(
                ConfigFile(p, f, tuple(map(tuple, sk)))
                for p, f, sk in d['configs']
            ),
            tuple(Entry(f, tuple(p), n, v) for f, p, n, v in d['entries']),
        )
    except (ValueError, TypeError, KeyError):
        return None


def _render(where: Tree, selected: list[Selected]) -> dict[str, Head]:
    """The Head of each tool, from the committed bundle."""
    import io
    import tarfile
    import tempfile

    if not selected or not hasattr(tarfile, 'data_filter'):  # < 3.11.4
        return {}
    data = _archive(where)
    if data is None:
        return {}
    out: dict[str, Head] = {}
    with tempfile.TemporaryDirectory() as tmp:
        try:
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                tar.extractall(tmp, filter='data')
            head = B.load(os.path.join(tmp, where.prefix))
        except (tarfile.TarError, OSError, FatalError):
            return {}  # a committed bundle that does not load: no help
        for sel in selected:
            try:
                out[sel.name] = _head(sel.installer.plan(head, sel.ctx))
            except FatalError:
                continue
    return out


def _fresh(cfg: ConfigFile, entries: list[Entry]) -> Any:
    """What a run writes into `cfg` where there is no file yet."""
    top = json.loads(json.dumps(dict(cfg.skeleton)))  # a copy to fill
    for e in entries:
        node = top
        path = e.path if e.name is not None else e.path[:-1]
        for k in path:
            node = node.setdefault(k, {})
        if e.name is not None:
            node[e.name] = e.value
        elif e.value not in node.setdefault(e.path[-1], []):
            node[e.path[-1]].append(e.value)
    return top


def _holds(doc: AnyDocument, e: Entry) -> bool:
    """Does the config file hold what `e` sets?"""
    if e.name is not None:
        node = doc.get((*e.path, e.name))
        return node is not None and node.value == e.value
    node = doc.get(e.path)
    return node is not None and node.kind == 'array' and e.value in node.value


def _config(
    cfg: ConfigFile, entries: list[Entry], committed: Committed
) -> dict[str, Any] | None:
    """The record of a config file: each key or item that holds the
    rendered value, here and at HEAD; None when there is none."""
    doc = _parsed(cfg)
    before = committed.text(cfg.path)
    if doc is None or before is None:
        return None
    try:
        then = document(cfg, before.removeprefix(BOM).decode('utf-8'))
    except (jsonc.ParseError, UnicodeDecodeError):
        return None
    kept = []
    for e in entries:
        entry = [list(e.path), e.name, value_sha(e.value)]
        if _holds(doc, e) and _holds(then, e) and entry not in kept:
            kept.append(entry)  # each distinct item once
    if not kept:
        return None
    # the whole file is what a run makes, committed so: made by one
    data = fs.read_bytes(cfg.path) or b''
    created = doc.value == _fresh(cfg, entries) and committed(cfg.path, data)
    skeleton = dict(cfg.skeleton)
    containers = {
        e.path[:i]
        for e in entries
        for i in range(1, len(e.path) + 1)
        if e.path[0] not in skeleton
    }
    return {
        'created': created,
        'entries': kept,
        'containers': sorted(map(list, containers)) if created else [],
        'skeleton': skeleton,
        'format': cfg.format,
    }


def _record(head: Head, old: Manifest, committed: Committed) -> Manifest:
    """The part of the manifest a teammate's run would have left here
    that still holds: the files whose bytes are what the committed
    bundle renders, and are committed so (git can give back what a
    later run removes), and the config keys and items holding its
    values, here and at HEAD."""
    files = {}
    for path, (digest, lf) in head.files.items():
        data = fs.read_bytes(path)
        if (
            data is not None
            and (
                sha(data) == digest
                or (lf and sha(data.replace(b'\r\n', b'\n')) == digest)
            )
            and committed(path, data)
        ):
            files[path] = sha(data)
    configs = {}
    for cfg in head.configs:
        entries = [e for e in head.entries if e.file == cfg.path]
        record = _config(cfg, entries, committed)
        if record is not None:
            configs[cfg.path] = record
    return old._replace(files=files, configs=configs)


class Committed:
    """What git tracks at HEAD of some files: is a file's content the
    same (a CRLF checkout of it included), and what is it?"""

    def __init__(self, top: str, paths: Iterable[str]) -> None:
        self.top = os.path.realpath(top)
        self.where = {}
        for p in paths:
            rel = os.path.relpath(os.path.realpath(p), self.top)
            if not rel.startswith(os.pardir):
                self.where[p] = rel.replace(os.sep, '/')
        tops = sorted({rel.split('/')[0] for rel in self.where.values()})
        listed = _git('ls-tree', '-r', '-z', 'HEAD', '--', *tops, cwd=top)
        self.ids = {}
        for record in (listed or b'').split(b'\0'):
            meta, _, name = record.partition(b'\t')
            kind = meta.split(b' ')
            if len(kind) == 3 and kind[1] == b'blob':
                self.ids[os.fsdecode(name)] = kind[2].decode()

    def _id(self, path: str) -> str | None:
        return self.ids.get(self.where.get(path, ''))

    def __call__(self, path: str, data: bytes) -> bool:
        blob = self._id(path)
        if blob is None:
            return False
        digest = hashlib.sha1 if len(blob) == 40 else hashlib.sha256
        if any(
            digest(b'blob %d\0' % len(d) + d).hexdigest() == blob
            for d in (data, data.replace(b'\r\n', b'\n'))
        ):
            return True
        # else as git stores it: through its filters (LFS, eol, ...)
        rel = self.where[path]
        stored = _git(
            'hash-object', f'--path={rel}', '--stdin', cwd=self.top, given=data
        )
        return stored is not None and stored.decode().strip() == blob

    def text(self, path: str) -> bytes | None:
        blob = self._id(path)
        return (
            None
            if blob is None
            else _git('cat-file', 'blob', blob, cwd=self.top)
        )


def merge(old: Manifest, head: Manifest | None) -> Manifest:
    """`old`, taking from `head` (what `records` found) each file and
    key that holds what the committed bundle renders."""
    if head is None:
        return old
    if old.empty:
        return head
    # a key holds one value: the one the committed bundle renders
    taken = {
        (path, tuple(p), name)
        for path, record in head.configs.items()
        for p, name, _ in record['entries']
        if name is not None
    }
    configs: dict[str, dict[str, Any]] = {}
    for path, record in old.configs.items():
        known: dict[str, Any] = head.configs.get(path, {})
        configs[path] = {
            # how to read the file, for a record from before we said so
            **{k: known[k] for k in ('format', 'skeleton') if k in known},
            **record,
            'entries': [
                e
                for e in record.get('entries', [])
                if (path, tuple(e[0]), e[1]) not in taken
            ],
        }
    merged = changeset.merge(old._replace(configs=configs), head)
    # committed so: generated, not someone's own before us
    return merged._replace(
        originals={
            p: d for p, d in merged.originals.items() if p not in head.files
        }
    )


KEPT = 32  # Heads kept (one per tool, project and config): the newest


def _keep(path: str, data: bytes) -> None:
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fs.write_atomic(path, data, durable=False)
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.stat().st_mtime_ns)
    for old in entries[:-KEPT]:  # of projects and configs gone by
        with contextlib.suppress(OSError):
            os.unlink(old.path)


def records(
    selected: Sequence[Selected],
    plans: dict[str, Plan],
    olds: dict[str, Manifest],
    source: str,
) -> dict[str, Manifest]:
    """For each project-scope tool that has no manifest yet, or files
    or keys we cannot be sure of (`_unsure`), what of its manifest the
    bundle at HEAD (in `source`) tells: to `merge` into the manifest;
    none when it cannot tell."""
    if not _in_git(source):
        return {}
    wanted = [s for s in selected if _wanted(s, plans, olds)]
    where = _tree(source) if wanted else None
    if where is None:
        return {}
    heads: dict[str, Head] = {}
    for sel in wanted:
        head = _load(fs.read_bytes(_cache(sel)), where.id)
        if head is not None:
            heads[sel.name] = head
    todo = [s for s in wanted if s.name not in heads]
    for name, head in _render(where, todo).items():
        heads[name] = head
        sel = next(s for s in todo if s.name == name)
        with contextlib.suppress(OSError):  # only slower next time
            _keep(_cache(sel), _dump(where.id, head))
    top = where.top
    project = wanted[0].ctx.project
    if os.path.relpath(os.path.realpath(project), top).startswith(os.pardir):
        # the bundle is a repository of its own (a submodule): the files
        # it renders to are committed in the project's
        outer = _tree(project)
        if outer is None:
            return {}
        top = outer.top
    committed = Committed(
        top,
        [
            p
            for head in heads.values()
            for p in (*head.files, *(c.path for c in head.configs))
        ],
    )
    return {
        name: _record(head, olds[name], committed)
        for name, head in heads.items()
    }
