"""Claude Code: ~/.claude (or $CLAUDE_CONFIG_DIR), ~/.claude.json."""

from __future__ import annotations

import os
from typing import Any

from bootstrap import mcp
from bootstrap import render
from bootstrap.bundle import Bundle
from bootstrap.bundle import agent_name
from bootstrap.bundle import agent_slug
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Context
from bootstrap.target_base import Entry
from bootstrap.target_base import FileOut
from bootstrap.target_base import Plan
from bootstrap.target_base import on_path
from bootstrap.target_base import unsupported

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
    dropped = [k for k, _ in s.extras if k not in ('description', 'disabled')]
    if s.cwd:
        dropped.append('cwd')
    if dropped:
        notes.append(
            f'mcp {s.name}: dropped {", ".join(dropped)} '
            f'(not a Claude Code server field)'
        )
    return out


def plan(bundle: Bundle, ctx: Context) -> Plan:
    d = directories(ctx)
    files: list[FileOut] = []
    entries: list[Entry] = []
    notes = unsupported(KINDS, ctx, DISPLAY_NAME)
    counts: dict[str, int] = {}
    if 'rules' in ctx.kinds:
        for doc in bundle.rules:
            meta = (
                {}
                if render.always(doc.meta)
                else {
                    'paths': render.globs(doc.meta),
                }
            )
            data = render.with_meta(doc.fm, meta) if meta else doc.fm.body
            files.append(
                FileOut(render.doc_path(d['rules'], doc, '.md'), data)
            )
        counts['rules'] = len(bundle.rules)
    if 'agents' in ctx.kinds:
        for doc in bundle.agents:
            name = agent_slug(agent_name(doc))
            files.append(
                FileOut(
                    render.doc_path(d['agents'], doc, '.md'),
                    render.fixed_name(doc.fm, name, doc.data),
                )
            )
        counts['agents'] = len(bundle.agents)
    if 'commands' in ctx.kinds:
        for doc in bundle.commands:
            files.append(
                FileOut(render.doc_path(d['commands'], doc, '.md'), doc.data)
            )
        counts['commands'] = len(bundle.commands)
    if 'skills' in ctx.kinds:
        for skill in bundle.skills:
            files.extend(render.skill_files(skill, d['skills']))
        counts['skills'] = len(bundle.skills)
    configs = []
    if 'mcp' in ctx.kinds and bundle.servers:
        configs.append(ConfigFile(d['mcp']))
        for s in bundle.servers:
            if dict(s.extras).get('disabled') is True:
                notes.append(f'mcp {s.name}: skipped (disabled)')
                continue
            entries.append(
                Entry(d['mcp'], ('mcpServers',), s.name, server(s, notes))
            )
        counts['mcp servers'] = len(entries)
    if 'hooks' in ctx.kinds and bundle.hooks:
        configs.append(ConfigFile(d['hooks']))
        n = 0
        for event, groups in bundle.hooks.items():
            for group in groups:
                entries.append(
                    Entry(d['hooks'], ('hooks', event), None, group)
                )
                n += 1
        counts['hooks'] = n
    return Plan(
        NAME,
        ctx.scope,
        d['root'],
        tuple(files),
        tuple(configs),
        tuple(entries),
        tuple(notes),
        tuple(counts.items()),
    )
