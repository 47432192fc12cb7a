"""`check`: would `sync` change anything? Writes nothing, takes no lock.

Drift is a file or key to create, update or remove, or a conflict (a
file or key in the way that sync would leave alone). A change to our
own manifest alone is not drift: a fresh CI machine has no manifest.
"""

from __future__ import annotations

import difflib
import json
import threading
from typing import Any
from typing import NamedTuple

from bootstrap import changeset
from bootstrap import executor
from bootstrap import fs
from bootstrap import mask
from bootstrap.bundle import Bundle
from bootstrap.commands.sync import Prepared
from bootstrap.commands.sync import prepare
from bootstrap.errors import FatalError
from bootstrap.output import STATUS_STYLE
from bootstrap.output import count
from bootstrap.output import paint
from bootstrap.paths import display
from bootstrap.selection import Selected

UP_TO_DATE = 'up to date'
OUT_OF_DATE = 'out of date'
SKIPPED = 'skipped'
FAILED = 'failed'
REMOVALS = ('remove', 'rmdir')


class Item(NamedTuple):
    action: str  # create, update, merge, remove, rmdir
    path: str  # as shown: ~/x or project-relative
    ops: tuple[str, ...] = ()  # key by key, inside shared config files


class Result(NamedTuple):
    tool: str
    display: str
    scope: str
    status: str
    items: tuple[Item, ...] = ()
    conflicts: tuple[str, ...] = ()
    diff: tuple[str, ...] = ()  # unified diff lines, secrets masked
    error: str | None = None

    @property
    def drift(self) -> bool:
        return self.status in (OUT_OF_DATE, FAILED)


def _lines(data: bytes | None) -> list[str] | None:
    """The lines of a file, each with its line ending (none on a last
    line without one); None for a binary file."""
    if data is None:
        return []
    if b'\0' in data:
        return None
    lines = data.decode('utf-8', 'replace').split('\n')
    return [f'{line}\n' for line in lines[:-1]] + [lines[-1]] * bool(lines[-1])


def _bare(line: str) -> str:
    return line.removesuffix('\n').removesuffix('\r')


def _invisible(a: list[str], b: list[str], groups: Any) -> bool:
    """Do some lines differ only in what a terminal does not show (a
    CR before the line end, a BOM)?"""
    for group in groups:
        for tag, i1, i2, j1, j2 in group:
            if tag != 'equal' and {
                _bare(x).removeprefix('\ufeff') for x in a[i1:i2]
            } & {_bare(y).removeprefix('\ufeff') for y in b[j1:j2]}:
                return True
    return False


