"""`hook`: what the pre-commit hooks run.

Quiet when nothing changed; one line per tool that changed, failed or
has conflicts; a tool that is not on this machine is skipped silently.
At the commit stage, a change to files inside the repository (project
scope) exits 1, so that the commit stops and the files can be added;
the run after that finds nothing to do and exits 0.
"""

from __future__ import annotations

from collections.abc import Mapping

from bootstrap import report as R

MAX_PATHS = 4


def stage(env: Mapping[str, str]) -> str:
    """The git hook we run in, from what pre-commit exports to hooks."""
    if 'PRE_COMMIT_CHECKOUT_TYPE' in env:
        return 'post-checkout'
    if 'PRE_COMMIT_IS_SQUASH_MERGE' in env:
        return 'post-merge'
    if 'PRE_COMMIT_REWRITE_COMMAND' in env:
        return 'post-rewrite'
    return 'pre-commit'


def skip(env: Mapping[str, str]) -> bool:
    """`git checkout -- FILE` (checkout type 0) moves no branch."""
    return env.get('PRE_COMMIT_CHECKOUT_TYPE') == '0'


def _paths(rep: R.Report) -> str:
    changes = [line for line in rep.lines if not line.startswith(' ')]
    shown = ', '.join(changes[:MAX_PATHS])
    if len(changes) > MAX_PATHS:
        shown += f', and {len(changes) - MAX_PATHS} more'
    return shown


def line(rep: R.Report) -> str | None:
    """One line for a tool, or None when there is nothing to say."""
    head = f'[{rep.display}] {rep.scope}'
    if rep.status == R.OK:
        out = f'{head}: {_paths(rep)}'
    elif not rep.ok:
        out = f'{head}: {rep.status}: {rep.error or _paths(rep)}'
    elif rep.conflicts:
        out = head + ': up to date'
    else:
        return None
    if rep.conflicts:
        out += (
            f' ({len(rep.conflicts)} conflicts left alone -- '
            f'`bootstrap-tools check` lists them)'
        )
    return out + ''.join(f'\n  warning: {w}' for w in rep.warnings)


def repo_changed(reports: list[R.Report]) -> bool:
    return any(r.status == R.OK and r.scope == 'project' for r in reports)


def exit_code(reports: list[R.Report], env: Mapping[str, str]) -> int:
    if not all(r.ok for r in reports):
        return 1
    if stage(env) == 'pre-commit' and repo_changed(reports):
        return 1
    return 0
