"""`targets`: the registry, with this machine's directories."""

from __future__ import annotations

import json
from collections.abc import Iterable
from collections.abc import Mapping

from bootstrap import constants as C
from bootstrap.all_targets import registry
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
            dirs = t.directories(ctx)
            scopes[scope] = {
                'kinds': sorted(t.KINDS.get(scope, ())),
                'directories': {k: display(v, home) for k, v in dirs.items()},
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


def render(data: list[dict[str, object]], as_json: bool) -> list[str]:
    if as_json:
        return [json.dumps({'version': 1, 'targets': data}, indent=2)]
    out = []
    for row in data:
        det = 'detected' if row['detected'] else 'not detected'
        out.append(f'{row["tool"]} ({row["display_name"]}, {det})')
        scopes = row['scopes']
        assert isinstance(scopes, dict)
        for scope, info in scopes.items():
            kinds = ', '.join(info['kinds']) or '-'
            out.append(f'  {scope}: {kinds}')
            for kind, path in info['directories'].items():
                out.append(f'    {kind:<9}{path}')
    return out
