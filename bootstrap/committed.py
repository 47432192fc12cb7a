"""What the bundle committed at HEAD renders to: in project scope, the
files a teammate's bootstrap-tools generated and committed.

A fresh clone holds those files but no manifest of ours records them,
so every one that the bundle now renders differently would be "not
ours", left alone, and committed stale. A file whose bytes are exactly
what the committed bundle renders to was generated from it: it is ours
to update, or to remove when the bundle drops it. Anything else (a file
of someone's own, one edited by hand) stays a conflict. So the missing
manifest is made from the committed bundle, only when it matters: a
project-scope tool with no manifest yet, whose files are already there.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from bootstrap import bundle as B
from bootstrap import fs
from bootstrap.errors import FatalError
from bootstrap.manifest import Manifest
from bootstrap.manifest import sha
from bootstrap.manifest import value_sha
from bootstrap.selection import Selected
from bootstrap.target_base import Plan

GIT_PLACES = frozenset(
    ('GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX')
)


def _wanted(
    sel: Selected, plans: dict[str, Plan], olds: dict[str, Manifest]
) -> bool:
    plan = plans.get(sel.name)
    return (
        plan is not None
        and sel.ctx.scope == 'project'
        and olds[sel.name].empty
        and any(os.path.lexists(f.path) for f in plan.files)
    )


def _in_git(path: str) -> bool:
    """Is `path` inside a git work tree (a cheap look before asking git)?"""
    while True:
        if os.path.exists(os.path.join(path, '.git')):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


def _archive(source: str) -> bytes | None:
    """The bundle folder as committed at HEAD (a tar), or None: not in
    a git repository, not committed yet, or no git."""
    import subprocess

    # inside a git hook these may point elsewhere, or be relative to
    # another folder: the repository is the one `cwd` is in
    env = {k: v for k, v in os.environ.items() if k not in GIT_PLACES}

    def git(*args: str, cwd: str) -> bytes | None:
        try:
            p = subprocess.run(
                ('git', *args),
                cwd=cwd,
                env=env,
                capture_output=True,
                check=False,
            )
        except OSError:
            return None
        return p.stdout if p.returncode == 0 else None

    found = git('rev-parse', '--show-toplevel', 'HEAD:./', cwd=source)
    if found is None:
        return None
    top, tree = os.fsdecode(found).rstrip('\n').rsplit('\n', 1)
    # from the top: from a folder, git archives only what lies below it
    return git('archive', '--format=tar', tree, cwd=top)


def _record(plan: Plan, old: Manifest) -> Manifest:
    """The manifest a teammate's run would have left here: the files
    whose bytes are what `plan` renders, and the config keys and items
    it sets (a key holding another value is then "edited by hand":
    still left alone, and never removed)."""
    files = {
        f.path: sha(f.data)
        for f in plan.files
        if fs.read_bytes(f.path) == f.data
    }
    configs: dict[str, dict[str, Any]] = {}
    for e in plan.entries:
        record = configs.setdefault(
            e.file, {'created': False, 'entries': [], 'containers': []}
        )
        record['entries'].append([list(e.path), e.name, value_sha(e.value)])
    return old._replace(files=files, configs=configs)


def records(
    selected: Sequence[Selected],
    plans: dict[str, Plan],
    olds: dict[str, Manifest],
    source: str,
) -> dict[str, Manifest]:
    """For each project-scope tool that has no manifest yet, the one
    the bundle at HEAD (in `source`) gives; none when it cannot tell."""
    if not _in_git(source):
        return {}
    wanted = [s for s in selected if _wanted(s, plans, olds)]
    if not wanted:
        return {}
    import io
    import tarfile
    import tempfile

    if not hasattr(tarfile, 'data_filter'):  # before 3.10.12, 3.11.4
        return {}
    data = _archive(source)
    if data is None:
        return {}
    out: dict[str, Manifest] = {}
    with tempfile.TemporaryDirectory() as tmp:
        try:
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                tar.extractall(tmp, filter='data')
            head = B.load(tmp)
        except (tarfile.TarError, OSError, FatalError):
            return {}  # a committed bundle that does not load: no help
        for sel in wanted:
            try:
                plan = sel.installer.plan(head, sel.ctx)
            except FatalError:
                continue
            out[sel.name] = _record(plan, olds[sel.name])
    return out
