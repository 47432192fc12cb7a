"""Claude Code: ~/.claude (or $CLAUDE_CONFIG_DIR), ~/.claude.json."""

from __future__ import annotations

import os
from typing import Any

from bootstrap import mcp
from bootstrap import render
from bootstrap.bundle import Bundle
from bootstrap.planner import Builder
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Context
from bootstrap.target_base import Plan
from bootstrap.target_base import on_path

NAME = 'claude-code'
DISPLAY_NAME = 'Claude Code'
_ALL = frozenset(('rules', 'agents', 'commands', 'skills', 'mcp', 'hooks'))
KINDS = {'user': _ALL, 'project': _ALL}


def directories(ctx: Context) -> dict[str, str]:
    if ctx.scope == 'project':
        root = os.path.join(ctx.project, '.claude')
        mcp_file = os.path.join(ctx.project, '.mcp.json')
    else:
        root = ctx.env.get('CLAUDE_CONFIG_DIR') or os.path.join(
            ctx.home,
            '.claude',
        )
        mcp_file = os.path.join(ctx.home, '.claude.json')
    return {
        'root': root,
        'rules': os.path.join(root, 'rules'),
        'agents': os.path.join(root, 'agents'),
        'commands': os.path.join(root, 'commands'),
        'skills': os.path.join(root, 'skills'),
        'mcp': mcp_file,
        'hooks': os.path.join(root, 'settings.json'),
    }


def detect(ctx: Context) -> bool:
    d = directories(ctx._replace(scope='user'))
    return (
        on_path('claude', ctx.env)
        or os.path.isdir(d['root'])
        or os.path.exists(d['mcp'])
    )


def server(s: mcp.Server, notes: list[str]) -> dict[str, Any]:
    s = mcp.translate(
        s,
        lambda name, default: (
            f'${{{name}}}' if default is None else f'${{{name}:-{default}}}'
        ),
        notes,
        workspace='${PWD:-.}',
    )
    if s.transport == 'stdio':
        out: dict[str, Any] = {
            'type': 'stdio',
            'command': s.command,
            'args': list(s.args),
        }
        if s.env:
            out['env'] = dict(s.env)
    else:
        out = {'type': s.transport, 'url': s.url}
        if s.headers:
            out['headers'] = dict(s.headers)
    mcp.note_dropped(s, notes, 'Claude Code')
    return out


def plan(bundle: Bundle, ctx: Context) -> Plan:
    d = directories(ctx)
    b = Builder(NAME, DISPLAY_NAME, KINDS, ctx)
    b.rules(
        bundle,
        lambda doc: (
            render.doc_path(d['rules'], doc, '.md'),
            render.paths_rule(doc),
        ),
    )
    b.agents(
        bundle,
        lambda doc, name: (
            render.doc_path(d['agents'], doc, '.md'),
            render.fixed_name(doc.fm, name, doc.data),
        ),
    )
    b.commands(
        bundle,
        lambda doc: (
            render.doc_path(d['commands'], doc, '.md'),
            doc.data,
        ),
    )
    b.skills(bundle, d['skills'])
    servers = ConfigFile(d['mcp'])
    b.mcp_servers(
        bundle, servers, ('mcpServers',), lambda s: server(s, b.notes)
    )
    if b.wants('hooks'):
        settings = ConfigFile(d['hooks'])
        for event, groups in bundle.hooks.items():
            for group in groups:
                b.entry(settings, ('hooks', event), None, group)
                b.count('hooks', 1)
    return b.plan(d['root'])
