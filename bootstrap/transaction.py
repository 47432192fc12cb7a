"""Changes -> pipeline steps, each with its undo."""

from __future__ import annotations

import os
import time

from bootstrap import fs
from bootstrap import journal
from bootstrap import paths
from bootstrap.changeset import Changes
from bootstrap.changeset import FileChange
from bootstrap.manifest import keep_original
from bootstrap.manifest import sha
from bootstrap.output import count
from bootstrap.pipeline import PushUndo
from bootstrap.pipeline import Step


def _write(change: FileChange, push: PushUndo, durable: bool = True) -> None:
    """Apply one change; `before` is what the disk held under our lock."""
    if change.after is None:
        push(fs.remove_file(change.path, change.before))
    else:
        push(
            fs.replace_file(
                change.path,
                change.after,
                durable,
                before=change.before,
                new=change.absent,
                executable=change.executable,
            )
        )


STEP_NAMES = (
    'journal',
    'backup',
    'write files',
    'merge config',
    'prune',
    'manifest',
)


def steps(
    changes: Changes, project: str, log: list[str] | None = None
) -> list[Step]:
    """`log`: told where the backups of --force went."""
    plan = changes.plan
    by_kind: dict[str, list[FileChange]] = {
        'file': [],
        'config': [],
        'prune': [],
    }
    for c in changes.changes:
        by_kind[c.kind].append(c)

    def theirs(c: FileChange) -> bool:
        """Are the bytes `c` replaces someone else's: a file we did not
        write, or one of ours edited by hand since (--force)?"""
        return c.before is not None and (
            changes.old.files.get(c.path) != sha(c.before)
        )

    def backup(push: PushUndo) -> None:
        """Keep what uninstall puts back (the bytes of files we take
        over), and a dated copy of every file of someone else's that
        --force overwrites."""
        for data in changes.keep:
            keep_original(data)
        saved = [c for c in by_kind['file'] if theirs(c)]
        if not saved:
            return
        stamp = time.strftime('%Y%m%dT%H%M%S')
        base = os.path.join(
            paths.state_dir(), 'backups', f'{plan.tool}-{stamp}-{os.getpid()}'
        )
        for c in saved:
            assert c.before is not None
            dest = os.path.join(
                base, paths.key(c.path) + '-' + os.path.basename(c.path)
            )
            os.makedirs(base, exist_ok=True)
            fs.write_atomic(dest, c.before, 0o600)
        if log is not None:
            log.append(f'backed up {count(len(saved), "file")} to {base}')

    def write_files(push: PushUndo) -> None:
        for d in changes.mkdirs:
            _, undo = fs.make_dirs(d)
            push(undo)
        for c in by_kind['file']:
            # Our own files go without fsync: one fsync per file cost
            # more than all the rest of a run. A power loss may leave
            # one empty, and the next run makes it again (changeset).
            # What holds someone else's bytes is flushed to disk.
            _write(c, push, durable=theirs(c))

    def merge_config(push: PushUndo) -> None:
        for c in by_kind['config']:
            if c.after is not None:
                _, undo = fs.make_dirs(os.path.dirname(c.path))
                push(undo)
            _write(c, push)

    def prune(push: PushUndo) -> None:
        for c in by_kind['prune']:
            _write(c, push)
        for d in changes.rmdirs:
            push(fs.remove_empty_dir(d))

    def write_manifest(push: PushUndo) -> None:
        m = changes.manifest
        os.makedirs(os.path.dirname(m.path), exist_ok=True)
        if m.empty:
            push(fs.remove_file(m.path))
        else:
            push(
                fs.replace_file(
                    m.path,
                    m.dump(plan.tool, plan.scope, project, plan.root),
                )
            )

    def write_journal(push: PushUndo) -> None:
        journal.write(
            plan.root,
            [(c.path, c.before) for c in changes.changes]
            + [(changes.manifest.path, fs.UNREAD)],
            changes.mkdirs,
            changes.rmdirs,
        )
        push(lambda: journal.clear(plan.root))

    return [
        Step('journal', write_journal),
        Step('backup', backup),
        Step('write files', write_files, lambda: not by_kind['file']),
        Step('merge config', merge_config, lambda: not by_kind['config']),
        Step(
            'prune', prune, lambda: not by_kind['prune'] and not changes.rmdirs
        ),
        Step('manifest', write_manifest),
    ]
