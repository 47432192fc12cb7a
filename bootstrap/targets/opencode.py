"""OpenCode: $XDG_CONFIG_HOME/opencode or ~/.config/opencode on every OS;
<project>/.opencode and <project>/opencode.json."""

from __future__ import annotations

import os
from typing import Any

from bootstrap import mcp
from bootstrap import render
from bootstrap.bundle import Bundle
from bootstrap.bundle import Doc
from bootstrap.planner import Builder
from bootstrap.planner import flat
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Context
from bootstrap.target_base import Plan
from bootstrap.target_base import env_ref
from bootstrap.target_base import on_path

NAME = 'opencode'
DISPLAY_NAME = 'OpenCode'
# hooks are JavaScript plugins in OpenCode, not data
_KINDS = frozenset(('rules', 'agents', 'commands', 'skills', 'mcp'))
KINDS = {'user': _KINDS, 'project': _KINDS}
SCHEMA = 'https://opencode.ai/config.json'


def _config_file(directory: str) -> str:
    jsonc = os.path.join(directory, 'opencode.jsonc')
    return jsonc if os.path.isfile(jsonc) else jsonc[:-1]


def directories(ctx: Context) -> dict[str, str]:
    if ctx.scope == 'project':
        root = os.path.join(ctx.project, '.opencode')
        rules = os.path.join(ctx.project, 'AGENTS.md')
        config = _config_file(ctx.project)
    else:
        xdg = ctx.env.get('XDG_CONFIG_HOME') or os.path.join(
            ctx.home, '.config'
        )
        root = os.path.join(xdg, 'opencode')
        rules = os.path.join(root, 'AGENTS.md')
        config = _config_file(root)
    return {
        'root': root,
        'rules': rules,
        'agents': os.path.join(root, 'agents'),
        'commands': os.path.join(root, 'commands'),
        'skills': os.path.join(root, 'skills'),
        'mcp': config,
    }


def detect(ctx: Context) -> bool:
    return on_path('opencode', ctx.env) or os.path.isdir(
        directories(ctx._replace(scope='user'))['root']
    )


def command(doc: Doc) -> bytes:
    meta = {
        k: doc.meta[k]
        for k in ('description', 'agent', 'subtask')
        if isinstance(doc.meta.get(k), (str, bool))
    }
    return render.with_meta(doc.fm, meta) if meta else doc.fm.body


def server(s: mcp.Server, notes: list[str]) -> dict[str, Any]:
    """`mcp` entry: `type` local/remote, `command` one array,
    `environment`, `{env:VAR}`."""
    s = mcp.translate(
        s,
        env_ref('{env:NAME}', DISPLAY_NAME, s.name, notes),
        notes,
        workspace='.',
    )
    out: dict[str, Any]
    if s.transport == 'stdio':
        out = {'type': 'local', 'command': [s.command, *s.args]}
        if s.env:
            out['environment'] = dict(s.env)
        if s.cwd:
            notes.append(f'mcp {s.name}: dropped cwd (not in OpenCode)')
    else:
        out = {'type': 'remote', 'url': s.url}
        if s.headers:
            out['headers'] = dict(s.headers)
    out['enabled'] = True
    extras = dict(s.extras)
    timeout = extras.pop('timeout', None)
    if isinstance(timeout, int) and timeout > 0:
        out['timeout'] = timeout
    mcp.note_dropped(
        s,
        notes,
        'OpenCode',
        [k for k in extras if k not in ('description', 'disabled')],
    )
    return out


def plan(bundle: Bundle, ctx: Context) -> Plan:
    d = directories(ctx)
    b = Builder(NAME, DISPLAY_NAME, KINDS, ctx)
    b.instructions(bundle, d['rules'])
    b.agents(
        bundle,
        lambda doc, name: (
            os.path.join(d['agents'], f'{name}.md'),
            render.agent_meta(doc, name, named=False, mode='subagent'),
        ),
    )
    b.commands(
        bundle,
        lambda doc: (
            os.path.join(d['commands'], flat(doc) + '.md'),
            command(doc),
        ),
    )
    b.skills(bundle, d['skills'])
    cfg = ConfigFile(d['mcp'], 'jsonc', (('$schema', SCHEMA),))
    b.mcp_servers(bundle, cfg, ('mcp',), lambda s: server(s, b.notes))
    return b.plan(d['root'])