def _range(start: int, stop: int) -> str:
    """A hunk's line range, as `diff -u` writes it."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f'{start + 1 if length else start},{length}'


def diff(
    path: str,
    before: bytes | None,
    after: bytes | None,
    config: bool | None = None,
) -> list[str]:
    """A unified diff of one file, literal secrets masked (`config`:
    key/value lines; by default, by the file's name). Line endings and
    a BOM are shown (^M, <BOM>) when they are all that differs."""
    a, b = _lines(before), _lines(after)
    if a is None or b is None:
        return [f'Binary files a/{path} and b/{path} differ']
    if config is None:
        config = mask.is_config(path)
    groups = list(difflib.SequenceMatcher(None, a, b).get_grouped_opcodes())
    if not groups:
        return []
    shown = _invisible(a, b, groups)

    def side(lines: list[str]) -> list[str]:
        out = mask.mask_lines([_bare(x) for x in lines], config)
        if shown:
            out = [
                o + '^M' if x.removesuffix('\n').endswith('\r') else o
                for o, x in zip(out, lines, strict=True)
            ]
            if out and out[0].startswith('\ufeff'):
                out[0] = '<BOM>' + out[0][1:]
        return out

    ma, mb = side(a), side(b)
    out = [
        '--- /dev/null' if before is None else f'--- a/{path}',
        '+++ /dev/null' if after is None else f'+++ b/{path}',
    ]

    def emit(sign: str, raw: list[str], masked: list[str], i: int) -> None:
        out.append(f'{sign}{masked[i]}')
        if not raw[i].endswith('\n'):
            out.append('\\ No newline at end of file')

    for group in groups:
        first, last = group[0], group[-1]
        out.append(
            f'@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@'
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == 'equal':
                for i in range(i1, i2):
                    emit(' ', a, ma, i)
                continue
            for i in range(i1, i2):
                emit('-', a, ma, i)
            for j in range(j1, j2):
                emit('+', b, mb, j)
    return out


def _items(changes: changeset.Changes, show: Any) -> list[Item]:
    items = []
    for c in changes.changes:
        if c.after is None:
            action = 'remove'
        elif c.kind == 'config':
            action = 'merge'
        else:
            action = 'create' if c.before is None else 'update'
        items.append(Item(action, show(c.path), c.ops))
    items.extend(Item('rmdir', show(d)) for d in changes.rmdirs)
    return items


def _diffs(changes: changeset.Changes, show: Any) -> list[str]:
    out: list[str] = []
    changed = set()
    for c in changes.changes:
        changed.add(c.path)
        out.extend(diff(show(c.path), c.before, c.after))
    for f in changes.plan.files:  # in the way: what sync would want
        disk = fs.read_bytes(f.path)
        if f.path not in changed and disk is not None and disk != f.data:
            out.extend(diff(show(f.path), disk, f.data))
    out.extend(_key_diffs(changes, show))
    return out


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + '\n').encode()


def _key_diffs(changes: changeset.Changes, show: Any) -> list[str]:
    """A key in a config file that sync leaves alone although the bundle
    wants another value there: its value on disk against the bundle's."""
    ops = {c.path: c.ops for c in changes.changes}
    configs = {c.path: c for c in changes.plan.configs}
    docs: dict[str, Any] = {}
    out: list[str] = []
    for e in changes.plan.entries:
        where = '/'.join((*e.path, e.name or ''))
        if e.name is None or f'replace {where}' in ops.get(e.file, ()):
            continue
        if e.file not in docs:
            docs[e.file] = changeset.on_disk(configs[e.file])
        doc = docs[e.file]
        node = doc and doc.get((*e.path, e.name))
        if node is not None and node.value != e.value:
            label = f'{show(e.file)}: {where}'
            out.extend(diff(label, _json(node.value), _json(e.value), True))
    return out


def skipped(sel: Selected, detect: bool) -> bool:
    return (
        detect
        and not sel.explicit
        and sel.ctx.scope == 'user'
        and not sel.installer.detect(sel.ctx)
    )


def one(
    sel: Selected,
    prepared: Prepared | str,
    with_diff: bool,
) -> Result:
    ctx = sel.ctx
    name, shown = sel.name, sel.installer.DISPLAY_NAME

    def show(path: str) -> str:
        return display(path, ctx.home, ctx.project)

    try:
        if isinstance(prepared, str):
            raise FatalError(prepared)
        changes = prepared.compute()
    except FatalError as e:
        return Result(name, shown, ctx.scope, FAILED, error=str(e))
    items = _items(changes, show)
    status = OUT_OF_DATE if items or changes.conflicts else UP_TO_DATE
    return Result(
        name,
        shown,
        ctx.scope,
        status,
        tuple(items),
        changes.conflicts,
        tuple(_diffs(changes, show)) if with_diff else (),
    )


def run(
    selected: list[Selected],
    bundle: Bundle,
    detect: bool,
    with_diff: bool,
) -> list[Result]:
    todo = [s for s in selected if not skipped(s, detect)]
    results = [
        Result(s.name, s.installer.DISPLAY_NAME, s.ctx.scope, SKIPPED)
        for s in selected
        if s not in todo
    ]
    prepared = prepare(todo, bundle)

    def worker(sel: Selected, cancel: threading.Event) -> Result:
        return one(sel, prepared[sel.name], with_diff)

    results += executor.run(worker, todo)
    order = [s.name for s in selected]
    return sorted(results, key=lambda r: order.index(r.tool))


def render(results: list[Result], color: bool = False) -> list[str]:
    out = []
    for r in results:
        if r.status in (UP_TO_DATE, SKIPPED):
            continue
        status = paint(r.status, STATUS_STYLE.get(r.status), color)
        out.append(f'[{r.display}] {r.scope}: {status}')
        for item in r.items:
            out.append(f'  {item.action} {item.path}')
            out.extend(f'    {op}' for op in item.ops)
        out.extend(f'  conflict: {c}' for c in r.conflicts)
        if r.error:
            out.append(f'  {paint("error:", "red", color)} {r.error}')
        out.extend(r.diff)
    drifted = [r for r in results if r.drift]
    checked = [r for r in results if r.status != SKIPPED]
    skipped = [r.tool for r in results if r.status == SKIPPED]
    # sync passes over these too: say so, or a tool goes unchecked unseen
    aside = (
        f'{len(skipped)} skipped, not on this machine: '
        f'{", ".join(skipped)}; name a tool to check it anyway'
        if skipped
        else ''
    )
    if not drifted:
        line = f'{count(len(checked), "tool")} up to date'
        if aside:
            line = f'{line} ({aside})' if checked else aside
        out.append(f'bootstrap-tools: {line}')
        return out
    if aside:
        aside = f' ({aside})'
    # what makes each tool out of date says what to do about it
    remedies = []
    if any(r.items for r in drifted) or not any(
        r.conflicts or r.error for r in drifted
    ):
        remedies.append('run `bootstrap-tools sync`')
    if any(r.conflicts for r in drifted):
        remedies.append(
            'conflicts stay until you review them (`check --diff`) and '
            'run `sync --force`, or remove them'
        )
    if any(r.error for r in drifted):
        remedies.append('fix the errors above')
    out.append(
        f'check: {len(drifted)} of {len(checked)} tools out of date '
        f'({", ".join(r.tool for r in drifted)}){aside} -- '
        + '; '.join(remedies)
    )
    return out


def as_json(r: Result) -> dict[str, Any]:
    def item(i: Item) -> dict[str, Any]:
        return {'action': i.action, 'path': i.path, 'ops': list(i.ops)}

    return {
        'tool': r.tool,
        'display_name': r.display,
        'scope': r.scope,
        'status': r.status,
        'updates': [item(i) for i in r.items if i.action not in REMOVALS],
        'removals': [item(i) for i in r.items if i.action in REMOVALS],
        'conflicts': list(r.conflicts),
        'diff': '\n'.join(r.diff) + '\n' if r.diff else None,
        'error': r.error,
    }
