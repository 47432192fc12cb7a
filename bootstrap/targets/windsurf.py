"""Windsurf: ~/.codeium/windsurf and <project>/.windsurf."""

from __future__ import annotations

import os
from typing import Any

from bootstrap import mcp
from bootstrap import render
from bootstrap.bundle import Bundle
from bootstrap.bundle import Doc
from bootstrap.planner import Builder
from bootstrap.planner import flat
from bootstrap.planner import join
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Context
from bootstrap.target_base import Limit
from bootstrap.target_base import Plan
from bootstrap.target_base import env_ref
from bootstrap.target_base import on_path

NAME = 'windsurf'
DISPLAY_NAME = 'Windsurf'
KINDS = {
    # no documented folder for global workflows; MCP is global only
    'user': frozenset(('rules', 'skills', 'mcp', 'hooks')),
    'project': frozenset(('rules', 'commands', 'skills', 'hooks')),
}
# (Claude Code event, tool) -> Windsurf's snake_case hook events
_TOOLS = {'Bash': 'run_command', 'Edit': 'write_code', 'Write': 'write_code'}
_TOOLS.update({'MultiEdit': 'write_code', 'Read': 'read_code'})
_PHASE = {'PreToolUse': 'pre', 'PostToolUse': 'post'}
_PLAIN = {
    'UserPromptSubmit': 'pre_user_prompt',
    'Stop': 'post_cascade_response',
}
# docs.windsurf.com/windsurf/cascade/memories: a rule file is cut at
# 12,000 characters; global rules at 6,000 (older text and 3P sources)
LIMITS = {
    ('user', 'rules'): Limit(
        6_000,
        'characters',
        'global rules',
        'shorten the rules, or install them with scope = "project" (a '
        'file per rule)',
    ),
    ('project', 'rules'): Limit(
        12_000, 'characters', 'a rule file', 'split or shorten those rules'
    ),
}


def directories(ctx: Context) -> dict[str, str]:
    if ctx.scope == 'project':
        root = os.path.join(ctx.project, '.windsurf')
        rules = os.path.join(root, 'rules')
    else:
        root = os.path.join(ctx.home, '.codeium', 'windsurf')
        rules = os.path.join(root, 'memories', 'global_rules.md')
    return {
        'root': root,
        'rules': rules,
        'commands': os.path.join(root, 'workflows'),
        'skills': os.path.join(root, 'skills'),
        'mcp': os.path.join(root, 'mcp_config.json'),
        'hooks': os.path.join(root, 'hooks.json'),
    }


def detect(ctx: Context) -> bool:
    return on_path('windsurf', ctx.env) or os.path.isdir(
        directories(ctx._replace(scope='user'))['root']
    )


def rule(doc: Doc) -> bytes:
    meta: dict[str, Any] = {}
    desc = doc.meta.get('description')
    if render.always(doc.meta):
        meta['trigger'] = 'always_on'
    else:
        meta['trigger'] = 'glob'
        meta['globs'] = ','.join(render.globs(doc.meta))
    if isinstance(desc, str):
        meta['description'] = desc
    return render.with_meta(doc.fm, meta)


def server(s: mcp.Server, notes: list[str]) -> dict[str, Any]:
    """`serverUrl` (not `url`) for remote servers, `${env:VAR}`."""
    s = mcp.translate(
        s, env_ref('${env:NAME}', DISPLAY_NAME, s.name, notes), notes
    )
    out: dict[str, Any]
    if s.transport == 'stdio':
        out = {'command': s.command, 'args': list(s.args)}
        if s.env:
            out['env'] = dict(s.env)
    else:
        out = {'serverUrl': s.url}
        if s.headers:
            out['headers'] = dict(s.headers)
    mcp.note_dropped(s, notes, 'Windsurf')
    return out


def hook_events(event: str, matcher: Any) -> list[str]:
    if event in _PLAIN:
        return [_PLAIN[event]]
    if event not in _PHASE or not isinstance(matcher, str):
        return []
    tools = {_TOOLS.get(t.strip()) for t in matcher.split('|')}
    return sorted(f'{_PHASE[event]}_{t}' for t in tools if t)


def plan(bundle: Bundle, ctx: Context) -> Plan:
    d = directories(ctx)
    b = Builder(NAME, DISPLAY_NAME, KINDS, ctx, LIMITS)
    if ctx.scope == 'user':
        b.instructions(bundle, d['rules'])
    else:
        b.rules(
            bundle, lambda doc: (join(d['rules'], doc.rel, '.md'), rule(doc))
        )
    b.commands(
        bundle,
        lambda doc: (
            os.path.join(d['commands'], flat(doc) + '.md'),
            doc.data,
        ),
    )
    b.skills(bundle, d['skills'])
    cfg = ConfigFile(d['mcp'])
    b.mcp_servers(bundle, cfg, ('mcpServers',), lambda s: server(s, b.notes))
    if b.wants('hooks'):
        hooks = ConfigFile(d['hooks'])
        for event, groups in bundle.hooks.items():
            for group in groups:
                targets = hook_events(event, group.get('matcher'))
                if not targets:
                    b.notes.append(f'hooks: {event} has no Windsurf event')
                for target in targets:
                    for h in group.get('hooks', []):
                        if h.get('type', 'command') == 'command':
                            value = {
                                'command': h['command'],
                                'show_output': True,
                            }
                            b.entry(hooks, ('hooks', target), None, value)
                            b.count('hooks', 1)
    return b.plan(d['root'])
