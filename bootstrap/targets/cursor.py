"""Cursor: ~/.cursor and <project>/.cursor."""

from __future__ import annotations

import os
from typing import Any

from bootstrap import mcp
from bootstrap import render
from bootstrap.bundle import Bundle
from bootstrap.planner import Builder
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Context
from bootstrap.target_base import Entry
from bootstrap.target_base import Plan
from bootstrap.target_base import on_path

NAME = 'cursor'
DISPLAY_NAME = 'Cursor'
KINDS = {
    # user rules live in Cursor's settings UI, not in a file
    'user': frozenset(('agents', 'commands', 'skills', 'mcp', 'hooks')),
    'project': frozenset(
        ('rules', 'agents', 'commands', 'skills', 'mcp', 'hooks')
    ),
}
# Claude Code hook events -> Cursor's (matcher 'Bash' -> shell events)
EVENTS = {
    'SessionStart': 'sessionStart',
    'SessionEnd': 'sessionEnd',
    'UserPromptSubmit': 'beforeSubmitPrompt',
    'PreToolUse': 'preToolUse',
    'PostToolUse': 'postToolUse',
    'PreCompact': 'preCompact',
    'Stop': 'stop',
    'SubagentStart': 'subagentStart',
}
SHELL_EVENTS = {
    'PreToolUse': 'beforeShellExecution',
    'PostToolUse': 'afterShellExecution',
}


def directories(ctx: Context) -> dict[str, str]:
    base = ctx.project if ctx.scope == 'project' else ctx.home
    root = os.path.join(base, '.cursor')
    return {
        'root': root,
        'rules': os.path.join(root, 'rules'),
        'agents': os.path.join(root, 'agents'),
        'commands': os.path.join(root, 'commands'),
        'skills': os.path.join(root, 'skills'),
        'mcp': os.path.join(root, 'mcp.json'),
        'hooks': os.path.join(root, 'hooks.json'),
    }


def detect(ctx: Context) -> bool:
    return on_path('cursor', ctx.env) or os.path.isdir(
        os.path.join(ctx.home, '.cursor'),
    )


def rule(meta: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(meta.get('description'), str):
        out['description'] = meta['description']
    if render.always(meta):
        out['alwaysApply'] = True
    else:
        out['globs'] = ','.join(render.globs(meta))
        out['alwaysApply'] = False
    return out


def agent(meta: dict[str, Any], name: str, fm_desc: str) -> dict[str, Any]:
    out: dict[str, Any] = {'name': name, 'description': fm_desc}
    if meta.get('model') == 'inherit':
        out['model'] = 'inherit'
    for key in ('readonly', 'is_background'):
        if isinstance(meta.get(key), bool):
            out[key] = meta[key]
    return out


def server(s: mcp.Server, notes: list[str]) -> dict[str, Any]:
    def ref(name: str, default: str | None) -> str:
        if default is not None:
            notes.append(
                f'mcp {s.name}: default for ${{{name}}} dropped '
                f'(Cursor has no defaults)'
            )
        return f'${{env:{name}}}'

    s = mcp.translate(s, ref, notes)
    if s.transport == 'stdio':
        out: dict[str, Any] = {'command': s.command, 'args': list(s.args)}
        if s.env:
            out['env'] = dict(s.env)
    else:
        out = {'url': s.url}
        if s.headers:
            out['headers'] = dict(s.headers)
    mcp.note_dropped(s, notes, 'Cursor')
    return out


def hook_entries(
    hooks: dict[str, Any],
    file: str,
    notes: list[str],
) -> list[Entry]:
    entries = []
    for event, groups in hooks.items():
        for group in groups:
            matcher = group.get('matcher')
            target = EVENTS.get(event)
            if matcher == 'Bash' and event in SHELL_EVENTS:
                target, matcher = SHELL_EVENTS[event], None
            if target is None:
                notes.append(f'hooks: {event} has no Cursor event; skipped')
                continue
            for handler in group.get('hooks', []):
                if handler.get('type', 'command') != 'command':
                    notes.append(
                        f'hooks: {event} {handler.get("type")} '
                        f'handler skipped (Cursor runs commands)'
                    )
                    continue
                value: dict[str, Any] = {'command': handler['command']}
                if matcher and matcher != '*':
                    value['matcher'] = matcher
                entries.append(Entry(file, ('hooks', target), None, value))
    return entries


def plan(bundle: Bundle, ctx: Context) -> Plan:
    d = directories(ctx)
    b = Builder(NAME, DISPLAY_NAME, KINDS, ctx)
    b.rules(
        bundle,
        lambda doc: (
            render.doc_path(d['rules'], doc, '.mdc'),
            render.with_meta(doc.fm, rule(doc.meta)),
        ),
    )
    b.agents(
        bundle,
        lambda doc, name: (
            os.path.join(d['agents'], f'{name}.md'),
            render.with_meta(
                doc.fm,
                agent(doc.meta, name, render.description(doc.fm, name)),
            ),
        ),
    )
    b.commands(
        bundle,  # plain Markdown: the body
        lambda doc: (
            render.doc_path(d['commands'], doc, '.md'),
            doc.fm.body,
        ),
    )
    b.skills(bundle, d['skills'])
    servers = ConfigFile(d['mcp'])
    b.mcp_servers(
        bundle, servers, ('mcpServers',), lambda s: server(s, b.notes)
    )
    if b.wants('hooks'):
        hooks = ConfigFile(d['hooks'], skeleton=(('version', 1),))
        for e in hook_entries(bundle.hooks, d['hooks'], b.notes):
            b.entry(hooks, e.path, None, e.value)
            b.count('hooks', 1)
    return b.plan(d['root'])
