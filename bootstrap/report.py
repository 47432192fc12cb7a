"""What one tool's run did: built by its worker, printed by the main
thread."""

from __future__ import annotations

from typing import Any
from typing import NamedTuple

from bootstrap.output import STATUS_STYLE
from bootstrap.output import count
from bootstrap.output import paint

# statuses, in summary order
OK = 'changed'
UNCHANGED = 'unchanged'
WOULD = 'would change'
SKIPPED = 'skipped'
FAILED = 'failed'
CANCELLED = 'cancelled'


class Report(NamedTuple):
    tool: str
    display: str
    scope: str
    status: str
    lines: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    error: str | None = None
    counts: tuple[tuple[str, int], ...] = ()
    paths: tuple[str, ...] = ()  # what the fast path must watch
    warnings: tuple[str, ...] = ()  # shown without -v; not a failure

    @property
    def ok(self) -> bool:
        return self.status not in (FAILED, CANCELLED)


def block(
    report: Report, verbose: bool = False, color: bool = False
) -> list[str]:
    """The lines printed for one tool when it completes."""
    status = paint(report.status, STATUS_STYLE.get(report.status), color)
    head = f'[{report.display}] {report.scope}: {status}'
    if report.counts and report.status in (OK, UNCHANGED, WOULD):
        head += ' (' + ', '.join(f'{k}: {n}' for k, n in report.counts) + ')'
    out = [head]
    out.extend(f'  {line}' for line in report.lines)
    warning = paint('warning:', 'yellow', color)
    out.extend(f'  {warning} {c}' for c in report.conflicts)
    out.extend(f'  {warning} {w}' for w in report.warnings)
    if report.error:
        out.append(f'  {paint("error:", "red", color)} {report.error}')
    if verbose:
        out.extend(f'  note: {n}' for n in report.notes)
    elif report.notes:
        out.append(
            f'  {count(len(report.notes), "note")} on what '
            f'{report.display} cannot take (-v shows them)'
        )
    return out


def settled(reports: list[Report], removing: bool = False) -> str | None:
    """The one line for a run that changed nothing (the fast path prints
    it again next time), or None when something changed or failed.
    `removing`: an uninstall."""
    if not all(r.status in (UNCHANGED, SKIPPED) for r in reports):
        return None
    current = sum(r.status == UNCHANGED for r in reports)
    skipped = len(reports) - current
    conflicts = sum(len(r.conflicts) for r in reports)
    parts = []
    if removing:
        parts.append(f'nothing of ours to remove ({count(current, "tool")})')
    elif current or not skipped:
        parts.append(f'{count(current, "tool")} up to date')
    if skipped:
        parts.append(
            f'{skipped} skipped (not on this machine; name a tool to '
            f'install it anyway)'
        )
    line = 'bootstrap-tools: ' + ', '.join(parts)
    if conflicts and removing:
        line += f'; {count(conflicts, "file")} edited by hand left in place'
    elif conflicts:
        line += (
            f'; {count(conflicts, "conflict")} left alone (listed '
            f'above; `sync --force` overwrites, after a backup)'
        )
    return line


def summary(reports: list[Report]) -> str:
    parts = [f'{r.tool} {r.status}' for r in reports]
    failed = [r.tool for r in reports if not r.ok]
    line = 'summary: ' + ', '.join(parts)
    if failed:
        line += f' -- {len(failed)} of {len(reports)} failed: ' + ', '.join(
            failed,
        )
    return line


def as_json(r: Report) -> dict[str, Any]:
    """One tool in the `--json` document of sync, uninstall and hook."""
    return {
        'tool': r.tool,
        'display_name': r.display,
        'scope': r.scope,
        'status': r.status,
        'changes': list(r.lines),
        'conflicts': list(r.conflicts),
        'warnings': list(r.warnings),
        'notes': list(r.notes),
        'error': r.error,
        'counts': dict(r.counts),
    }
