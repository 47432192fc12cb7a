"""Qwen Code (a Gemini CLI fork): ~/.qwen (or $QWEN_HOME),
<project>/.qwen."""

from __future__ import annotations

import os

from bootstrap import render
from bootstrap.bundle import Bundle
from bootstrap.planner import Builder
from bootstrap.planner import join
from bootstrap.target_base import ConfigFile
from bootstrap.target_base import Context
from bootstrap.target_base import Plan
from bootstrap.target_base import on_path
from bootstrap.targets import gemini_cli

NAME = 'qwen-code'
DISPLAY_NAME = 'Qwen Code'
_ALL = frozenset(('rules', 'agents', 'commands', 'skills', 'mcp', 'hooks'))
KINDS = {'user': _ALL, 'project': _ALL}
# Qwen keeps Claude Code's hook events (and tool matchers)
EVENTS = {
    e: e
    for e in (
        'PreToolUse',
        'PostToolUse',
        'Stop',
        'SubagentStop',
        'UserPromptSubmit',
        'SessionStart',
        'SessionEnd',
        'Notification',
        'PreCompact',
    )
}


def qwen_home(ctx: Context) -> str:
    """$QWEN_HOME as Qwen reads it: `~` and `~/x` expand."""
    value = ctx.env.get('QWEN_HOME')
    if not value:
        return os.path.join(ctx.home, '.qwen')
    if value == '~':
        return ctx.home
    if value.startswith(('~/', '~\\')):
        return os.path.join(ctx.home, value[2:])
    return os.path.abspath(value)


def directories(ctx: Context) -> dict[str, str]:
    if ctx.scope == 'project':
        root = os.path.join(ctx.project, '.qwen')
    else:
        root = qwen_home(ctx)
    return {
        'root': root,
        'rules': os.path.join(root, 'rules'),
        'agents': os.path.join(root, 'agents'),
        'commands': os.path.join(root, 'commands'),
        'skills': os.path.join(root, 'skills'),
        'mcp': os.path.join(root, 'settings.json'),
        'hooks': os.path.join(root, 'settings.json'),
    }


def detect(ctx: Context) -> bool:
    return on_path('qwen', ctx.env) or os.path.isdir(
        directories(ctx._replace(scope='user'))['root']
    )


def plan(bundle: Bundle, ctx: Context) -> Plan:
    d = directories(ctx)
    b = Builder(NAME, DISPLAY_NAME, KINDS, ctx)
    b.rules(  # `paths:` globs, as Claude Code's
        bundle,
        lambda doc: (join(d['rules'], doc.rel, '.md'), render.paths_rule(doc)),
    )
    gemini_cli.agents_and_commands(b, bundle, d)
    b.skills(bundle, d['skills'])
    settings = ConfigFile(d['mcp'], 'jsonc')
    for s in b.servers(bundle):
        value = gemini_cli.server(s, b.notes, DISPLAY_NAME)
        value.pop('authProviderType', None)
        b.entry(settings, ('mcpServers',), s.name, value)
        b.count('mcp servers', 1)
    if b.wants('hooks'):
        groups = gemini_cli.hook_groups(bundle.hooks, b.notes, EVENTS, {})
        for event, group in groups:
            b.entry(settings, ('hooks', event), None, group)
            b.count('hooks', 1)
    return b.plan(d['root'])
