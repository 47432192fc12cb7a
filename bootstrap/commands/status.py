"""`status`: per tool, detected? installed? up to date? drifted?"""

from __future__ import annotations

from typing import Any

from bootstrap import fs
from bootstrap import jsonc
from bootstrap import tomledit
from bootstrap.bundle import Bundle
from bootstrap.commands.sync import Prepared
from bootstrap.commands.sync import prepare
from bootstrap.errors import FatalError
from bootstrap.manifest import Manifest
from bootstrap.manifest import sha
from bootstrap.manifest import value_sha
from bootstrap.output import count
from bootstrap.paths import display
from bootstrap.selection import Selected


def drifted(m: Manifest) -> list[str]:
    """What we installed that was edited by hand since."""
    out = []
    for path, digest in sorted(m.files.items()):
        data = fs.read_bytes(path)
        if data is not None and sha(data) != digest:
            out.append(path)
    for path, record in sorted(m.configs.items()):
        data = fs.read_bytes(path)
        try:
            text = data.decode('utf-8-sig') if data else ''
            if not text:
                doc = None
            elif record.get('format') == 'toml':
                doc = tomledit.Document(text).root
            else:
                doc = jsonc.parse(text)
        except (jsonc.ParseError, UnicodeDecodeError):
            out.append(f'{path} (does not parse)')
            continue
        for keys, name, digest in record.get('entries', []):
            if name is None or doc is None:
                continue
            node: jsonc.Node | None = doc
            for k in [*keys, name]:
                node = node.get(k) if node and node.kind == 'object' else None
            if node is not None and value_sha(node.value) != digest:
                out.append(f'{path}: {"/".join([*keys, name])}')
    return out


def rows(selected: list[Selected], bundle: Bundle) -> list[dict[str, Any]]:
    prepared = prepare(selected, bundle)
    return [one(sel, prepared[sel.name]) for sel in selected]


def exit_code(rows: list[dict[str, Any]]) -> int:
    """1 when a tool could not be told (an `error:` line), else 0."""
    return 1 if any(r['error'] for r in rows) else 0


def one(sel: Selected, prepared: Prepared | str) -> dict[str, Any]:
    ctx = sel.ctx
    row: dict[str, Any] = {
        'tool': sel.name,
        'display_name': sel.installer.DISPLAY_NAME,
        'scope': ctx.scope,
        'detected': sel.installer.detect(ctx),
    }
    try:
        if isinstance(prepared, str):
            raise FatalError(prepared)
        old = prepared.old
        changes = prepared.compute()
    except FatalError as e:
        row.update(
            installed=None,
            up_to_date=False,
            drifted=[],
            pending=[],
            conflicts=[],
            error=str(e),
        )
        return row
    row.update(
        installed=not old.empty,
        # as check: a conflict is drift, our record alone is not
        up_to_date=not (changes.touched or changes.conflicts),
        drifted=drifted(old),
        pending=[display(c.path, ctx.home) for c in changes.changes],
        conflicts=list(changes.conflicts),
        error=None,
    )
    return row


def render(rows: list[dict[str, Any]], detect: bool = True) -> list[str]:
    """`detect`: does sync skip a tool that is not on this machine?"""

    def yn(v: Any) -> str:
        return '?' if v is None else ('yes' if v else 'no')

    header = (
        'tool',
        'detected',
        'scope',
        'installed',
        'up to date',
        'drifted',
        'conflicts',
    )
    table = [header] + [
        (
            r['tool'],
            yn(r['detected']),
            r['scope'],
            yn(r['installed']),
            yn(r['up_to_date']),
            str(len(r['drifted'])),
            str(len(r['conflicts'])),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    out = [
        '  '.join(
            c.ljust(w) for c, w in zip(row, widths, strict=True)
        ).rstrip()
        for row in table
    ]
    for r in rows:
        if r['error']:
            out.append(f'[{r["tool"]}] error: {r["error"]}')
        for p in r['drifted']:
            out.append(f'[{r["tool"]}] drifted: {p}')
        files = count(len(r['pending']), 'file')
        skipped = detect and r['detected'] is False and r['scope'] == 'user'
        if r['pending'] and skipped:
            out.append(
                f'[{r["tool"]}] not found on this machine, so '
                f'`bootstrap-tools sync` skips it; `bootstrap-tools sync '
                f'{r["tool"]}` installs it anyway ({files} would change)'
            )
        elif r['pending']:
            out.append(
                f'[{r["tool"]}] {files} would change -- run '
                f'`bootstrap-tools sync`'
            )
        if r['conflicts']:
            out.append(
                f'[{r["tool"]}] {count(len(r["conflicts"]), "conflict")} '
                f'left alone by sync -- `bootstrap-tools check` lists them'
            )
    return out
