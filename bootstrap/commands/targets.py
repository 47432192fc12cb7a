"""`targets`: the registry, with this machine's directories."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping

from bootstrap import constants as C
from bootstrap.all_targets import registry
from bootstrap.all_targets import target_names
from bootstrap.all_targets import targets
from bootstrap.paths import display
from bootstrap.target_base import Context
from bootstrap.target_base import ToolInstaller


def rows(
    home: str,
    project: str,
    env: Mapping[str, str],
    custom: Iterable[ToolInstaller] = (),
) -> list[dict[str, object]]:
    """Every target (built-in, plugin, declared), with its folders."""
    out = []
    targets = registry(custom)
    for name in sorted(targets):
        t = targets[name]
        scopes = {}
        for scope in C.SCOPES:
            ctx = Context(home, project, scope, frozenset(C.KINDS), env)
            kinds = t.KINDS.get(scope, ())
            dirs = t.directories(ctx) if kinds else {}
            scopes[scope] = {
                'kinds': sorted(kinds),
                # only the folders of kinds it takes here ('mcp-vscode'
                # is one of the kind 'mcp')
                'directories': {
                    k: display(v, home)
                    for k, v in dirs.items()
                    if k == 'root' or k.split('-')[0] in kinds
                },
            }
        out.append(
            {
                'tool': name,
                'display_name': t.DISPLAY_NAME,
                'detected': t.detect(
                    Context(home, project, 'user', frozenset(), env)
                ),
                'scopes': scopes,
            }
        )
    return out


def render(data: list[dict[str, object]]) -> list[str]:
    out = []
    for row in data:
        det = 'detected' if row['detected'] else 'not detected'
        out.append(f'{row["tool"]} ({row["display_name"]}, {det})')
        scopes = row['scopes']
        assert isinstance(scopes, dict)
        for scope, info in scopes.items():
            kinds = ', '.join(info['kinds']) or '-'
            out.append(f'  {scope}: {kinds}')
            dirs = info['directories']
            width = max(map(len, dirs), default=0) + 1
            for kind, path in dirs.items():
                out.append(f'    {kind:<{width}}{path}')
    return out


def markdown() -> str:
    """The README's table: every tool and, per kind, the scopes it takes
    it in, from the registry."""
    out = [
        '| tool | name | ' + ' | '.join(C.KINDS) + ' |',
        '|---|---|' + '---|' * len(C.KINDS),
    ]
    for name in target_names:
        t = targets[name]
        cells = [
            ', '.join(s for s in C.SCOPES if k in t.KINDS.get(s, ())) or '-'
            for k in C.KINDS
        ]
        out.append(f'| `{name}` | {t.DISPLAY_NAME} | {" | ".join(cells)} |')
    return '\n'.join(out)
