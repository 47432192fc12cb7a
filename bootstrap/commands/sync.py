"""`sync` (and `uninstall`): one pipeline per tool, concurrently."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import NamedTuple

from bootstrap import changeset
from bootstrap import committed
from bootstrap import executor
from bootstrap import file_lock
from bootstrap import fs
from bootstrap import journal
from bootstrap import manifest
from bootstrap import memory
from bootstrap import overlap
from bootstrap import pipeline
from bootstrap import planner
from bootstrap import report as R
from bootstrap import transaction
from bootstrap.bundle import Bundle
from bootstrap.errors import Cancelled
from bootstrap.errors import FatalError
from bootstrap.selection import Selected
from bootstrap.target_base import Context
from bootstrap.target_base import Plan

LIST_LIMIT = 12


class Options(NamedTuple):
    dry_run: bool = False
    force: bool = False
    uninstall: bool = False
    detect: bool = True


def allowed_roots(sel: Selected) -> tuple[str, ...]:
    """Where a manifest of this tool may point."""
    dirs = sel.installer.directories(sel.ctx)
    return tuple(os.path.abspath(p) for p in dirs.values())


def empty_plan(sel: Selected) -> Plan:
    root = sel.installer.directories(sel.ctx)['root']
    return Plan(sel.name, sel.ctx.scope, root, (), (), (), (), ())


def _describe(changes: changeset.Changes, ctx: Context) -> list[str]:
    """One line per change (key by key inside shared config files) when
    few; counts per verb when many."""
    from bootstrap.paths import display

    lines: list[tuple[str, str, tuple[str, ...]]] = []
    for c in changes.changes:
        if c.after is None:
            verb = 'remove'
        elif c.kind == 'config':
            verb = 'merge'
        elif c.kind == 'prune':
            verb = 'restore'
        else:
            verb = 'create' if c.before is None else 'update'
        lines.append((verb, c.path, c.ops))
    lines.extend(('rmdir', d, ()) for d in changes.rmdirs)

    def show(path: str) -> str:  # only for what is listed: it costs
        return display(path, ctx.home, ctx.project)

    if len(lines) <= LIST_LIMIT:
        out = []
        for verb, path, ops in lines:
            out.append(f'{verb} {show(path)}')
            out.extend(f'  {op}' for op in ops)
        return out
    counts: dict[str, int] = {}
    for verb, _, _ in lines:
        counts[verb] = counts.get(verb, 0) + 1
    files = ', '.join(
        f'{verb} {n}'
        for verb, n in counts.items()
        if verb not in ('merge', 'rmdir', 'restore')
    )
    out = [f'{files} files'] if files else []
    if counts.get('rmdir'):
        out.append(f'remove {counts["rmdir"]} empty folders we created')
    out.extend(
        f'{verb} {show(path)}'
        for verb, path, _ in lines
        if verb in ('merge', 'restore')
    )
    return out


def _skip(sel: Selected, opts: Options) -> R.Report | None:
    """A tool that is not on this machine, when not named: skipped."""
    ctx = sel.ctx
    if (
        opts.detect
        and not opts.uninstall
        and not sel.explicit
        and ctx.scope == 'user'
        and not sel.installer.detect(ctx)
    ):
        display = sel.installer.DISPLAY_NAME
        return R.Report(
            sel.name,
            display,
            ctx.scope,
            R.SKIPPED,
            lines=(
                f'{display} not found on this machine; nothing written '
                f'(name it, `sync {sel.name}`, to install anyway)',
            ),
        )
    return None


def _lock_all(
    stack: contextlib.ExitStack, where: list[str], log: list[str]
) -> None:
    """Every lock a run needs, in one global order (no deadlock)."""
    from bootstrap.paths import lock_path

    for path in sorted(set(where), key=lock_path):
        stack.enter_context(file_lock.lock(path, log.append))


def work(
    sel: Selected,
    plan: Plan,
    opts: Options,
    cancel: threading.Event,
    claims: overlap.Claims = overlap.NO_CLAIMS,
    shared: manifest.Manifest | None = None,
    standin: manifest.Manifest | None = None,
) -> R.Report:
    """One tool's whole run. Never prints: returns a Report. `standin`:
    what the committed bundle tells of the manifest (see committed)."""
    name, ctx = sel.name, sel.ctx
    display = sel.installer.DISPLAY_NAME

    def result(status: str, **kw: object) -> R.Report:
        return R.Report(name, display, ctx.scope, status, **kw)  # type: ignore[arg-type]

    roots = allowed_roots(sel)
    log: list[str] = []
    backups: list[str] = []  # where --force saved what it overwrote
    started = False
    try:

        def compute() -> changeset.Changes:
            stored = manifest.load(
                ctx.project, name, ctx.scope, plan.root, roots
            )
            return changeset.compute(
                plan,
                committed.merge(stored, standin),
                force=opts.force,
                claims=claims,
                shared=shared,
                source=ctx.source,
            )._replace(stored=stored)

        interrupted = journal.pending(plan.root)
        changes = compute()
        kw = {
            'notes': plan.notes,
            'warnings': plan.warnings,
            'counts': plan.counts,
            'conflicts': changes.conflicts,
            'paths': (
                *(f.path for f in plan.files),
                *(c.path for c in plan.configs),
                changes.manifest.path,
                os.path.join(journal.directory(plan.root), 'journal.json'),
            ),
        }
        if changes.nothing and not interrupted:
            return result(R.UNCHANGED, **kw)
        if opts.dry_run:
            if not changes.touched:  # our record only
                return result(R.UNCHANGED, **kw)
            return result(R.WOULD, lines=tuple(_describe(changes, ctx)), **kw)
        with contextlib.ExitStack() as locks:
            # the tool's folder, and each shared config file we merge
            # into (another tool's worker may merge into it too)
            configs = [c.path for c in changes.changes if c.kind == 'config']
            _lock_all(locks, [plan.root, *configs], log)
            repaired = journal.recover(plan.root)
            if repaired:
                log.append(
                    f'repaired {len(repaired)} files left by an '
                    f'interrupted run'
                )
            del changes  # two at once would double a large change set
            changes = compute()  # again: another run may have done it
            kw['conflicts'] = changes.conflicts
            if changes.nothing:
                return result(R.UNCHANGED, lines=tuple(log), **kw)
            steps = transaction.steps(changes, ctx.project, backups)
            started = True
            pipeline.run(steps, cancel=cancel, log=lambda s: None, tool=name)
            journal.clear(plan.root)
        if not changes.touched:  # our record only
            return result(R.UNCHANGED, lines=tuple(log), **kw)
        lines = log + backups + _describe(changes, ctx)
        return result(R.OK, lines=tuple(lines), **kw)
    except Cancelled as e:
        return result(
            R.CANCELLED,
            lines=(
                f'stopped before {e} because another tool failed; '
                f'every change rolled back',
            ),
            notes=plan.notes,
        )
    except (FatalError, OSError) as e:
        if started:
            cancel.set()
        msg = _os_error(e) if isinstance(e, OSError) else str(e)
        if started:
            msg += ' -- every change to this tool was rolled back'
        return result(R.FAILED, lines=tuple(log), error=msg, notes=plan.notes)
    except Exception:
        import traceback

        cancel.set()
        return result(
            R.FAILED,
            error='unexpected error (please report '
            'this):\n' + traceback.format_exc(),
        )


def _os_error(e: OSError) -> str:
    if not e.filename:
        return str(e)
    path = fs.meant(os.fsdecode(e.filename))
    msg = f'{path}: {e.strerror or e}'
    if isinstance(e, PermissionError):
        msg += (
            f' -- we may not write in {os.path.dirname(path)} (its '
            f'permissions, or a read-only or immutable folder); fix that '
            f'and run again'
        )
    return msg


def _plan(sel: Selected, bundle: Bundle | None) -> Plan | R.Report:
    try:
        return (
            empty_plan(sel)
            if bundle is None
            else sel.installer.plan(bundle, sel.ctx)
        )
    except (FatalError, OSError) as e:
        msg = _os_error(e) if isinstance(e, OSError) else str(e)
        display = sel.installer.DISPLAY_NAME
        return R.Report(sel.name, display, sel.ctx.scope, R.FAILED, error=msg)


class Resolved(NamedTuple):
    plans: dict[str, Plan]
    claims: overlap.Claims
    shared: dict[str, manifest.Manifest]  # see changeset.recorded


def resolve(
    plans: dict[str, Plan],
    olds: dict[str, manifest.Manifest],
    project: str,
    force: bool = False,
) -> Resolved:
    """One writer for each shared file and key, and what each other
    tool that wants it records of it, decided before anything is
    written (see overlap)."""
    skip = frozenset(m.path for m in olds.values())
    others = manifest.others(project, skip) if plans else ()
    res = overlap.resolve(plans, olds, others)
    shared = {
        tool: changeset.recorded(sub, olds[tool], res.claims, force)
        for tool, sub in res.shared.items()
    }
    return Resolved(res.plans, res.claims, shared)


class Prepared(NamedTuple):
    plan: Plan
    old: manifest.Manifest
    claims: overlap.Claims
    shared: manifest.Manifest | None
    source: str = ''

    def compute(self) -> changeset.Changes:
        return changeset.compute(
            self.plan,
            self.old,
            claims=self.claims,
            shared=self.shared,
            source=self.source,
        )


def prepare(
    selected: list[Selected], bundle: Bundle
) -> dict[str, Prepared | str]:
    """What `status` and `check` compare: each tool's plan and manifest,
    shared files and keys resolved as `sync` does (or the error)."""
    overlap.forget()
    plans: dict[str, Plan] = {}
    olds: dict[str, manifest.Manifest] = {}
    out: dict[str, Prepared | str] = {}
    for sel in selected:
        ctx = sel.ctx
        try:
            plan = sel.installer.plan(bundle, ctx)
            olds[sel.name] = manifest.load(
                ctx.project, sel.name, ctx.scope, plan.root, allowed_roots(sel)
            )
        except FatalError as e:
            out[sel.name] = str(e)
            continue
        plans[sel.name] = plan
    project = selected[0].ctx.project if selected else ''
    for name, head in committed.records(
        selected, plans, olds, bundle.root
    ).items():
        olds[name] = committed.merge(olds[name], head)
    try:
        res = resolve(plans, olds, project)
    except FatalError as e:
        return {**out, **{name: str(e) for name in plans}}
    for name in plans:
        out[name] = Prepared(
            res.plans[name],
            olds[name],
            res.claims,
            res.shared.get(name),
            bundle.root,
        )
    return out


def run(
    selected: list[Selected],
    load: Callable[[], Bundle] | None,
    opts: Options,
    jobs: int | None,
    emit: Callable[[R.Report], None],
    tick: Callable[[], None] | None = None,
) -> list[R.Report]:
    """Plan every tool from the bundle `load` reads (None: uninstall),
    let the bundle go, give each shared file one writer, then run the
    tools at once. `emit` each tool's report as it completes; `tick`
    while waiting. Both are called in this thread only."""
    overlap.forget()
    reports = []
    plans: dict[str, Plan] = {}
    olds: dict[str, manifest.Manifest] = {}
    todo: list[Selected] = []
    bundle = load() if load is not None else None
    for sel in selected:
        if sel.name in plans:
            continue
        planned = _skip(sel, opts) or _plan(sel, bundle)
        if isinstance(planned, R.Report):
            emit(planned)
            reports.append(planned)
            continue
        try:
            olds[sel.name] = manifest.load(
                sel.ctx.project,
                sel.name,
                sel.ctx.scope,
                planned.root,
                allowed_roots(sel),
            )
        except FatalError as e:
            rep = R.Report(
                sel.name,
                sel.installer.DISPLAY_NAME,
                sel.ctx.scope,
                R.FAILED,
                error=str(e),
            )
            emit(rep)
            reports.append(rep)
            continue
        plans[sel.name] = planned
        todo.append(sel)
    standins = (
        committed.records(todo, plans, olds, bundle.root)
        if bundle is not None
        else {}
    )
    for name, head in standins.items():
        olds[name] = committed.merge(olds[name], head)
    planner.forget()  # the plans hold what they share
    size = bundle.size if bundle is not None else 0
    del bundle  # and what they use of it: the rest is freed
    memory.give_back(size)
    project = selected[0].ctx.project if selected else ''
    res = resolve(plans, olds, project, opts.force)
    for rep in executor.run(
        lambda sel, cancel: work(
            sel,
            res.plans[sel.name],
            opts,
            cancel,
            res.claims,
            res.shared.get(sel.name),
            standins.get(sel.name),
        ),
        todo,
        jobs,
        tick,
    ):
        emit(rep)
        reports.append(rep)
    return reports
